import type { Store } from '../../src/db/create-db.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { defaultInstrument } from './fixtures.js';

/** A city whose name is HTML: pages must show it as text, never as markup. */
export const HTML_CITY = '<i>Evil</i> & "Co"';

/** Imports four respondents of HTML_CITY (country BE) into `wave` through the real import path. */
export async function importHtmlCity(store: Store, wave = 2026): Promise<void> {
  const instrument = defaultInstrument();
  const codes = instrument.questions.map((q) => q.code);
  const quoted = `"${HTML_CITY.replace(/"/g, '""')}"`;
  const lines = [
    ['respondent_id', 'city', 'country', 'survey_year', 'role', 'layer', ...codes].join(','),
    ...[0, 1, 2, 3].map((i) =>
      [`html-${i}`, quoted, 'BE', wave, 'it', 'team', ...codes.map((_, q) => ((i + q) % 5) + 1)].join(','),
    ),
  ];
  const summary = await importSurvey(store, {
    bytes: Buffer.from(lines.join('\n'), 'utf8'),
    fileName: 'html-city.csv',
    createdBy: 'test',
    now: new Date('2026-06-01T00:00:00Z'),
  });
  if (summary.errors.length > 0) throw new Error(`html-city import failed: ${JSON.stringify(summary.errors)}`);
}
