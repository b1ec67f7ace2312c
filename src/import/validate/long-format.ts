import type { Instrument } from '../../domain/instrument.js';
import { foldKey, normalizeText } from '../../domain/text-key.js';
import { issueError, issueWarning, place, type ImportIssue } from '../import-issue.js';
import { shortList, type ColumnMap, type LongColumnMap } from '../read/map-columns.js';
import { raggedIssue } from './read-respondents.js';

interface Group {
  readonly row: number;
  readonly fields: string[];
  readonly cellRows: number[];
  /** Question slot → the row that answered it. */
  readonly answered: Map<number, number>;
}

/**
 * Long format (one row per answer: respondent_id, city, country, wave,
 * question, value) gathered into one wide record per respondent, so the
 * same `readRespondent` validates both formats. Each cell remembers the row
 * it came from, so issues name the row an analyst can find.
 */
export class LongFormatCollector {
  /** The wide layout the gathered records follow: identity columns, then one column per question. */
  readonly wideMap: ColumnMap;
  private readonly groups = new Map<string, Group>();
  private readonly unknownCodes = new Map<string, { written: string; row: number }>();
  private readonly questionIndex: Map<string, number>;
  private readonly identity: readonly { readonly at: number; readonly slot: number }[];

  constructor(
    private readonly instrument: Instrument,
    private readonly long: LongColumnMap,
  ) {
    const slots = [
      long.id,
      long.city,
      long.country,
      long.wave,
      long.weight,
      ...long.segments.map((s) => s.index),
      ...long.texts.map((t) => t.index),
    ];
    const name = (i: number, fallback: string) => (i >= 0 ? long.names[i]! : fallback);
    const base = slots.length;
    this.identity = slots.map((at, slot) => ({ at, slot })).filter((s) => s.at >= 0);
    this.questionIndex = new Map(instrument.questions.map((q, i) => [foldKey(q.code), i]));
    this.wideMap = {
      id: 0,
      city: long.city >= 0 ? 1 : -1,
      country: long.country >= 0 ? 2 : -1,
      completion: -1,
      completionKind: 'flag',
      status: -1,
      wave: long.wave >= 0 ? 3 : -1,
      weight: long.weight >= 0 ? 4 : -1,
      segments: long.segments.map((s, i) => ({ key: s.key, index: 5 + i })),
      texts: long.texts.map((t, i) => ({ key: t.key, index: 5 + long.segments.length + i })),
      questions: instrument.questions.map((_, i) => base + i),
      names: [
        ...slots.map((at, slot) => name(at, ['id', 'city', 'country', 'wave', 'weight'][slot] ?? '')),
        ...instrument.questions.map((q) => q.code),
      ],
    };
  }

  /** Adds one row; problems that belong to the row itself go to `issues`. */
  add(row: number, fields: readonly string[], issues: ImportIssue[]): void {
    const { long } = this;
    if (fields.length !== long.names.length) {
      issues.push(raggedIssue(row, fields.length, long.names.length));
      return;
    }
    const id = normalizeText(fields[long.id]!);
    if (id === '') {
      issues.push(
        issueError('value-missing', `${place(row, long.names[long.id])}the respondent id is empty.`, {
          row,
          column: long.names[long.id]!,
        }),
      );
      return;
    }
    const code = foldKey(fields[long.question]!);
    const q = this.questionIndex.get(code);
    if (q === undefined) {
      if (!this.unknownCodes.has(code))
        this.unknownCodes.set(code, { written: normalizeText(fields[long.question]!), row });
      return;
    }
    const width = this.wideMap.names.length;
    let group = this.groups.get(id);
    if (!group) {
      group = {
        row,
        fields: new Array<string>(width).fill(''),
        cellRows: new Array<number>(width).fill(row),
        answered: new Map(),
      };
      for (const { at, slot } of this.identity) group.fields[slot] = fields[at]!;
      this.groups.set(id, group);
    } else {
      for (const { at, slot } of this.identity) {
        if (normalizeText(fields[at]!) !== normalizeText(group.fields[slot]!)) {
          issues.push(
            issueError(
              'long-inconsistent',
              `${place(row, long.names[at])}"${fields[at]}" differs from "${group.fields[slot]}" in row ${group.row} for respondent "${id}".`,
              {
                row,
                column: long.names[at]!,
                value: fields[at]!,
              },
            ),
          );
        }
      }
    }
    const slot = this.wideMap.questions[q]!;
    const earlier = group.answered.get(slot);
    if (earlier !== undefined) {
      issues.push(
        issueError(
          'long-duplicate-answer',
          `${place(row, long.names[long.question])}respondent "${id}" already answered ${this.instrument.questions[q]!.code} in row ${earlier}.`,
          {
            row,
            column: long.names[long.question]!,
            value: fields[long.question]!,
          },
        ),
      );
      return;
    }
    group.answered.set(slot, row);
    group.fields[slot] = fields[long.value]!;
    group.cellRows[slot] = row;
  }

  /** The gathered respondents, in order of first appearance, and the one warning about unknown question codes. */
  finish(): { records: readonly Group[]; warning: ImportIssue | null } {
    const codes = [...this.unknownCodes.entries()];
    const warning =
      codes.length === 0
        ? null
        : issueWarning(
            'unknown-questions',
            `Ignored rows of ${codes.length} unknown question code${codes.length > 1 ? 's' : ''} (not stored): ${shortList(codes.map(([, c]) => `${c.written} (first in row ${c.row})`))}.`,
            { names: codes.map(([, c]) => c.written) },
          );
    const records = [...this.groups.values()];
    return { records, warning };
  }
}
