import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { DomainError } from '../../domain/domain-error.js';
import type { ByteSource } from './byte-source.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an .xlsx workbook is one: save it as CSV first)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) or Office file: save it as CSV first' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);

/**
 * The encoding a file announces by its first bytes: a binary signature is
 * refused (saying what the file looks like), a BOM names UTF-8 or UTF-16,
 * anything else is tried as UTF-8 first.
 * @example sniffEncoding(Uint8Array.of(0xff, 0xfe, 0x61, 0)) // => { encoding: 'utf-16le', bom: 2 }
 */
export function sniffEncoding(head: Uint8Array): { encoding: TextEncoding; bom: number } {
  const signature = SIGNATURES.find((s) => startsWith(head, s.bytes));
  if (signature) throw new DomainError('file-binary', `The file is ${signature.what}, not a CSV text file.`);
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bom: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bom: 2 };
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bom: 3 };
  return { encoding: 'utf-8', bom: 0 };
}

/** Thrown inside decodeStream when a file without BOM is not valid UTF-8: the caller reads it again as windows-1252. */
export class NotUtf8 extends Error {}

export const nulByteError = (offset: number) =>
  new DomainError(
    'file-binary',
    `The file contains a NUL byte at offset ${offset}: it is binary, or UTF-16 without a byte order mark. Save it as CSV UTF-8.`,
  );

/**
 * A strict streaming UTF-8 decoder: each piece of text ends after the
 * chunk's last line feed, the bytes after it wait for the next chunk (a
 * chunk without one ends at its last whole character instead); bytes that
 * are not UTF-8 throw NotUtf8; a leading BOM is dropped. Pieces that end at
 * a line end are split into records as they are, one flat string each
 * (record-stream.ts), not glued to the next piece. Validation and decoding
 * run in Node's native (SIMD) code, much faster than a fatal TextDecoder
 * in streaming mode (docs/performance.md).
 */
function utf8Decoder() {
  // The bytes after the last line end, and the next chunk joined to them: two buffers reused for every chunk.
  let carry = Buffer.allocUnsafeSlow(0);
  let carried = 0;
  let joined = Buffer.allocUnsafeSlow(0);
  let first = true;
  const text = (bytes: Buffer): string => {
    if (!isUtf8(bytes)) throw new NotUtf8();
    let t = bytes.toString('utf8');
    if (first && t.length > 0) {
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      first = false;
    }
    return t;
  };
  return {
    decode(chunk: Uint8Array): string {
      let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (carried > 0) {
        const size = carried + chunk.byteLength;
        if (joined.length < size) joined = Buffer.allocUnsafeSlow(Math.max(size, 2 * joined.length));
        carry.copy(joined, 0, 0, carried);
        joined.set(chunk, carried);
        bytes = joined.subarray(0, size);
      }
      // A line feed byte is never part of a longer character: up to the last one, the text is whole.
      let end = bytes.lastIndexOf(LF) + 1;
      if (end === 0) {
        // No line end: the end of the last whole character (step back over continuation bytes, at most 3, to a lead byte).
        end = bytes.length;
        let i = end - 1;
        while (i >= 0 && end - i <= 3 && (bytes[i]! & 0xc0) === 0x80) i--;
        if (i >= 0) {
          const lead = bytes[i]!;
          const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
          if (end - i < size) end = i;
        }
      }
      carried = bytes.length - end;
      if (carried > carry.length) carry = Buffer.allocUnsafeSlow(Math.max(carried, 2 * carry.length));
      bytes.copy(carry, 0, end);
      return text(bytes.subarray(0, end));
    },
    end(): string {
      const rest = carry.subarray(0, carried);
      carried = 0;
      return rest.length > 0 ? text(rest) : ''; // a file that ends inside a character is not UTF-8
    },
  };
}

const LF = 10;

/**
 * Streams a source as text chunks in `encoding`, with every line ending
 * (CRLF, CR, LF, mixed) turned into LF. Characters and CRLF pairs split
 * across chunk boundaries are handled (a streaming decoder, and a held-back
 * trailing CR). NUL bytes are refused with their offset. `onBytes` sees
 * every raw chunk (for the sha256, the kept copy and progress).
 */
export async function* decodeStream(
  source: ByteSource,
  encoding: TextEncoding,
  bom: number,
  onBytes: (chunk: Uint8Array) => void | Promise<void> = () => {},
): AsyncGenerator<string> {
  const utf8 = encoding === 'utf-8' && bom !== 2 ? utf8Decoder() : null;
  const legacy = utf8
    ? null
    : iconv.getDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding, { stripBOM: true });
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
  let offset = 0;
  let heldCr = false;
  // A UTF-8 BOM before bytes that are not UTF-8: skip it when reading as windows-1252 (it would read "ï»¿").
  let skip = encoding === 'windows-1252' && bom === 3 ? 3 : 0;
  const lines = (text: string, last: boolean): string => {
    let t = heldCr ? `\r${text}` : text;
    heldCr = !last && t.endsWith('\r');
    if (heldCr) t = t.slice(0, -1);
    return t.indexOf('\r') === -1 ? t : t.replace(/\r\n?/g, '\n');
  };
  for await (const raw of source.open()) {
    let chunk = raw instanceof Uint8Array ? raw : Buffer.from(raw as string);
    const taken = onBytes(chunk);
    if (taken) await taken;
    if (skip > 0) {
      const n = Math.min(skip, chunk.byteLength);
      skip -= n;
      offset += n;
      chunk = chunk.subarray(n);
    }
    if (!wide) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw nulByteError(offset + nul);
    }
    let text: string;
    if (utf8) text = utf8.decode(chunk);
    else text = legacy!.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (wide && text.includes('\u0000')) throw nulByteError(offset + 2 * text.indexOf('\u0000'));
    offset += chunk.byteLength;
    if (text !== '') yield lines(text, false);
  }
  let tail: string;
  if (utf8) tail = utf8.end();
  else tail = legacy!.end() ?? '';
  const rest = lines(tail, true);
  if (rest !== '') yield rest;
}
