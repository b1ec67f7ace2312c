import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { draftInstrument } from '../../src/import/draft/draft-instrument.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { bytesSource } from '../../src/import/read/byte-source.js';
import { readSample } from '../../src/import/read/read-sample.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { readFixture } from '../support/fixtures.js';
import { referenceStore } from '../support/test-store.js';

/**
 * `instrument draft` on each tool's export (fixtures/import/tools): the
 * draft validates, reads the six rating questions on the 1–5 scale the
 * generator wrote, and imports its own file with the scores of
 * test/import/tools.test.ts (data 68.75, skills 43.75 when grouped as there).
 */
const now = new Date('2026-06-01T00:00:00Z');
const GENT = { city: 'Gent', country: 'BE' };

const CASES: readonly { file: string; dimensions: number; options?: typeof GENT; id: string | null }[] = [
  { file: 'qualtrics.csv', dimensions: 2, options: GENT, id: 'ResponseId' },
  { file: 'qualtrics-2016.csv', dimensions: 2, options: GENT, id: 'ResponseId' },
  { file: 'qualtrics-legacy.csv', dimensions: 2, options: GENT, id: 'ResponseID' },
  { file: 'surveymonkey.csv', dimensions: 1, options: GENT, id: 'Respondent ID' },
  { file: 'limesurvey.csv', dimensions: 2, options: GENT, id: 'id' },
  { file: 'sosci.csv', dimensions: 2, options: GENT, id: 'CASE' },
  { file: 'kobo.csv', dimensions: 1, id: '_uuid' },
  { file: 'google-forms.csv', dimensions: 1, options: GENT, id: null },
  { file: 'microsoft-forms.xlsx', dimensions: 1, options: GENT, id: 'ID' },
  { file: 'eusurvey.xlsx', dimensions: 1, options: GENT, id: 'Contribution ID' },
  { file: 'eusurvey.ods', dimensions: 1, options: GENT, id: 'Contribution ID' },
];

let store: Store;
beforeEach(async () => {
  store = await referenceStore();
});
afterEach(async () => {
  await store.close();
});

describe('instrument draft', () => {
  it.each(CASES)('drafts $file: six questions on 1–5, and imports its own file', async (c) => {
    const bytes = readFixture('import', 'tools', c.file);
    const draft = draftInstrument(await readSample(bytesSource(bytes)), c.file);
    expect(draft.questions.map((q) => [q.min, q.max])).toEqual(Array.from({ length: 6 }, () => [1, 5]));
    const instrument = parseInstrument(draft.instrument);
    expect(instrument.dimensions).toHaveLength(c.dimensions);
    expect((draft.instrument.columns as Record<string, string> | undefined)?.id).toBe(c.id ?? undefined);
    await addInstrument(store.db, JSON.stringify(draft.instrument), now.toISOString());
    const summary = await importSurvey(store, {
      bytes,
      fileName: c.file,
      wave: 2026,
      instrumentId: instrument.id,
      createdBy: 'test',
      now,
      ...c.options,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(4);
    const scoring = await loadWaveScoring(store.db, 2026, instrument.id);
    const all = scoring.cities.reduce((n, s) => n + (s.respondents ?? 0), 0);
    expect(all).toBe(4);
    if (c.dimensions === 2) {
      // Grouped as the generator's two matrices: the hand-computed 68.75 and 43.75 (tools.test.ts).
      expect(scoring.cities[0]!.dimensions.map((d) => d.score)).toEqual([
        expect.closeTo(68.75, 10),
        expect.closeTo(43.75, 10),
      ]);
    } else if (scoring.cities.length === 1) {
      // One dimension of all six: per respondent the mean of six items, then the mean:
      // (66.67 + 55 + 75 + 29.17) / 4 = 56.46 (r2 has five answers: (75+75+25+25+50)/5 = 50 → (66.67+50+75+29.17)/4 = 55.21).
      expect(scoring.cities[0]!.dimensions[0]!.score).toBeCloseTo((200 / 3 + 50 + 75 + 175 / 6) / 4, 10);
    }
  });

  it('says what is still to decide: no city column, the wave, the grouping', async () => {
    const draft = draftInstrument(
      await readSample(bytesSource(readFixture('import', 'tools', 'google-forms.csv'))),
      'google-forms.csv',
    );
    expect(draft.notes.join(' ')).toContain('--city');
    expect(draft.notes.join(' ')).toContain('--wave');
    expect(draft.notes.join(' ')).toContain('one draft dimension');
  });

  it('reads an answer scale of labels in Dutch, French and German', async () => {
    const csv =
      'id;a1;a2;a3\n1;Helemaal eens;Souvent;Sehr zufrieden\n2;Oneens;Jamais;Unzufrieden\n3;Neutraal;Parfois;Neutral\n';
    const draft = draftInstrument(await readSample(bytesSource(Buffer.from(csv))), 'x.csv');
    expect(draft.questions.map((q) => q.from)).toEqual(['agreement/nl', 'frequency/fr', 'satisfaction/de']);
  });
});
