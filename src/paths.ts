import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project root, resolved from this file (works under tsx and vitest alike). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const paths = {
  defaultInstrument: join(PROJECT_ROOT, 'instruments', 'eurocities-ai-2026.json'),
  cityRegistry: join(PROJECT_ROOT, 'fixtures', 'cities.json'),
  views: join(PROJECT_ROOT, 'views'),
  public: join(PROJECT_ROOT, 'public'),
} as const;
