import { inflateRawSync } from 'node:zlib';
import { DomainError } from '../../domain/domain-error.js';

/**
 * A fast reader for one sheet of an .xlsx: the ZIP's directory read by hand,
 * the sheet's XML inflated once and scanned byte by byte (no DOM, no object
 * per cell). It gives the rows SheetJS gives with the options readWorkbook
 * uses (same texts, same blanks, same range), and throws `XlsxFallback` for
 * anything it does not read the same way (zip64, namespaced XML, a sheet
 * without a range, typed-date cells, unknown number formats): the caller
 * then reads the workbook with SheetJS.
 */
export class XlsxFallback extends Error {}

export interface XlsxSheet {
  readonly name: string;
  /** The declared range, 0-based inclusive. */
  readonly range: { readonly s: { r: number; c: number }; readonly e: { r: number; c: number } };
  /** One entry per row of the range: the row's texts, full width where the row holds a cell, else empty. */
  readonly rows: string[][];
}

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 65_557); at--) {
    if (bytes.readUInt32LE(at) !== 0x06054b50) continue;
    const count = bytes.readUInt16LE(at + 10);
    let entry = bytes.readUInt32LE(at + 16);
    for (let i = 0; i < count; i++) {
      if (entry + 46 > bytes.byteLength || bytes.readUInt32LE(entry) !== 0x02014b50)
        throw new XlsxFallback('directory');
      const nameLength = bytes.readUInt16LE(entry + 28);
      const name = bytes.toString('utf8', entry + 46, entry + 46 + nameLength);
      const compressedSize = bytes.readUInt32LE(entry + 20);
      const size = bytes.readUInt32LE(entry + 24);
      const offset = bytes.readUInt32LE(entry + 42);
      if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff)
        throw new XlsxFallback('zip64');
      entries.set(name, { method: bytes.readUInt16LE(entry + 10), compressedSize, size, offset });
      entry += 46 + nameLength + bytes.readUInt16LE(entry + 30) + bytes.readUInt16LE(entry + 32);
    }
    return entries;
  }
  throw new XlsxFallback('no directory');
}

/** Unpacks ZIP parts, refusing more than `budget` bytes in all, whatever sizes the directory declares. */
class Parts {
  private readonly entries: Map<string, ZipEntry>;
  constructor(
    private readonly bytes: Buffer,
    private budget: number,
    private readonly refuse: () => never,
  ) {
    this.entries = zipEntries(bytes);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  read(name: string): Buffer {
    const entry = this.entries.get(name);
    if (!entry) throw new XlsxFallback(`no ${name}`);
    const at = entry.offset;
    if (at + 30 > this.bytes.byteLength || this.bytes.readUInt32LE(at) !== 0x04034b50)
      throw new XlsxFallback('local header');
    const start = at + 30 + this.bytes.readUInt16LE(at + 26) + this.bytes.readUInt16LE(at + 28);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    let out: Buffer;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      try {
        // Output in one buffer of the declared size (no copy joining pieces) where the directory tells the truth.
        const chunkSize = Math.max(64, Math.min(entry.size, this.budget) + 64);
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.budget + 1), chunkSize });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') this.refuse();
        throw new XlsxFallback('inflate');
      }
    } else throw new XlsxFallback('method');
    if (out.byteLength > this.budget) this.refuse();
    this.budget -= out.byteLength;
    return out;
  }
}

const ENCODINGS: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;

