import type { Store } from '../db/create-db.js';
import { generateDemo } from '../demo/generate-demo.js';
import { importSurvey, type ImportSummary } from '../import/import-survey.js';
import { ensureReferenceData, readCityRegistry } from './reference-data.js';

/**
 * Loads the SYNTHETIC demo data set through the real import path (one import
 * per wave, marked synthetic). Files already imported are left as they are.
 */
export async function loadDemo(store: Store, now: Date): Promise<ImportSummary[]> {
  const instrument = await ensureReferenceData(store.db, now);
  const files = generateDemo(instrument, readCityRegistry());
  const summaries: ImportSummary[] = [];
  for (const file of files) {
    summaries.push(
      await importSurvey(store, {
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
