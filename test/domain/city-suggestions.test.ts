import { describe, expect, it } from 'vitest';
import { suggestCities, type CitySpelling } from '../../src/domain/city-suggestions.js';

const known: CitySpelling[] = [
  { written: 'Gent', name: 'Gent' },
  { written: 'Ghent', name: 'Gent' },
  { written: 'Gand', name: 'Gent' },
  { written: 'Genk', name: 'Genk' },
  { written: 'Antwerpen', name: 'Antwerpen' },
  { written: 'Antwerp', name: 'Antwerpen' },
  { written: 'Liège', name: 'Liège' },
  { written: 'Brussel', name: 'Brussel' },
];

describe('suggestCities', () => {
  it.each([
    // "gnt" → "gent": one insertion; "genk": insertion + substitution = 2 (> 1 allowed for a short name)
    ['Gnt', ['Gent']],
    // "gnet" → "gent": one transposition (Damerau); plain Levenshtein would count 2
    ['Gnet', ['Gent']],
    // "gant" → "gand" (alias of Gent): one substitution; "gent": one substitution: Gent once; "genk": 2
    ['Gant', ['Gent']],
    // "gen" → "gent", "genk" one insertion each, ties by name; also prefixes of both
    ['Gen', ['Genk', 'Gent']],
    // "antwrpen" (8 letters, 2 edits allowed) → "antwerpen": one insertion
    ['Antwrpen', ['Antwerpen']],
    // accents do not count: "liege" = "liège" folded, so no suggestion (it is the same key)
    ['Liege', []],
    ['Brusel', ['Brussel']],
    ['Amsterdam', []],
    ['', []],
  ])('suggests for %j: %j', (typed, expected) => {
    expect(suggestCities(typed, known)).toEqual(expected);
  });

  it('gives at most `max` names', () => {
    expect(suggestCities('Gen', known, 1)).toEqual(['Genk']);
  });
});
