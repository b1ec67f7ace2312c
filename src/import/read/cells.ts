/**
 * The cells of one data record, read by position. Two shapes: the fields
 * split already (`arrayCells`: header rows, workbooks), and a record of CSV
 * text read in place (`SpanCells`, split-records.ts): a million respondents × 46 columns would
 * otherwise be 46 million field strings, where validation needs six texts and
 * forty one-character answers it reads by character code.
 */
export interface Cells {
  /** The number of fields. */
  readonly length: number;
  /** Field `i`'s text as written. */
  text(i: number): string;
  /** Field `i`'s character code when it is one character long; -1 when it is empty, -2 when longer. */
  code(i: number): number;
}

const codeOf = (text: string): number => (text.length === 1 ? text.charCodeAt(0) : text.length === 0 ? -1 : -2);

/** Cells over fields already split. */
export function arrayCells(fields: readonly string[]): Cells {
  return {
    length: fields.length,
    text: (i) => fields[i] ?? '',
    code: (i) => codeOf(fields[i] ?? ''),
  };
}

/**
 * The fields of one record of `source`, in place, quoted or not
 * (split-records.ts): field `i` runs from `spans[at + 2i]` to
 * `spans[at + 2i + 1]`; an end stored as `~end` marks a quoted field holding
 * doubled quotes, read with each `""` as one `"`.
 */
export class SpanCells implements Cells {
  constructor(
    private readonly source: string,
    private readonly spans: Int32Array,
    private readonly at: number,
    readonly length: number,
  ) {}

  text(i: number): string {
    const start = this.spans[this.at + 2 * i]!;
    const end = this.spans[this.at + 2 * i + 1]!;
    return end >= 0 ? this.source.slice(start, end) : this.source.slice(start, ~end).replaceAll('""', '"');
  }

  code(i: number): number {
    const start = this.spans[this.at + 2 * i]!;
    const end = this.spans[this.at + 2 * i + 1]!;
    if (end < 0) return codeOf(this.text(i));
    const size = end - start;
    return size === 1 ? this.source.charCodeAt(start) : size === 0 ? -1 : -2;
  }
}

/** Every field's text. */
export function cellTexts(cells: Cells): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) out.push(cells.text(i));
  return out;
}

/** A record of blanks only (a blank line, or delimiters and spaces): skipped, its row number kept. */
export function cellsBlank(cells: Cells): boolean {
  for (let i = 0; i < cells.length; i++) {
    const code = cells.code(i);
    if (code === -1) continue;
    if ((code > 32 && code < 127) || cells.text(i).trim() !== '') return false;
  }
  return true;
}
