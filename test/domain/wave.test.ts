import { describe, expect, it } from 'vitest';
import { parsePageQuery } from '../../src/domain/page-query.js';
import { parseWave, waveProblem } from '../../src/domain/wave.js';

describe('parseWave: the one wave rule of CLI, form, API and URL', () => {
  it.each([
    ['1990', 1990],
    ['2026', 2026],
    [' 2001 ', 2001],
  ])('reads %j as %d', (text, year) => {
    expect(parseWave(text, 2026)).toBe(year);
  });

  it.each(['1989', '2027', '2099', 'twenty', '26', '20260', '', '2026.0'])(
    'refuses %j naming the value and the range',
    (text) => {
      expect(() => parseWave(text, 2026)).toThrow(
        `Wave "${text.trim()}" is not a survey year: write a year from 1990 to 2026.`,
      );
    },
  );

  it('says why without throwing, for the importer that collects problems', () => {
    expect(waveProblem('2026', 2026)).toBeNull();
    expect(waveProblem('2027', 2026)).toBe('a year from 1990 to 2026');
  });
});

describe('parsePageQuery', () => {
  it('parses every shared parameter into its typed value, ignoring empty ones', () => {
    expect(
      parsePageQuery(
        { wave: '2026', peers: 'country:be', cities: 'Gent, Antwerpen,', segment: 'role:it', city: '', lang: 'nl' },
        2026,
      ),
    ).toEqual({
      wave: 2026,
      peers: { text: 'country:be', spec: { kind: 'country', country: 'BE' } },
      cities: ['Gent', 'Antwerpen'],
      segment: 'role:it',
    });
  });

  it('refuses a bad wave, bad peers and an over-long value with their codes', () => {
    expect(() => parsePageQuery({ wave: '2099' }, 2026)).toThrow(expect.objectContaining({ code: 'wave-invalid' }));
    expect(() => parsePageQuery({ peers: 'largest:x' }, 2026)).toThrow(
      expect.objectContaining({ code: 'peers-invalid' }),
    );
    expect(() => parsePageQuery({ city: 'x'.repeat(201) }, 2026)).toThrow(
      expect.objectContaining({ code: 'query-invalid' }),
    );
  });
});
