import { createReadStream, statSync } from 'node:fs';
import { DomainError } from '../domain/domain-error.js';

/**
 * Where the bytes of a survey file come from. `open()` may be called more
 * than once (a file that turns out not to be UTF-8 is read again as
 * windows-1252), and each call streams the file from its start, so the
 * importer never needs the whole file in memory.
 */
export interface ByteSource {
  /** Size in bytes when known (for progress). */
  readonly size: number | null;
  open(): AsyncIterable<Uint8Array>;
}

/** Bytes already in memory (a web upload, a test). Served in 64 KiB chunks like a file. */
export function bytesSource(bytes: Uint8Array, chunkSize = 64 * 1024): ByteSource {
  return {
    size: bytes.byteLength,
    async *open() {
      for (let i = 0; i < bytes.byteLength; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

/** A file on disk, streamed. Throws `file-not-found` naming the path when it cannot be read. */
export function fileSource(path: string): ByteSource {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new DomainError('file-not-found', `Cannot read "${path}": no such file, or not readable.`);
  }
  return { size, open: () => createReadStream(path, { highWaterMark: 64 * 1024 }) };
}
