import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { defaultInstrument } from '../support/fixtures.js';

describe('the default instrument', () => {
  const instrument = defaultInstrument();
  it('has the five dimensions with six questions each, in English and Dutch', () => {
    expect(instrument.dimensions.map((d) => d.key)).toEqual([
      'sovereignty',
      'impact',
      'compliance',
      'interoperability',
      'infrastructure',
    ]);
    expect(instrument.dimensions.map((d) => d.questions.length)).toEqual([6, 6, 6, 6, 6]);
    expect(instrument.questions.every((q) => q.text.en && q.text.nl)).toBe(true);
    expect(instrument.answerLabels.get('helemaal akkoord')).toBe(5);
    expect(instrument.answerLabels.get('strongly disagree')).toBe(1);
  });
});

describe('parseInstrument', () => {
  it('lists every problem with its path', () => {
    expect(() =>
      parseInstrument({
        id: 'x',
        version: '1',
        name: { en: 'X' },
        dimensions: [{ key: 'd', label: { en: 'D' }, questions: [{ text: { en: 'q' } }] }],
      }),
    ).toThrow(/dimensions\[0\]\.questions\[0\]\.code/);
  });

  it('refuses a question code used twice', () => {
    const q = { code: 'Q1', text: { en: 'q' } };
    expect(() =>
      parseInstrument({
        id: 'x',
        version: '1',
        name: { en: 'X' },
        dimensions: [{ key: 'd', label: { en: 'D' }, questions: [q, q] }],
      }),
    ).toThrow(/"Q1" is used twice/);
  });

  it('needs goalposts for a goalposts scale', () => {
    expect(() =>
      parseInstrument({
        id: 'x',
        version: '1',
        name: { en: 'X' },
        scale: { type: 'goalposts' },
        dimensions: [{ key: 'd', label: { en: 'D' }, questions: [{ code: 'Q1', text: { en: 'q' } }] }],
      }),
    ).toThrow(/needs "min" and "max"/);
  });
});
