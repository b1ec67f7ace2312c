import { describe, expect, it } from 'vitest';
import { decodeAnswers, encodeAnswers } from '../../src/db/codecs/answer-codec.js';
import { decodeSegments, encodeSegments } from '../../src/db/codecs/segment-codec.js';

describe('answer codec', () => {
  it('packs whole answers 0–9 one character each, "." for no answer', () => {
    expect(encodeAnswers([4, 5, null, 3])).toBe('45.3');
    expect(encodeAnswers([0, 9])).toBe('09');
    expect(decodeAnswers('45.3')).toEqual([4, 5, null, 3]);
    expect(decodeAnswers('..')).toEqual([null, null]);
  });

  it('falls back to the comma form for decimals, negatives, 10 and more, and one question', () => {
    expect(encodeAnswers([4, 5.5, null])).toBe('4,5.5,');
    expect(encodeAnswers([10, 1])).toBe('10,1');
    expect(encodeAnswers([-1, 2])).toBe('-1,2');
    expect(encodeAnswers([7])).toBe('7');
    expect(encodeAnswers([null])).toBe('');
    expect(decodeAnswers('4,5.5,')).toEqual([4, 5.5, null]);
    expect(decodeAnswers('10,1')).toEqual([10, 1]);
    expect(decodeAnswers('7')).toEqual([7]);
    expect(decodeAnswers('')).toEqual([null]);
  });

  it('reads rows stored before the digit form (comma form only)', () => {
    expect(decodeAnswers('4,5,,3')).toEqual([4, 5, null, 3]);
  });

  it('round-trips long vectors (a reused buffer grows past 256 answers)', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : i % 6));
    expect(decodeAnswers(encodeAnswers(values))).toEqual(values);
    expect(encodeAnswers(values)).toHaveLength(300);
  });
});

describe('segment codec', () => {
  const keys = ['role', 'layer'];
  it('packs values in the instrument order after U+001F, empty where blank', () => {
    expect(encodeSegments(keys, { role: 'it', layer: 'team' })).toBe('\u001fit\u001fteam');
    expect(encodeSegments(keys, { layer: 'team' })).toBe('\u001f\u001fteam');
    expect(encodeSegments(keys, {})).toBeNull();
    expect(encodeSegments(keys, null)).toBeNull();
    expect(decodeSegments(keys, '\u001fit\u001fteam')).toEqual({ role: 'it', layer: 'team' });
    expect(decodeSegments(keys, '\u001f\u001fteam')).toEqual({ layer: 'team' });
    expect(decodeSegments(keys, null)).toBeNull();
  });

  it('reads rows stored before (JSON)', () => {
    expect(decodeSegments(keys, '{"role":"it"}')).toEqual({ role: 'it' });
  });
});
