import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module holding package.json.
 * Found, not assumed one level up, so it holds wherever the code runs from:
 * src/ under tsx and vitest, or a bundle in dist/ (the CLI, bin/compile.js).
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..');
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const paths = {
  defaultInstrument: join(PROJECT_ROOT, 'instruments', 'eurocities-ai-2026.json'),
  cityRegistry: join(PROJECT_ROOT, 'fixtures', 'cities.json'),
  commonPasswords: join(PROJECT_ROOT, 'fixtures', 'common-passwords.txt'),
  views: join(PROJECT_ROOT, 'views'),
  public: join(PROJECT_ROOT, 'public'),
} as const;
