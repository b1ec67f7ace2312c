import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress-bar.js';

describe('progressLine', () => {
  it('shows share, rows, rate and time left', () => {
    // 5 MB of 20 MB = 25 %; 50,000 rows in 2 s = 25,000 rows/s; 2 s / 0.25 · 0.75 = 6 s left.
    expect(progressLine({ rows: 50_000, bytesRead: 5e6, totalBytes: 2e7, done: false }, 2000)).toBe(
      '[#####...............]  25 %  50,000 rows  25,000 rows/s  6 s left',
    );
  });

  it('says done at the end', () => {
    expect(progressLine({ rows: 10, bytesRead: 100, totalBytes: 100, done: true }, 1000)).toBe(
      '[####################] 100 %  10 rows  10 rows/s  done',
    );
  });
});
