// Compiles the CLI (src/cli/main.ts) and the import's worker thread (src/import/store/import-worker.ts)
// to dist/ with esbuild, when any source file is newer than the last compile. One bundle per
// entry, sharing chunks (commands stay loaded on demand), with the pure-JavaScript packages every
// command loads (kysely, zod, commander, papaparse, iconv-lite) inside it; native and file-reading
// packages stay in node_modules. The CLI then runs plain JavaScript from a few files, which starts
// several times faster and smaller than under tsx (figures: docs/performance.md).
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  mkdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** The layout of dist/ this script writes: part of the stamp, so a changed script compiles again. */
const LAYOUT = 'bundle-2';

/** The entry points under src/: the CLI, and the worker threads of the import and of the web app's pool (started by path). */
const ENTRIES = ['cli/main', 'import/store/import-worker', 'offload/heavy-worker'];

/** Pure-JavaScript packages bundled in; every other dependency stays an import of node_modules. */
const BUNDLED = new Set(['kysely', 'zod', 'commander', 'papaparse', 'iconv-lite']);

/** `require` for the CommonJS packages inside an ES module bundle. */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

function externalPackages(root) {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.has(name));
  } catch {
    return [];
  }
}

/**
 * Chunks of earlier compiles (their names hold a content hash), once they are an hour old: a
 * command started before a recompile may still load its chunks on demand meanwhile.
 */
function removeStaleChunks(distDir, current) {
  for (const name of readdirSync(distDir)) {
    const path = join(distDir, name);
    if (!/^chunk-.*\.js$/.test(name) || current.has(path)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > 3600_000) unlinkSync(path);
    } catch {
      /* removed by another process meanwhile */
    }
  }
}

/** What the sources are now: the newest mtime and the number of files (a deleted file changes it too). */
function sourceStamp(srcDir) {
  let newest = 0;
  let count = 0;
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const mtime = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
    if (mtime > newest) newest = mtime;
    count++;
  }
  return `${LAYOUT}:${newest}:${count}`;
}

/** Writes a file atomically (temporary name, then rename), so a process reading it meanwhile never sees half of it. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * The compiled entry point for `entry` (a path under src/, e.g. "cli/main"),
 * compiling first when dist/ is missing or older than src/. Returns null when
 * it cannot compile (esbuild missing, read-only folder): the caller runs the
 * sources through tsx instead.
 */
export async function compiledEntry(root, entry) {
  const srcDir = join(root, 'src');
  const distDir = join(root, 'dist');
  const marker = join(distDir, '.stamp');
  try {
    const stamp = sourceStamp(srcDir);
    let built = '';
    try {
      built = readFileSync(marker, 'utf8');
    } catch {
      /* never compiled */
    }
    if (built !== stamp) {
      const { build } = await import('esbuild');
      const entryPoints = ENTRIES.map((e) => join(srcDir, `${e}.ts`)).filter((f) => existsSync(f));
      const result = await build({
        entryPoints,
        outdir: distDir,
        outbase: srcDir,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external: externalPackages(root),
        banner: { js: REQUIRE_SHIM },
        write: false,
        logLevel: 'silent',
      });
      for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
      writeAtomically(marker, stamp);
      removeStaleChunks(distDir, new Set(result.outputFiles.map((f) => f.path)));
    }
    return join(distDir, `${entry}.js`);
  } catch {
    return null;
  }
}
