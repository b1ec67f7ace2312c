import iconv from 'iconv-lite';
import { DomainError } from '../domain/domain-error.js';
import { issueWarning, type ImportIssue } from './import-issue.js';

export interface DecodedText {
  readonly text: string;
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  readonly warnings: readonly ImportIssue[];
}

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
 * Bytes → text by the import policy: UTF-8 with or without BOM, UTF-16LE/BE
 * with BOM, else (invalid UTF-8) windows-1252 with a warning, decoded by
 * iconv-lite (Node 20's own decoder maps € and ’ wrongly). Binary files are
 * refused before any parsing, saying what they look like.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const signature = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (signature) {
    throw new DomainError('file-binary', `The file is ${signature.what}, not a CSV text file.`);
  }
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le', warnings: [] };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be', warnings: [] };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DomainError(
      'file-binary',
      `The file contains a NUL byte at offset ${nul}: it is binary, or UTF-16 without a byte order mark. Save it as CSV UTF-8.`,
    );
  }
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', warnings: [] };
  } catch {
    return {
      text: iconv.decode(Buffer.from(body), 'windows-1252'),
      encoding: 'windows-1252',
      warnings: [
        issueWarning(
          'encoding-windows-1252',
          'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented names; save as CSV UTF-8 to avoid this.',
        ),
      ],
    };
  }
}
