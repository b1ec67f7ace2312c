import damerauLevenshtein from 'damerau-levenshtein';
import { accentlessKey } from './text-key.js';

/** One way a known city may be written (its name or an alias), and the city's own name. */
export interface CitySpelling {
  readonly written: string;
  readonly name: string;
}

/**
 * The known cities a mistyped name most likely means, nearest first: by
 * Damerau-Levenshtein distance (a transposition counts as one edit) between
 * accentless, case-folded keys, over names and aliases (so "Gant" finds Gent
 * through its French name "Gand"). A name is near when it is at most one edit
 * away, or two for names of six letters or more; a known name that starts
 * with what was typed (three letters at least) is near too.
 * @example suggestCities('Gnt', [{ written: 'Gent', name: 'Gent' }]) // => ['Gent']
 */
export function suggestCities(typed: string, spellings: readonly CitySpelling[], max = 3): string[] {
  const key = accentlessKey(typed);
  if (key === '') return [];
  const allowed = key.length >= 6 ? 2 : 1;
  const best = new Map<string, number>();
  for (const s of spellings) {
    const other = accentlessKey(s.written);
    if (other === key) continue;
    const prefix = key.length >= 3 && other.startsWith(key);
    // Each edit changes the length by one at most: most names are ruled out without the distance.
    if (!prefix && Math.abs(other.length - key.length) > allowed) continue;
    const steps = damerauLevenshtein(key, other).steps;
    if (steps > allowed && !prefix) continue;
    const score = prefix ? Math.min(steps, allowed) : steps;
    const seen = best.get(s.name);
    if (seen === undefined || score < seen) best.set(s.name, score);
  }
  return [...best]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([name]) => name);
}
