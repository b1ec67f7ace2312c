import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher helper, no type declarations
import { compiledEntry } from '../../bin/compile.js';

const root = mkdtempSync(join(tmpdir(), 'compile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bin/compile.js (the CLI runs src/ compiled to dist/)', () => {
  it('bundles the CLI with its pure-JavaScript packages and leaves the others to node_modules', async () => {
    const app = mkdtempSync(join(tmpdir(), 'compile-bundle-'));
    try {
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ dependencies: { commander: '*', 'better-sqlite3': '*' } }),
      );
      mkdirSync(join(app, 'src', 'cli'), { recursive: true });
      mkdirSync(join(app, 'src', 'import', 'store'), { recursive: true });
      writeFileSync(join(app, 'src', 'cli', 'helper.ts'), 'export const twice = (n: number): number => n * 2;\n');
      writeFileSync(
        join(app, 'src', 'cli', 'main.ts'),
        "import { twice } from './helper.js';\nexport const four = twice(2);\nexport const load = () => import('better-sqlite3');\n",
      );
      writeFileSync(
        join(app, 'src', 'import', 'store', 'import-worker.ts'),
        "import { twice } from '../../cli/helper.js';\nexport const six = twice(3);\n",
      );
      const entry = (await compiledEntry(app, 'cli/main')) as string;
      const text = readFileSync(entry, 'utf8');
      expect(text).not.toContain("from './helper.js'"); // bundled in
      expect(text).toContain('better-sqlite3'); // left as an import of node_modules
      expect(readFileSync(join(app, 'dist', 'import', 'store', 'import-worker.js'), 'utf8')).not.toContain(': number');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('compiles on first use, keeps the result while src/ is unchanged, and compiles again when a source changes', async () => {
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const answer: number = 41;\n');
    const entry = (await compiledEntry(root, 'cli/main')) as string;
    expect(entry).toBe(join(root, 'dist', 'cli', 'main.js'));
    expect(readFileSync(entry, 'utf8')).toContain('answer = 41');
    expect(readFileSync(entry, 'utf8')).not.toContain(': number'); // types stripped

    // Unchanged sources: the compiled file is kept as it is (marked, to see it is not rewritten).
    writeFileSync(entry, 'export const answer = "kept";\n');
    await compiledEntry(root, 'cli/main');
    expect(readFileSync(entry, 'utf8')).toContain('"kept"');

    // A newer source: compiled again.
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const answer: number = 42;\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'src', 'cli', 'main.ts'), later, later);
    await compiledEntry(root, 'cli/main');
    expect(readFileSync(entry, 'utf8')).toContain('answer = 42');

    // A new source file changes the file count, even with an old mtime: compiled too (bundled into the entry).
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), 'export const extra: number = 7;\n');
    utimesSync(join(root, 'src', 'cli', 'extra.ts'), new Date(0), new Date(0));
    writeFileSync(entry, 'export const answer = "stale";\n');
    await compiledEntry(root, 'cli/main');
    expect(readFileSync(entry, 'utf8')).toContain('answer = 42');
  });
});
