import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { generateDemo } from '../demo/generate-demo.js';
import { importSurvey, type ImportSummary } from '../import/import-survey.js';
import { ensureReferenceData, readCityRegistry } from './reference-data.js';

/**
 * Loads the SYNTHETIC demo data set through the real import path (one import
 * per wave, marked synthetic). Files already imported are left as they are.
 */
export async function loadDemo(db: Kysely<Database>, now: Date): Promise<ImportSummary[]> {
  const instrument = await ensureReferenceData(db, now);
  const files = generateDemo(instrument, readCityRegistry());
  const summaries: ImportSummary[] = [];
  for (const file of files) {
    summaries.push(
      await importSurvey(db, {
        bytes: Buffer.from(file.csv, 'utf8'),
        fileName: file.fileName,
        instrumentId: instrument.id,
        createdBy: 'demo',
        synthetic: true,
        now,
      }),
    );
  }
  return summaries;
}
