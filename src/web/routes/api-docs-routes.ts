import type { Router } from 'express';
import { strictRouter } from '../strict-router.js';
import { API_TEXT_NL } from '../openapi/api-reference-nl.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { pageLocals } from '../page-locals.js';

interface Operation {
  readonly summary?: string;
  readonly parameters?: readonly { name: string; in: string; required?: boolean; description?: string }[];
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
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: say(op.summary ?? ''),
        parameters: (op.parameters ?? []).map((p) => ({
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
