import type { Store } from '../../src/db/create-db.js';
import { importSurvey, type ImportSummary } from '../../src/import/import-survey.js';
import { defaultInstrument } from './fixtures.js';

export interface CsvRespondent {
  readonly id: string;
  readonly city: string;
  readonly country: string;
  readonly role: string;
  readonly layer: string;
  readonly weight?: number;
  /** Answer of question q (0-based), or null for a blank. */
  readonly answer: (q: number) => number | null;
}

/** `n` Belgian IT respondents of `city` with ids `city-from`…, answers cycling 1–5 by question and row. */
export const cityRespondents = (city: string, n: number, from = 1): CsvRespondent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${city}-${from + i}`,
    city,
    country: 'BE',
    role: 'it',
    layer: 'team',
    answer: (q) => 1 + ((q + i) % 5),
  }));

/** A wide CSV for the default instrument (segments role and layer; optional weight column). */
export function surveyCsv(respondents: readonly CsvRespondent[], wave = 2026): Buffer {
  const codes = defaultInstrument().questions.map((q) => q.code);
  const weighted = respondents.some((r) => r.weight !== undefined);
  const lines = [
    [
      'respondent_id',
      'city',
      'country',
      'survey_year',
      'role',
      'layer',
      ...(weighted ? ['weight'] : []),
      ...codes,
    ].join(','),
    ...respondents.map((r) =>
      [
        r.id,
        r.city,
        r.country,
        wave,
        r.role,
        r.layer,
        ...(weighted ? [r.weight ?? 1] : []),
        ...codes.map((_, q) => r.answer(q) ?? ''),
      ].join(','),
    ),
  ];
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Imports the CSV through the real import path; throws on errors. */
export async function importCsv(
  store: Store,
  bytes: Buffer,
  fileName: string,
  now = new Date('2026-06-01T00:00:00Z'),
): Promise<ImportSummary> {
  const summary = await importSurvey(store, { bytes, fileName, createdBy: 'test', now });
  if (summary.errors.length > 0 || summary.importId === null)
    throw new Error(`${fileName}: ${JSON.stringify(summary.errors)}`);
  return summary;
}
