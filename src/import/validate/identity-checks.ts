import type { City, CityDirectory } from '../../db/repositories/cities.js';
import { foldKey } from '../../domain/text-key.js';
import { issueWarning, place, type ImportIssue } from '../import-issue.js';
import type { ParsedRespondent } from './read-respondents.js';

export const cityKey = (name: string, country: string) => `${country}\u0000${foldKey(name)}`;

/**
 * Each (country, name) of the file → a known city (by name or alias in that
 * country) or a new one. New cities are added with a warning; names that
 * differ from a known city only by accents are flagged, not merged.
 */
export function matchCities(
  respondents: readonly ParsedRespondent[],
  directory: CityDirectory,
  warnings: ImportIssue[],
) {
  const known = new Map<string, City>();
  const added = new Map<string, { name: string; country: string; population: null }>();
  for (const r of respondents) {
    const key = cityKey(r.city, r.country);
    if (known.has(key) || added.has(key)) continue;
    const city = directory.findWritten(r.city, r.country);
    if (city) {
      known.set(key, city);
      continue;
    }
    added.set(key, { name: r.city, country: r.country, population: null });
    const variants = directory.accentVariants(r.city, r.country);
    if (variants.length > 0) {
      warnings.push(
        issueWarning(
          'city-accent-variant',
          `${place(r.row, 'city')}"${r.city}" differs from the known city "${variants[0]!.name}" only by accents; it was kept as a separate city. Correct the file if they are the same.`,
          { row: r.row, column: 'city', value: r.city },
        ),
      );
    } else {
      const elsewhere = directory.byName(r.city).filter((c) => c.country !== r.country);
      const hint =
        elsewhere.length > 0
          ? ` (a "${elsewhere[0]!.name}" is known in ${elsewhere[0]!.country}: check the country code)`
          : '';
      warnings.push(
        issueWarning(
          'city-new',
          `${place(r.row, 'city')}"${r.city}" (${r.country}) is not in the city registry; it was added without a population, so it is never in a largest:N peer group${hint}.`,
          { row: r.row, column: 'city', value: r.city },
        ),
      );
    }
  }
  return {
    known,
    added,
    summary: {
      matched: [...new Set([...known.values()].map((c) => c.name))].sort(),
      added: [...added.values()].map((c) => c.name).sort(),
    },
  };
}
