import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { paths, PROJECT_ROOT } from '../../src/paths.js';

export function fixturePath(...parts: string[]): string {
  return join(PROJECT_ROOT, 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): Buffer {
  return readFileSync(fixturePath(...parts));
}

export function defaultInstrument(): Instrument {
  return parseInstrument(JSON.parse(readFileSync(paths.defaultInstrument, 'utf8')));
}

/**
 * A small instrument for hand-computed tests: two dimensions, likert 1–5.
 * a: A1 (weight 1), A2 (weight 3), A3 reverse; b: B1, B2. minRespondents 2.
 */
export function tinyInstrument(overrides: Record<string, unknown> = {}): Instrument {
  return parseInstrument({
    id: 'tiny',
    version: '1',
    name: { en: 'Tiny' },
    minRespondents: 2,
    levels: [
      { level: 1, from: 0, label: { en: 'one' } },
      { level: 2, from: 20, label: { en: 'two' } },
      { level: 3, from: 40, label: { en: 'three' } },
      { level: 4, from: 60, label: { en: 'four' } },
      { level: 5, from: 80, label: { en: 'five' } },
    ],
    dimensions: [
      {
        key: 'a',
        label: { en: 'A' },
        weight: 1,
        target: 80,
        questions: [
          { code: 'A1', text: { en: 'a1' }, weight: 1 },
          { code: 'A2', text: { en: 'a2' }, weight: 3 },
          { code: 'A3', text: { en: 'a3' }, reverse: true },
        ],
      },
      {
        key: 'b',
        label: { en: 'B' },
        weight: 1,
        questions: [
          { code: 'B1', text: { en: 'b1' } },
          { code: 'B2', text: { en: 'b2' } },
        ],
      },
    ],
    ...overrides,
  });
}
