import { z } from 'zod';
import { MAX_DRAWS, type IndexUncertaintyOptions } from '../../domain/index-uncertainty.js';
import { HttpError } from '../http-error.js';

const schema = z.object({
  rankStability: z.enum(['1', 'true', '0', 'false']).optional(),
  draws: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_DRAWS, {
      message: `at most ${MAX_DRAWS.toLocaleString('en')} draws per request (the default is 1,000); ask for fewer`,
    })
    .optional(),
  seed: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31)
    .optional(),
  aggregation: z.enum(['arithmetic', 'geometric']).optional(),
});

/** `?rankStability=1[&draws=1000&seed=1&aggregation=geometric]` on /api/v1/scores; undefined when not asked for. */
export function rankStabilityOf(query: unknown): IndexUncertaintyOptions | undefined {
  const raw = Object.fromEntries(
    Object.entries(query as Record<string, unknown>).filter(
      ([k, v]) => ['rankStability', 'draws', 'seed', 'aggregation'].includes(k) && typeof v === 'string' && v !== '',
    ),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError('query-invalid', `Query parameter "${String(issue.path[0])}": ${issue.message}.`);
  }
  const { rankStability, draws, seed, aggregation } = parsed.data;
  if (rankStability !== '1' && rankStability !== 'true') return undefined;
  return {
    ...(draws !== undefined ? { draws } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(aggregation !== undefined ? { aggregation } : {}),
  };
}
