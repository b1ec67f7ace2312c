import { describe, expect, it } from 'vitest';
import { barChart, wrapLabel } from '../../src/web/presenters/chart-configs.js';
import { parseSegment } from '../../src/domain/segment-filter.js';
import { defaultInstrument } from '../support/fixtures.js';

describe('chart configurations', () => {
  it('wraps long labels into lines', () => {
    expect(wrapLabel('AI impact measurement & metrics', 16)).toEqual(['AI impact', 'measurement &', 'metrics']);
    expect(wrapLabel('Short')).toBe('Short');
  });

  it('puts rounded intervals and n.s. flags on bar datasets, pale where not significant', () => {
    const chart = barChart(
      ['x', 'y'],
      [
        {
          label: 'gap',
          data: [10.04, 3],
          intervals: [[2.26, 17.8], null],
          notSignificant: [false, true],
          color: '#0072B2',
        },
      ],
    ) as {
      data: { datasets: { data: number[]; intervals: unknown[]; backgroundColor: string[] }[] };
    };
    const ds = chart.data.datasets[0]!;
    expect(ds.data).toEqual([10, 3]);
    expect(ds.intervals).toEqual([[2.3, 17.8], null]);
    expect(ds.backgroundColor).toEqual(['rgba(0, 114, 178, 0.85)', 'rgba(0, 114, 178, 0.25)']);
  });
});

describe('segment filter', () => {
  const instrument = defaultInstrument();
  it('reads column:value of a declared segment column', () => {
    expect(parseSegment(instrument, 'role:it')).toEqual({ key: 'role', value: 'it' });
    expect(parseSegment(instrument, undefined)).toBeNull();
    expect(() => parseSegment(instrument, 'shoe:42')).toThrow(/role, layer/);
    expect(() => parseSegment(instrument, 'role:')).toThrow(/column:value/);
  });
});
