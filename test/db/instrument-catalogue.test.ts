import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addInstrument, getInstrument } from '../../src/db/repositories/instruments.js';
import { paths } from '../../src/paths.js';
import { memoryStore } from '../support/test-store.js';

const NOW = '2026-06-01T00:00:00Z';

describe('an instrument whose catalogue of next steps changes', () => {
  it('is updated in place when only the catalogue differs (no score depends on it), refused otherwise', async () => {
    const store = await memoryStore();
    const json = JSON.parse(readFileSync(paths.defaultInstrument, 'utf8'));
    const { catalogue, ...withoutCatalogue } = json;
    // A database made before the default instrument had a catalogue …
    await addInstrument(store.db, JSON.stringify(withoutCatalogue), NOW);
    expect((await getInstrument(store.db, json.id)).catalogue).toBeUndefined();
    // … gets it at the next start.
    await addInstrument(store.db, JSON.stringify(json), NOW);
    expect((await getInstrument(store.db, json.id)).catalogue!.get('sovereignty')!.get(1)!.length).toBe(
      catalogue.sovereignty[0].steps.length,
    );
    // Anything that changes scores is still refused.
    await expect(addInstrument(store.db, JSON.stringify({ ...json, minRespondents: 5 }), NOW)).rejects.toThrow(
      /already stored with another definition/,
    );
    await store.close();
  });
});
