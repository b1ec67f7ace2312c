import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DomainError } from '../../domain/domain-error.js';

/**
 * Where the bytes of a survey file come from. `open()` may be called more
 * than once (a file that turns out not to be UTF-8 is read again as
 * windows-1252), and each call streams the file from its start, so the
 * importer never needs the whole file in memory.
 */
export interface ByteSource {
  /** Size in bytes when known (for progress). */
  readonly size: number | null;
  /** A chunk is valid until the next one is asked for (a file's read buffer is reused): copy what you keep. */
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

/** A file on disk, streamed (the CLI). Throws `file-not-found` naming the path when it cannot be read. */
export function fileSource(path: string): ByteSource {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new DomainError('file-not-found', `Cannot read "${path}": no such file, or not readable.`);
  }
  return { size, open: () => readChunks(path) };
}

/**
 * The file in 64 KiB chunks, read synchronously: the import is all the process
 * (the CLI) does, and a read from the page cache takes microseconds, where a
 * stream's read goes through the thread pool and an event-loop turn per chunk
 * (figures: docs/performance.md). One buffer for every read: a fresh one per
 * chunk left thousands of dead 64 KiB buffers for the collector (each freed
 * only by a full collection once promoted), so memory grew without them.
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new DomainError('file-not-found', `Cannot read "${path}": no such file, or not readable.`);
  }
  try {
    const buffer = Buffer.allocUnsafeSlow(64 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
