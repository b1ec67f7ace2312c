import { describe, expect, it } from 'vitest';
import { scoreCities } from '../../src/domain/city-scores.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { parseAnswer } from '../../src/domain/answer-value.js';

/**
 * A published composite index scored by the engine from its public indicator values.
 *
 * Source: UNDP, Human Development Report 2007/2008, Technical note 1
 * "Calculating the human development indices", worked example for Turkey
 * (2005 data). The pre-2010 HDI is exactly our model: goalpost-normalised
 * indicators, arithmetic weighted means at every level of a tree.
 *   life expectancy index = (71.4 − 25) / (85 − 25)                 = 0.773
 *   adult literacy index  = (87.4 − 0) / (100 − 0)                  = 0.874
 *   gross enrolment index = (68.7 − 0) / (100 − 0)                  = 0.687
 *   education index       = 2/3 · 0.874 + 1/3 · 0.687               = 0.812
 *   GDP index             = (log 8,407 − log 100) / (log 40,000 − log 100) = 0.740
 *   HDI                   = 1/3 · (0.773 + 0.812 + 0.740)           = 0.775 (published: 0.775)
 * The GDP indicator is entered as log10(GDP per capita, PPP US$), with the
 * goalposts log10(100) = 2 and log10(40,000) = 4.60206: the engine does not
 * transform indicators, it normalises them. (The worked example and its
 * figures were taken from the technical note as recalled, not re-downloaded:
 * no network here. The arithmetic above is self-consistent to 3 decimals.)
 */
const hdi = parseInstrument({
  id: 'hdi-2007',
  version: '2007/2008',
  name: { en: 'Human Development Index (pre-2010 method)' },
  scale: { type: 'goalposts', min: 0, max: 100 },
  minRespondents: 1, // one row per country: a country-level table is a valid survey
  dimensions: [
    {
      key: 'health',
      label: { en: 'A long and healthy life' },
      weight: 1,
      questions: [
        {
          code: 'life_expectancy',
          text: { en: 'Life expectancy at birth (years)' },
          scale: { type: 'goalposts', min: 25, max: 85 },
        },
      ],
    },
    {
      key: 'knowledge',
      label: { en: 'Knowledge' },
      weight: 1,
      children: [
        {
          key: 'literacy',
          label: { en: 'Adult literacy' },
          weight: 2,
          questions: [{ code: 'adult_literacy', text: { en: 'Adult literacy rate (%)' } }],
        },
        {
          key: 'enrolment',
          label: { en: 'Gross enrolment' },
          weight: 1,
          questions: [{ code: 'gross_enrolment', text: { en: 'Combined gross enrolment ratio (%)' } }],
        },
      ],
    },
    {
      key: 'living',
      label: { en: 'A decent standard of living' },
      weight: 1,
      questions: [
        {
          code: 'log_gdp',
          text: { en: 'log10 GDP per capita (PPP US$)' },
          scale: { type: 'goalposts', min: 2, max: Math.log10(40000) },
        },
      ],
    },
  ],
});

describe('a published composite index (UNDP HDI, HDR 2007/2008 technical note)', () => {
  // Turkey, 2005: life expectancy 71.4, literacy 87.4 %, enrolment 68.7 %, GDP per capita 8,407 PPP US$.
  const turkey = [71.4, 87.4, 68.7, Math.log10(8407)];
  const { cities } = scoreCities(hdi, [{ city: 'TR', answers: turkey }]);
  const tr = cities[0]!;
  const dim = (key: string) => tr.dimensions.find((d) => d.key === key)!;

  it('reproduces every published component index to three decimals', () => {
    expect(dim('health').score! / 100).toBeCloseTo(0.773, 3);
    expect(dim('knowledge').children!.find((c) => c.key === 'literacy')!.score! / 100).toBeCloseTo(0.874, 3);
    expect(dim('knowledge').score! / 100).toBeCloseTo(0.812, 3);
    expect(dim('living').score! / 100).toBeCloseTo(0.74, 3);
  });

  it('reproduces the published HDI of 0.775', () => {
    expect(Math.round(tr.index.score! * 10) / 1000).toBe(0.775);
  });

  it('reads the indicator cells of a country table, decimal commas included', () => {
    const q = hdi.questions[0]!;
    expect(parseAnswer('71,4', q, hdi)).toEqual({ kind: 'value', value: 71.4 });
    expect(parseAnswer('n/a', q, hdi)).toEqual({ kind: 'missing' });
  });

  it('does not clamp an indicator beyond its goalposts', () => {
    // Life expectancy 88 → (88 − 25)/60 = 105 %: the index may exceed 100 (DESIGN "goalposts").
    const {
      cities: [c],
    } = scoreCities(hdi, [{ city: 'X', answers: [88, 100, 100, Math.log10(40000)] }]);
    expect(c!.dimensions[0]!.score).toBeCloseTo(105, 10);
    // (105 + 100 + 100) / 3 = 101.667
    expect(c!.index.score).toBeCloseTo(101.6667, 4);
    // A single row per entity has n = 1: no sd or interval, not suppressed (minRespondents 1).
    expect(c!.dimensions[0]).toMatchObject({ n: 1, sd: null, ciLow: null, suppressed: false });
  });
});
