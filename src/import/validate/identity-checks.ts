import type { City, CityDirectory } from '../../db/repositories/cities.js';
import { suggestCities } from '../../domain/city-suggestions.js';
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
  /** Known cities a new name may be a misspelling of ("Gnt" → Gent), per city key. */
  const suggestions = new Map<string, string[]>();
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
      const near = nearCities(r.city, r.country, directory);
      if (near.length > 0) suggestions.set(key, near);
      const hint =
        elsewhere.length > 0
          ? ` (a "${elsewhere[0]!.name}" is known in ${elsewhere[0]!.country}: check the country code)`
          : near.length > 0
            ? `. Did you mean ${near.join(' or ')}? Map it with --map-city "${r.city}=${near[0]}" (or in the preview)`
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
    suggestions,
    summary: {
      matched: [...new Set([...known.values()].map((c) => c.name))].sort(),
      added: [...added.values()].map((c) => c.name).sort(),
    },
  };
}

/** Known cities near a new name: those of its own country first, else any. */
function nearCities(name: string, country: string, directory: CityDirectory): string[] {
  const own = suggestCities(
    name,
    directory.spellings.filter((s) => s.country === country),
  );
  return own.length > 0 ? own : suggestCities(name, directory.spellings);
}
