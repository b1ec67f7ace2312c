import type { Router } from 'express';
import { strictRouter } from '../strict-router.js';
import { API_TEXT_NL } from '../openapi/api-reference-nl.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { pageLocals } from '../page-locals.js';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
}
interface BodySchema {
  readonly $ref?: string;
  readonly properties?: Record<string, { readonly description?: string }>;
  readonly required?: readonly string[];
}
interface Operation {
  readonly summary?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: BodySchema }> };
}

/** The fields of an operation's request body (a JSON object, or a form with a file) as parameters "in body" or "in form". */
function bodyFields(op: Operation, schemas: Record<string, BodySchema>): Parameter[] {
  return Object.entries(op.requestBody?.content ?? {}).flatMap(([type, { schema }]) => {
    const found = schema.$ref ? schemas[schema.$ref.split('/').pop()!] : schema;
    const where = type === 'multipart/form-data' ? 'form' : 'body';
    return Object.entries(found?.properties ?? {}).map(([name, field]) => ({
      name,
      in: where,
      required: found?.required?.includes(name) ?? false,
      ...(field.description ? { description: field.description } : {}),
    }));
  });
}

/** GET /api/v1/openapi.json (the OpenAPI 3.1 description) and GET /api-reference (a reference page for people). */
export function apiDocsRoutes(): Router {
  const router = strictRouter();
  let document: Record<string, unknown> | undefined;
  const doc = () => (document ??= openApiDocument());

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(doc());
  });

  router.get('/api-reference', (req, res) => {
    const locals = pageLocals(req, res);
    const say = (text: string) => (locals.lang === 'nl' ? (API_TEXT_NL[text] ?? text) : text);
    const paths = doc().paths as Record<string, Record<string, Operation>>;
    const schemas = (doc().components as { schemas?: Record<string, BodySchema> } | undefined)?.schemas ?? {};
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: say(op.summary ?? ''),
        parameters: [...(op.parameters ?? []), ...bodyFields(op, schemas)].map((p) => ({
          name: p.name,
          in: say(p.in),
          required: p.required === true,
          description: say(p.description ?? ''),
        })),
      })),
    );
    res.render('api-reference', { ...locals, title: locals.t('apiReference'), operations });
  });
  return router;
}
