import { describe, expect, it } from 'vitest';
import { itemScore } from '../../src/domain/item-score.js';

const likert = { type: 'likert', min: 1, max: 5 } as const;

describe('itemScore', () => {
  it.each([
    // 100 · (v − 1) / (5 − 1)
    [1, 0],
    [2, 25],
    [3, 50],
    [4, 75],
    [5, 100],
  ])('scores likert %d as %d', (value, expected) => {
    expect(itemScore(value, { scale: likert, reverse: false })).toBe(expected);
  });

  it('reverses a reverse-coded item: 100 − 100·(4 − 1)/4 = 25', () => {
    expect(itemScore(4, { scale: likert, reverse: true })).toBe(25);
  });

  it('scores binary yes as 100 and no as 0', () => {
    const binary = { type: 'binary', min: 0, max: 1 } as const;
    expect(itemScore(1, { scale: binary, reverse: false })).toBe(100);
    expect(itemScore(0, { scale: binary, reverse: false })).toBe(0);
  });

  it('does not clamp goalposts: 100·(130 − 50)/(150 − 50) = 80, 100·(170 − 50)/100 = 120', () => {
    const goalposts = { type: 'goalposts', min: 50, max: 150 } as const;
    expect(itemScore(130, { scale: goalposts, reverse: false })).toBe(80);
    expect(itemScore(170, { scale: goalposts, reverse: false })).toBe(120);
    expect(itemScore(20, { scale: goalposts, reverse: false })).toBe(-30);
  });
});
