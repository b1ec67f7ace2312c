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
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.budget + 1) });
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
export function unescapeXml(text: string, xlsx = false): string {
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
const ROW_OPEN = Buffer.from('<row');
const ROW_CLOSE = Buffer.from('</row>');
const CELL_OPEN = Buffer.from('<c');
const CELL_CLOSE = Buffer.from('</c>');
/** `<c`, `<row` followed by a space, `>` or `/` (not `<col`). */
const endsName = (b: number | undefined) =>
  b === 0x20 || b === GT || b === SLASH || b === 0x0a || b === 0x0d || b === 0x09;

/** The body of the first `<name>` (or `<name ...>`) element within [from, to), or null. */
function elementBody(buf: Buffer, from: number, to: number, name: number[]): [number, number] | null {
  for (let i = from; i < to; i++) {
    if (buf[i] !== LT) continue;
    let k = 0;
    while (k < name.length && buf[i + 1 + k] === name[k]) k++;
    if (k < name.length || !endsName(buf[i + 1 + k])) continue;
    const open = buf.indexOf(GT, i);
    if (buf[open - 1] === SLASH) return [open + 1, open + 1];
    for (let j = open + 1; j < to; j++) {
      if (buf[j] === LT && buf[j + 1] === SLASH) {
        let m = 0;
        while (m < name.length && buf[j + 2 + m] === name[m]) m++;
        if (m === name.length && buf[j + 2 + m] === GT) return [open + 1, j];
      }
    }
    return null;
  }
  return null;
}
const V = [0x76];
const IS = [0x69, 0x73];

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
  if (!chosen) {
    throw new DomainError(
      'sheet-not-found',
      `The workbook has no sheet "${sheetName ?? ''}"; its sheets are: ${sheets.map((s) => s.name).join(', ')}.`,
    );
  }
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
  let dataEnd = xml.indexOf('</sheetData>', dataAt);
  if (dataEnd < 0) dataEnd = xml.byteLength;
  let pos = dataAt;
  let rowNumber = 0;
  for (;;) {
    const rowAt = xml.indexOf(ROW_OPEN, pos);
    if (rowAt < 0 || rowAt >= dataEnd) break;
    pos = rowAt + 4;
    if (!endsName(xml[pos])) continue;
    const rowTagEnd = xml.indexOf(GT, pos);
    if (xml[rowTagEnd - 1] === SLASH) {
      pos = rowTagEnd + 1;
      continue;
    }
    const r = attribute(xml, pos, rowTagEnd, 0x72);
    rowNumber = r !== null ? parseInt(r, 10) : rowNumber + 1;
    let rowEnd = xml.indexOf(ROW_CLOSE, rowTagEnd);
    if (rowEnd < 0 || rowEnd > dataEnd) rowEnd = dataEnd;
    let column = -1;
    let at = rowTagEnd + 1;
    for (;;) {
      const cellAt = xml.indexOf(CELL_OPEN, at);
      if (cellAt < 0 || cellAt >= rowEnd) break;
      at = cellAt + 2;
      if (!endsName(xml[at])) continue;
      const tagEnd = xml.indexOf(GT, at);
      const empty = xml[tagEnd - 1] === SLASH;
      let cellEnd = empty ? tagEnd + 1 : xml.indexOf(CELL_CLOSE, tagEnd);
      if (cellEnd < 0 || cellEnd > rowEnd) cellEnd = rowEnd;
      at = empty ? cellEnd : cellEnd + 4;
      const cellRef = attribute(xml, cellAt + 2, tagEnd, 0x72);
      const type = attribute(xml, cellAt + 2, tagEnd, 0x74);
      const style = attribute(xml, cellAt + 2, tagEnd, 0x73);
      let cellRow = rowNumber - 1;
      if (cellRef !== null) {
        const decoded = decodeCell(cellRef);
        if (!decoded) throw new XlsxFallback('cell reference');
        column = decoded.c;
        cellRow = decoded.r;
      } else column++;
      const v = empty ? null : elementBody(xml, tagEnd + 1, cellEnd, V);
      const raw = v && v[1] > v[0] ? xml.toString('utf8', v[0], v[1]) : undefined;
      if (type === null && raw === undefined) continue;
      let text: string;
      switch (type ?? 'n') {
        case 'n': {
          if (raw === undefined) continue;
          const value = parseFloat(unescapeXml(raw));
          const date = style !== null ? dates[parseInt(style, 10)] : false;
          if (date === null) throw new XlsxFallback('number format');
          text = date ? dateText(value + (date1904 ? 1462 : 0)) : String(value);
          break;
        }
        case 's': {
          if (raw === undefined) continue;
          text = strings[parseInt(unescapeXml(raw), 10)] ?? '';
          break;
        }
        case 'str':
          text = raw === undefined ? '' : unescapeXml(unescapeXml(raw), true);
          break;
        case 'inlineStr': {
          const is = empty ? null : elementBody(xml, tagEnd + 1, cellEnd, IS);
          text = is ? stringItem(xml.toString('utf8', is[0], is[1])) : '';
          break;
        }
        case 'b': {
          const b = raw === undefined ? undefined : unescapeXml(raw);
          text = b === '1' || b === 'true' ? 'true' : 'false';
          break;
        }
        case 'e':
          text = '';
          break;
        default:
          throw new XlsxFallback(`cell type ${type}`);
      }
      const index = cellRow - from.r;
      if (index < 0 || index >= rows.length) continue;
      const fields = (rows[index] ??= new Array<string>(width).fill(''));
      const c = column - from.c;
      if (c >= 0 && c < width) fields[c] = text;
    }
    pos = rowEnd;
  }
  rows[0] ??= new Array<string>(width).fill('');
  const out: string[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i] ?? [];
  return { name: chosen.name, range, rows: out };
}

/** The value of the one-letter attribute `name` (a byte) within a tag's bytes [from, to), or null. */
function attribute(buf: Buffer, from: number, to: number, name: number): string | null {
  for (let i = from; i < to - 2; i++) {
    if (buf[i] !== name || buf[i + 1] !== 0x3d) continue;
    const before = buf[i - 1];
    if (before !== 0x20 && before !== 0x0a && before !== 0x0d && before !== 0x09) continue;
    const q = buf[i + 2];
    if (q !== QUOTE && q !== APOS) continue;
    const end = buf.indexOf(q, i + 3);
    return buf.toString('latin1', i + 3, end);
  }
  return null;
}
