import { DomainError } from '../../domain/domain-error.js';
import { foldKey } from '../../domain/text-key.js';
import { parseCityOption } from './country-code.js';

/** A city name as written in a file, taken as a known city: `--map-city "Gnt=Gent"`. */
export interface CityMapping {
  readonly from: string;
  readonly to: string;
}

/**
 * Reads `Gnt=Gent` mappings (CLI `--map-city`, the preview form, the API's
 * `mapCity`), one per value; the same name mapped twice keeps the last.
 * Throws `city-map-invalid` naming the value.
 * @example parseCityMap(['Gnt=Gent']) // => [{ from: 'Gnt', to: 'Gent' }]
 */
export function parseCityMap(values: readonly string[]): CityMapping[] {
  const byKey = new Map<string, CityMapping>();
  for (const value of values) {
    const at = value.indexOf('=');
    const invalid = () =>
      new DomainError(
        'city-map-invalid',
        `"${value}" is not a city mapping: write the name in the file, "=", and the known city (e.g. Gnt=Gent).`,
      );
    if (at < 0) throw invalid();
    let from: string, to: string;
    try {
      from = parseCityOption(value.slice(0, at));
      to = parseCityOption(value.slice(at + 1));
    } catch {
      throw invalid();
    }
    byKey.set(foldKey(from), { from, to });
  }
  return [...byKey.values()];
}

/** Mappings as text values again (kept with a pending upload). */
export const cityMapValues = (map: readonly CityMapping[]): string[] => map.map((m) => `${m.from}=${m.to}`);