/** XML text to a string as SheetJS decodes it: entities, `_xHHHH_` escapes, CDATA kept as is; `xlsx` also turns CRLF into LF. */
function unescapeXml(text: string, xlsx = false): string {
  const raw = (s: string): string => {
    const i = s.indexOf('<![CDATA[');
    if (i === -1) {
      if (s.indexOf('&') === -1 && s.indexOf('_x') === -1 && s.indexOf('_X') === -1) return s;
      return s
        .replace(
          ENTITY,
          (all: string, code: string | undefined) =>
            ENCODINGS[all] || String.fromCharCode(parseInt(code ?? '', all.indexOf('x') > -1 ? 16 : 10)) || all,
        )
        .replace(CODE, (_m: string, c: string) => String.fromCharCode(parseInt(c, 16)));
    }
    const j = s.indexOf(']]>');
    return raw(s.slice(0, i)) + s.slice(i + 9, j) + raw(s.slice(j + 3));
  };
  const out = raw(text);
  return xlsx && out.indexOf('\r\n') !== -1 ? out.replace(/\r\n/g, '\n') : out;
}

/** The attributes of the tags named `tag` (any prefix) in `xml`, in order. */
function tags(xml: string, tag: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const pattern = new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*)>`, 'g');
  for (const match of xml.matchAll(pattern)) {
    const attributes: Record<string, string> = {};
    for (const a of match[1]!.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[a[1]!] = a[2] ?? a[3] ?? '';
    }
    found.push(attributes);
  }
  return found;
}

const attr = (attributes: Record<string, string>, name: string): string | undefined =>
  attributes[name] ?? Object.entries(attributes).find(([k]) => k.endsWith(`:${name}`))?.[1];

/** A relationship target as a ZIP part name (targets are relative to xl/ unless absolute). */
function partName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

const SI_TEXT = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;

/** One shared or inline string (an `<si>` / `<is>` body), as SheetJS reads it: the plain text, or rich-text runs joined. */
function stringItem(x: string): string {
  if (x === '') return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) {
    return unescapeXml(x.slice(x.indexOf('>') + 1).split(/<\/(?:\w+:)?t>/)[0] ?? '', true);
  }
  if (/<(?:\w+:)?r\b[^<>]*>/.test(x)) {
    const runs = x.replace(/<(?:\w+:)?rPh\b[^>]*>[\s\S]*?<\/(?:\w+:)?rPh>/g, '').match(SI_TEXT) ?? [];
    return unescapeXml(runs.join('').replace(/<[\s\S]*?>/g, ''), true);
  }
  return '';
}

function sharedStrings(xml: string): string[] {
  if (/<\w+:si\b/.test(xml) || /<si\s+\w/.test(xml)) throw new XlsxFallback('shared strings');
  const body = xml.indexOf('<sst');
  if (body < 0) return [];
  const items = xml
    .slice(xml.indexOf('>', body) + 1)
    .replace(/<si>/g, '')
    .split('</si>');
  return items.map((item) => stringItem(item.trim()));
}

/** SheetJS's built-in number formats (those it knows without a workbook's own). */
const BUILT_IN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Whether a number format shows a date or time: a d/m/y/h/s (or era, AM/PM, elapsed-time) code outside quotes and escapes (SheetJS's rule). */
export function isDateFormat(format: string): boolean {
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    switch (c) {
      case 'G':
        if (format.slice(i, i + 7).toLowerCase() === 'general') i += 6;
        i++;
        break;
      case '"':
        while (format.charCodeAt(++i) !== 34 && i < format.length);
        ++i;
        break;
      case '\\':
      case '_':
        i += 2;
        break;
      case '@':
        ++i;
        break;
      case 'B':
      case 'b':
      case 'M':
      case 'D':
      case 'Y':
      case 'H':
      case 'S':
      case 'E':
      case 'm':
      case 'd':
      case 'y':
      case 'h':
      case 's':
      case 'e':
      case 'g':
        return true;
      case 'A':
      case 'a':
      case '上':
        if (format.slice(i, i + 3).toUpperCase() === 'A/P') return true;
        if (format.slice(i, i + 5).toUpperCase() === 'AM/PM') return true;
        if (format.slice(i, i + 5).toUpperCase() === '上午/下午') return true;
        ++i;
        break;
      case '[': {
        let o = c;
        while (format.charAt(i++) !== ']' && i < format.length) o += format.charAt(i);
        if (/\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/.test(o)) return true;
        break;
      }
      case '.':
      case '0':
      case '#': {
        let d: string;
        while (
          i < format.length &&
          ('0#?.,E+-%'.indexOf((d = format.charAt(++i))) > -1 ||
            (d === '\\' && format.charAt(i + 1) === '-' && '0#'.indexOf(format.charAt(i + 2)) > -1))
        );
        break;
      }
      case '?':
        while (format.charAt(++i) === c);
        break;
      case '*':
        ++i;
        if (format.charAt(i) === ' ' || format.charAt(i) === '*') ++i;
        break;
      case '(':
      case ')':
        ++i;
        break;
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        while (i < format.length && '0123456789'.indexOf(format.charAt(++i)) > -1);
        break;
      default:
        ++i;
    }
  }
  return false;
}

/** Per cell style (cellXfs index): whether a number in it is a date; null where the format is one SheetJS resolves elsewhere. */
function dateStyles(xml: string): (boolean | null)[] {
  const formats: Record<number, string> = { ...BUILT_IN_FORMATS };
  for (const f of tags(xml, 'numFmt')) {
    const id = parseInt(f['numFmtId'] ?? '', 10);
    if (id > 0x188) throw new XlsxFallback('format id');
    formats[id] = unescapeXml(f['formatCode'] ?? '');
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!xfs) return [];
  return tags(xfs[1]!, 'xf').map((xf) => {
    const format = formats[parseInt(xf['numFmtId'] ?? '0', 10) || 0];
    return format === undefined ? null : isDateFormat(format);
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EPOCH_1900 = Date.UTC(1899, 11, 30, 0, 0, 0);

/** A date cell's serial number as SheetJS turns it into a Date (1900's phantom 29 February stays a number), then as text. */
function dateText(serial: number): string {
  if (serial >= 60 && serial < 61) return String(serial);
  const date = new Date((serial > 60 ? serial : serial + 1) * DAY_MS + EPOCH_1900);
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function decodeCell(ref: string): { r: number; c: number } | null {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!m) return null;
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: parseInt(m[2]!, 10) - 1, c: c - 1 };
}

/** The refusal of a sheet name the workbook does not have, naming the sheets it has (this reader's and SheetJS's). */
export function sheetNotFound(wanted: string | undefined, names: readonly string[]): DomainError {
  return new DomainError(
    'sheet-not-found',
    `The workbook has no sheet "${wanted ?? ''}"; its sheets are: ${names.join(', ')}.`,
  );
}

/** "A", "Z", "AA" for a 0-based column. */
export function encodeColumn(column: number): string {
  let s = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
/** `<c`, `<row` followed by a space, `>` or `/` (not `<col`). */
const endsName = (b: number | undefined) =>
  b === 0x20 || b === GT || b === SLASH || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Reads the sheet named (or the first) of an .xlsx workbook, within
 * `maxUnzipped` bytes unpacked and `maxCells` cells in its range.
 */
export function readXlsxSheet(
  bytes: Buffer,
  sheetName: string | undefined,
  limits: {
    maxUnzipped: number;
    refuseUnzipped: () => never;
    refuseCells: (name: string, cells: number) => never;
    maxCells: number;
  },
): XlsxSheet {
  const parts = new Parts(bytes, limits.maxUnzipped, limits.refuseUnzipped);
  if (!parts.has('[Content_Types].xml') || !parts.has('xl/workbook.xml')) throw new XlsxFallback('not xlsx');
  const types = parts.read('[Content_Types].xml').toString('utf8');
  if (!types.includes('spreadsheetml.sheet.main+xml')) throw new XlsxFallback('not a plain xlsx');
  const workbook = parts.read('xl/workbook.xml').toString('utf8');
  const rels = new Map<string, { type: string; target: string }>();
  for (const r of tags(parts.read('xl/_rels/workbook.xml.rels').toString('utf8'), 'Relationship')) {
    rels.set(r['Id'] ?? '', { type: r['Type'] ?? '', target: r['Target'] ?? '' });
  }
  const sheets = tags(workbook, 'sheet').map((s) => ({ name: unescapeXml(s['name'] ?? ''), id: attr(s, 'id') ?? '' }));
  const chosen = sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === sheetName);
  if (!chosen)
    throw sheetNotFound(
      sheetName,
      sheets.map((s) => s.name),
    );
  const rel = rels.get(chosen.id);
  if (!rel || !rel.type.endsWith('/worksheet')) throw new XlsxFallback('not a worksheet');
  const date1904 = tags(workbook, 'workbookPr').some((p) => p['date1904'] === '1' || p['date1904'] === 'true');
  const relOf = (type: string) => [...rels.values()].find((r) => r.type.endsWith(type));
  const stringsRel = relOf('/sharedStrings');
  const strings = stringsRel ? sharedStrings(parts.read(partName(stringsRel.target)).toString('utf8')) : [];
  const stylesRel = relOf('/styles');
  const dates = stylesRel ? dateStyles(parts.read(partName(stylesRel.target)).toString('utf8')) : [];

  const xml = parts.read(partName(rel.target));
  const dataAt = xml.indexOf('<sheetData');
  if (dataAt < 0) throw new XlsxFallback('no sheetData');
  const head = xml.toString('latin1', 0, dataAt);
  const dimensionAt = head.search(/<(?:\w*:)?dimension/);
  const ref = dimensionAt > 0 ? /"(\w*:\w*)"/.exec(head.slice(dimensionAt, dimensionAt + 50))?.[1] : undefined;
  const [from, to] = (ref ?? '').split(':').map(decodeCell);
  if (!from || !to || from.r > to.r || from.c > to.c) throw new XlsxFallback('no range');
  const range = { s: from, e: to };
  const cells = (to.r - from.r + 1) * (to.c - from.c + 1);
  if (cells > limits.maxCells) limits.refuseCells(chosen.name, cells);

  const width = to.c - from.c + 1;
  const rows: (string[] | undefined)[] = new Array(to.r - from.r + 1);
  const dataTagEnd = xml.indexOf(GT, dataAt);
  let dataEnd = xml[dataTagEnd - 1] === SLASH ? dataAt : xml.indexOf('</sheetData>', dataAt);
  if (dataEnd < 0) dataEnd = xml.byteLength;
  const place = (row: number, column: number, text: string) => {
    const index = row - from.r;
    if (index < 0 || index >= rows.length) return;
    const fields = (rows[index] ??= new Array<string>(width).fill(''));
    const c = column - from.c;
    if (c >= 0 && c < width) fields[c] = text;
  };
  scanSheetData(xml, dataAt + 10, dataEnd, { strings, dates, date1904 }, place);
  rows[0] ??= new Array<string>(width).fill('');
  const out: string[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i] ?? [];
  return { name: chosen.name, range, rows: out };
}

const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_OTHER = 6;
const NO_TYPE = -1;

/** Number texts for small whole numbers (answers, codes, years), made once. */
const SMALL_NUMBERS = Array.from({ length: 4096 }, (_, i) => String(i));

interface SheetContext {
  readonly strings: readonly string[];
  readonly dates: readonly (boolean | null)[];
  readonly date1904: boolean;
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Buffer's own slice decoder, without toString's per-call argument handling (called once per text cell). */
const utf8 = (buf: Buffer, start: number, end: number): string =>
  (buf as unknown as { utf8Slice(start: number, end: number): string }).utf8Slice(start, end);

/**
 * Scans `<row>` and `<c>` elements in [start, end) byte by byte, calling
 * `place(row, column, text)` for each cell SheetJS keeps (0-based row and
 * column, as the cell's own reference says, else counted on as SheetJS counts).
 */
function scanSheetData(
  xml: Buffer,
  start: number,
  end: number,
  context: SheetContext,
  place: (row: number, column: number, text: string) => void,
): void {
  const { strings, dates, date1904 } = context;
  let rowNumber = 0;
  let column = -1;
  let i = start;
  while (i < end) {
    if (xml[i] !== LT) {
      i++;
      continue;
    }
    const b1 = xml[i + 1];
    if (b1 === 0x72 && xml[i + 2] === 0x6f && xml[i + 3] === 0x77 && endsName(xml[i + 4])) {
      // <row ...>: its r, unless it closes itself (SheetJS skips those rows, and their r).
      let j = i + 4;
      let r = -1;
      while (j < end && xml[j] !== GT) {
        if (xml[j] === 0x72 && xml[j + 1] === 0x3d && isSpace(xml[j - 1]!)) {
          j += 3;
          r = 0;
          while (xml[j] !== QUOTE && xml[j] !== APOS && j < end) r = r * 10 + xml[j++]! - 48;
          j++;
        } else if (xml[j] === QUOTE || xml[j] === APOS) {
          const q = xml[j];
          j++;
          while (j < end && xml[j] !== q) j++;
          j++;
        } else j++;
      }
      if (xml[j - 1] !== SLASH) {
        rowNumber = r >= 0 ? r : rowNumber + 1;
        column = -1;
      }
      i = j + 1;
      continue;
    }
    if (b1 !== 0x63 || !endsName(xml[i + 2])) {
      i++;
      continue;
    }
    // <c r=".." t=".." s="..">: its attributes read as numbers and a type code, no strings made.
    let j = i + 2;
    let cellColumn = -1;
    let cellRow = -1;
    let type = NO_TYPE;
    let style = -1;
    while (j < end && xml[j] !== GT) {
      const b = xml[j]!;
      if ((b === 0x72 || b === 0x74 || b === 0x73) && xml[j + 1] === 0x3d && isSpace(xml[j - 1]!)) {
        const q = xml[j + 2];
        let k = j + 3;
        const valueStart = k;
        while (k < end && xml[k] !== q) k++;
        if (b === 0x72) {
          let c = 0;
          let m = valueStart;
          while (m < k && xml[m]! >= 0x41 && xml[m]! <= 0x5a) c = c * 26 + xml[m++]! - 64;
          let r = 0;
          const digits = m;
          while (m < k && xml[m]! >= 0x30 && xml[m]! <= 0x39) r = r * 10 + xml[m++]! - 48;
          if (m !== k || digits === valueStart || m === digits) throw new XlsxFallback('cell reference');
          cellColumn = c - 1;
          cellRow = r - 1;
        } else if (b === 0x74) type = cellType(xml, valueStart, k);
        else {
          style = 0;
          for (let m = valueStart; m < k; m++) style = style * 10 + xml[m]! - 48;
        }
        j = k + 1;
      } else if (b === QUOTE || b === APOS) {
        j++;
        while (j < end && xml[j] !== b) j++;
        j++;
      } else j++;
    }
    const selfClosed = xml[j - 1] === SLASH;
    i = j + 1;
    if (cellColumn >= 0) column = cellColumn;
    else {
      column++;
      cellRow = rowNumber - 1;
    }
    // The cell's content: the first <v> (and <is> for inline strings), up to </c>.
    let vStart = -1;
    let vEnd = -1;
    let vEscaped = false;
    let isStart = -1;
    let isEnd = -1;
    if (!selfClosed) {
      while (i < end) {
        if (xml[i] !== LT) {
          i++;
          continue;
        }
        const n1 = xml[i + 1];
        if (n1 === SLASH && xml[i + 2] === 0x63 && xml[i + 3] === GT) {
          i += 4;
          break;
        }
        if (n1 === 0x76 && vStart < 0 && (xml[i + 2] === GT || isSpace(xml[i + 2]!))) {
          let k = i + 2;
          while (xml[k] !== GT) k++;
          vStart = k + 1;
          if (xml[k - 1] === SLASH) {
            vEnd = vStart;
            i = vStart;
            continue;
          }
          k = vStart;
          while (k < end && xml[k] !== LT) {
            if (xml[k] === 0x26 || xml[k] === 0x5f) vEscaped = true;
            k++;
          }
          vEnd = k;
          i = k;
          continue;
        }
        if (n1 === 0x69 && xml[i + 2] === 0x73 && (xml[i + 3] === GT || isSpace(xml[i + 3]!)) && isStart < 0) {
          let k = i + 3;
          while (xml[k] !== GT) k++;
          isStart = k + 1;
          isEnd = xml.indexOf('</is>', isStart);
          if (isEnd < 0 || isEnd > end) isEnd = end;
          i = isEnd + 5;
          continue;
        }
        i++;
      }
    }
    const hasValue = vEnd > vStart;
    if (type === NO_TYPE && !hasValue) continue;
    let text: string;
    switch (type) {
      case NO_TYPE:
      case T_N: {
        if (!hasValue) continue;
        // A style beyond the style list has no number format, as for SheetJS.
        const date = style >= 0 ? dates[style] : false;
        if (date === null) throw new XlsxFallback('number format');
        let whole = -1;
        if (!vEscaped && vEnd - vStart <= 4 && (xml[vStart] !== 0x30 || vEnd - vStart === 1)) {
          whole = 0;
          for (let m = vStart; m < vEnd; m++) {
            const d = xml[m]! - 48;
            if (d < 0 || d > 9) {
              whole = -1;
              break;
            }
            whole = whole * 10 + d;
          }
        }
        if (date) {
          const raw = utf8(xml, vStart, vEnd);
          text = dateText(parseFloat(vEscaped ? unescapeXml(raw) : raw) + (date1904 ? 1462 : 0));
        } else if (whole >= 0 && whole < SMALL_NUMBERS.length) text = SMALL_NUMBERS[whole]!;
        else {
          const raw = utf8(xml, vStart, vEnd);
          text = String(parseFloat(vEscaped ? unescapeXml(raw) : raw));
        }
        break;
      }
      case T_S: {
        if (!hasValue) continue;
        const raw = utf8(xml, vStart, vEnd);
        text = strings[parseInt(vEscaped ? unescapeXml(raw) : raw, 10)] ?? '';
        break;
      }
      case T_STR: {
        if (!hasValue) text = '';
        else {
          const raw = utf8(xml, vStart, vEnd);
          text = vEscaped
            ? unescapeXml(unescapeXml(raw), true)
            : raw.indexOf('\r\n') === -1
              ? raw
              : unescapeXml(raw, true);
        }
        break;
      }
      case T_INLINE:
        text = isStart >= 0 ? stringItem(utf8(xml, isStart, isEnd)) : '';
        break;
      case T_B: {
        const b = hasValue ? unescapeXml(utf8(xml, vStart, vEnd)) : '';
        text = b === '1' || b === 'true' ? 'true' : 'false';
        break;
      }
      case T_E:
        text = '';
        break;
      default:
        throw new XlsxFallback('cell type');
    }
    place(cellRow, column, text);
  }
}

/** The type code of a cell's t attribute value [start, end). */
function cellType(xml: Buffer, start: number, end: number): number {
  const length = end - start;
  const b = xml[start];
  if (length === 1) {
    if (b === 0x6e) return T_N;
    if (b === 0x73) return T_S;
    if (b === 0x62) return T_B;
    if (b === 0x65) return T_E;
    return T_OTHER;
  }
  const value = xml.toString('latin1', start, end);
  if (value === 'str') return T_STR;
  if (value === 'inlineStr') return T_INLINE;
  return T_OTHER;
}
