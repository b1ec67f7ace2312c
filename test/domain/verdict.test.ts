import { describe, expect, it } from 'vitest';
import { peerGroupName } from '../../src/domain/peer-group-name.js';
import { cityVerdict, type VerdictGap, type VerdictInput } from '../../src/domain/verdict.js';

const gap = (
  label: string,
  g: number | null,
  significant: boolean | null,
  ci: [number, number] | null = null,
  suppressed = false,
): VerdictGap => ({
  label,
  gap: g,
  ciLow: ci?.[0] ?? null,
  ciHigh: ci?.[1] ?? null,
  significant,
  suppressed,
});

const base: VerdictInput = {
  lang: 'en',
  city: 'Gent',
  peers: 'the five largest cities',
  rank: { rank: 29, of: 36 },
  index: { score: 36.04, level: 2, levelLabel: 'Exploring' },
  indexSuppressed: false,
  gaps: [
    gap('Sovereignty', 10.5, false, [-2.1, 23.1]),
    gap('Interoperability', 18.9, true, [8.8, 26.2]),
    gap('Compliance', 15.3, true, [3.1, 21.4]),
    gap('Infrastructure', 9.7, false),
    gap('Impact', -6.2, true, [-11, -1.4]),
  ],
};

describe('cityVerdict', () => {
  it('puts the rank first, then the clear gaps largest first, then where the city leads, then "no clear difference"', () => {
    expect(cityVerdict(base)).toBe(
      'Gent is at rank 29 of 36 cities on the maturity index (36.0, level 2: Exploring). ' +
        'Compared with the five largest cities, Gent is clearly behind on interoperability (18.9 points; likely 8.8 to 26.2) and compliance (15.3 points; likely 3.1 to 21.4). ' +
        // ahead by 6.2: the interval [-11, -1.4] read as a lead of 1.4 to 11
        'It is clearly ahead on impact (6.2 points; likely 1.4 to 11.0). ' +
        'There is no clear difference on sovereignty and infrastructure: the gaps measured there (9.7 to 10.5 points) could be chance.',
    );
  });

  it('says so in Dutch, with decimal commas and Dutch word order', () => {
    const nl = cityVerdict({
      ...base,
      lang: 'nl',
      peers: 'de vijf grootste steden',
      index: { ...base.index!, levelLabel: 'Verkennend' },
    });
    expect(nl).toBe(
      'Gent staat op plaats 29 van 36 steden op de maturiteitsindex (36,0, niveau 2: Verkennend). ' +
        'Tegenover de vijf grootste steden staat Gent duidelijk achter op interoperability (18,9 punten; waarschijnlijk 8,8 tot 26,2) en compliance (15,3 punten; waarschijnlijk 3,1 tot 21,4). ' +
        'Gent loopt duidelijk voor op impact (6,2 punten; waarschijnlijk 1,4 tot 11,0). ' +
        'Geen duidelijk verschil op sovereignty en infrastructure: de gemeten kloven daar (9,7 tot 10,5 punten) kunnen toeval zijn.',
    );
  });

  it('with no clear gap at all, opens the comparison with "no clear difference"', () => {
    const text = cityVerdict({
      ...base,
      rank: null,
      index: null,
      gaps: [gap('Sovereignty', 4, false), gap('Compliance', 4, false)],
    });
    expect(text).toBe(
      'Compared with the five largest cities, there is no clear difference on sovereignty and compliance: the gaps measured there (4.0 points) could be chance.',
    );
  });

  it('says which side a range of unclear gaps is on when it crosses 0', () => {
    const text = cityVerdict({
      ...base,
      rank: null,
      index: null,
      gaps: [gap('Sovereignty', -9.6, false), gap('Compliance', 10.9, false)],
    });
    expect(text).toBe(
      'Compared with the five largest cities, there is no clear difference on compliance and sovereignty: the gaps measured there (from 9.6 points ahead to 10.9 points behind) could be chance.',
    );
    const ahead = cityVerdict({
      ...base,
      lang: 'nl',
      peers: 'x',
      rank: null,
      index: null,
      gaps: [gap('A', -2, false), gap('B', -5, false)],
    });
    expect(ahead).toContain('(2,0 tot 5,0 punten voor)');
  });

  it('names what cannot be tested and what is suppressed, never a number for them', () => {
    const text = cityVerdict({
      ...base,
      gaps: [gap('Sovereignty', 12, true), gap('Compliance', 3, null), gap('Impact', null, null, null, true)],
    });
    expect(text).toContain('clearly behind on sovereignty (12.0 points)');
    expect(text).toContain('Too few respondents to test compliance.');
    expect(text).toContain('Not shown (too few respondents): impact.');
    expect(text).not.toMatch(/3\.0/);
  });

  it('says when the city has no index', () => {
    expect(cityVerdict({ ...base, rank: null, index: null, indexSuppressed: true, gaps: [] })).toBe(
      'Gent has too few respondents for an index.',
    );
  });
});

describe('peerGroupName', () => {
  it.each([
    [{ kind: 'largest', count: 5 } as const, 'en', 'the five largest cities'],
    [{ kind: 'largest', count: 5 } as const, 'nl', 'de vijf grootste steden'],
    [{ kind: 'largest', count: 1 } as const, 'en', 'the largest city'],
    [{ kind: 'largest', count: 20 } as const, 'en', 'the 20 largest cities'],
    [{ kind: 'country', country: 'BE' } as const, 'nl', 'de andere steden in België'],
    [{ kind: 'country', country: 'DE' } as const, 'en', 'the other cities in Germany'],
    [{ kind: 'all' } as const, 'en', 'all other cities'],
    [{ kind: 'named', name: 'benelux' } as const, 'nl', 'de groep “benelux”'],
    [{ kind: 'list', names: ['Berlin', 'Paris', 'Wien'] } as const, 'en', 'Berlin, Paris and Wien'],
  ])('%j in %s → %s', (spec, lang, expected) => {
    expect(peerGroupName(spec, lang as 'en' | 'nl')).toBe(expected);
  });
});
