import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from '../../http-error.js';
import { readQuery, type CommonQuery } from '../../query-params.js';

const pageSchema = z.object({
  segment: z.string().max(200).optional(),
  cities: z.string().max(2000).optional(),
});

export type PageQuery = CommonQuery & z.infer<typeof pageSchema>;

/** The shared query parameters plus the dashboards' own (`segment=role:it`, `cities=Gent,Antwerpen`). */
export function readPageQuery(req: Request): PageQuery {
  const common = readQuery(req);
  const parsed = pageSchema.safeParse(
    Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'query-invalid', `Query parameter "${String(issue.path[0])}": ${issue.message}.`);
  }
  return { ...common, ...parsed.data };
}
