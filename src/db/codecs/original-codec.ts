import {
  brotliDecompressSync,
  constants,
  createBrotliCompress,
  gunzipSync,
  type BrotliCompress,
  type BrotliOptions,
} from 'node:zlib';

/**
 * How an import keeps its original file (`imports.content_encoding`): the
 * compressed stream in `imports.content`, then `import_content_parts` in
 * part order. Imports stored before migration 0012 are 'gzip'; new ones 'br'.
 */
export type OriginalEncoding = 'gzip' | 'br';

export const ORIGINAL_ENCODING: OriginalEncoding = 'br';

/**
 * The compressor of new imports: Brotli at quality 0 with a 256 KiB window:
 * a third of gzip's CPU for the same size on the benchmark file; higher
 * qualities and wider windows cost more for no smaller file (figures:
 * docs/performance.md).
 */
export function createOriginalCompressor(): BrotliCompress {
  return createBrotliCompress({
    // An input buffer of 1 MiB: the reader waits for the compressor only when it falls that far behind, not after every chunk.
    writableHighWaterMark: 1 << 20,
    chunkSize: 256 << 10,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 0,
      [constants.BROTLI_PARAM_LGWIN]: 18,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  } as BrotliOptions);
}

/** The original bytes back from what was stored. */
export function decompressOriginal(encoding: string, stored: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(stored);
  if (encoding === 'gzip') return gunzipSync(stored);
  throw new Error(`Unknown encoding of a kept original file: ${encoding}.`);
}
