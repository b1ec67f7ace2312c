import { createRequire } from 'node:module';
import type * as CountryTable from 'i18n-iso-countries';
import { DomainError } from '../../domain/domain-error.js';

const require = createRequire(import.meta.url);
const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
type Countries = typeof CountryTable;
let table: Countries | undefined;

/**
 * The library's core with just our four languages, loaded on first use: its
 * default entry registers all of its 78, a few MB of heap in every import.
 */
function countryTable(): Countries {
  if (!table) {
    table = require('i18n-iso-countries/index.js') as Countries;
    for (const lang of LANGUAGES) table.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
  }
  return table;
}

/**
 * A country as people write it — ISO 3166 alpha-2 or alpha-3, or its name
 * in English, Dutch, French or German (the table of i18n-iso-countries,
 * with its common alternatives) — as its alpha-2 code; null when unknown.
 * @example countryCode('België') // => 'BE'
 * @example countryCode('bel') // => 'BE'
 */
export function countryCode(written: string): string | null {
  const text = written.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const countries = countryTable();
  if (/^[A-Za-z]{2}$/.test(text)) return countries.isValid(text.toUpperCase()) ? text.toUpperCase() : null;
  if (/^[A-Za-z]{3}$/.test(text)) {
    const code = countries.alpha3ToAlpha2(text.toUpperCase());
    if (code) return code;
  }
  for (const lang of LANGUAGES) {
    const code = countries.getAlpha2Code(text, lang);
    if (code) return code;
  }
  return null;
}

/** The country given on import (`--country`, the form, the API) as its alpha-2 code; a DomainError naming the value otherwise. */
export function parseCountryOption(written: string): string {
  const code = countryCode(written);
  if (!code)
    throw new DomainError(
      'country-invalid',
      `"${written}" is not a country: give its ISO code (BE, BEL) or its name in English, Dutch, French or German (Belgium, België, Belgique, Belgien).`,
    );
  return code;
}

/** The city given on import, whitespace folded; a DomainError when blank or longer than a city name can be. */
export function parseCityOption(written: string): string {
  const city = written.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (city === '' || city.length > 100 || /[\p{Cc}\p{Cf}]/u.test(city))
    throw new DomainError(
      'city-invalid',
      `"${written}" is not a city name: give the name as it should be shown (e.g. Gent).`,
    );
  return city;
}
