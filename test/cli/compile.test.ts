import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher helper, no type declarations
import { compiledEntry } from '../../bin/compile.js';

const root = mkdtempSync(join(tmpdir(), 'compile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bin/compile.js (the CLI runs src/ compiled to dist/)', () => {
  it('compiles on first use, keeps the result while src/ is unchanged, and compiles again when a source changes', async () => {
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), "export const answer: number = 41;\n");
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

    // A new source file changes the file count: compiled too.
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), 'export const extra = 1;\n');
    utimesSync(join(root, 'src', 'cli', 'extra.ts'), new Date(0), new Date(0));
    await compiledEntry(root, 'cli/main');
    expect(readFileSync(join(root, 'dist', 'cli', 'extra.js'), 'utf8')).toContain('extra = 1');
  });
});
