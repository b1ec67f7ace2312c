import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A response body ready to send: the UTF-8 bytes, the same gzip-compressed, and a strong ETag of the bytes. */
export interface PreparedBody {
  readonly bytes: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

/** `value` as a prepared body: serialised, compressed and hashed once, for `cachedRead` to keep. */
export function prepareJson(value: unknown): PreparedBody {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  return {
    bytes,
    gzip: gzipSync(bytes, { level: 6 }),
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
  };
}

/** What a prepared body holds, for the read cache's byte bound. */
export const preparedSize = (body: PreparedBody): number => body.bytes.byteLength + body.gzip.byteLength;
