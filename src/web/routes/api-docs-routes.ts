import type { Router } from 'express';
import { strictRouter } from '../strict-router.js';
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
    const paths = doc().paths as Record<string, Record<string, Operation>>;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: op.summary ?? '',
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          description: p.description ?? '',
        })),
      })),
    );
    res.render('api-reference', { ...pageLocals(req, res), title: 'API', operations });
  });
  return router;
}
