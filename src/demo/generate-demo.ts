import Papa from 'papaparse';
import type { Instrument } from '../domain/instrument.js';
import type { RegistryCity } from '../db/repositories/cities.js';
import { slugify } from '../domain/text-key.js';
import { normal, seededRandom } from '../domain/seeded-random.js';

/**
 * The demo data set: SYNTHETIC survey answers, generated from a fixed seed so
 * every machine gets the same files. Not real survey results.
 *
 * Design: each city has a latent maturity per dimension (sovereignty and
 * interoperability weakest everywhere: "the same gaps across cities"), which
 * improves a little from 2025 to 2026; respondents answer around it with
 * noise, leave a few blanks, and sometimes answer "n.v.t.".
 */
export const DEMO_WAVES = [2025, 2026] as const;
export const DEMO_SEED = 20260;

/** Cities of the demo besides the ten most populous of the registry. */
const DEMO_CITIES = [
  'Gent',
  'Antwerpen',
  'Bruxelles',
  'Leuven',
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Eindhoven',
  'Köln',
  'Frankfurt am Main',
  'Stockholm',
  'Helsinki',
  'Oslo',
  'København',
  'Tallinn',
  'Lisboa',
  'Porto',
  'Lyon',
  'Nantes',
  'Milano',
  'Bologna',
  'Praha',
  'Zagreb',
  'Ljubljana',
  'Dublin',
  'Glasgow',
  'Tampere',
  'Bilbao',
];
/** Cities given two respondents: below the suppression threshold of 3. */
const SMALL_CITIES = new Set(['Tampere', 'Bilbao']);

const DIMENSION_SHIFT: Readonly<Record<string, number>> = {
  sovereignty: -0.6,
  impact: -0.2,
  compliance: 0.35,
  interoperability: -0.45,
  infrastructure: 0.1,
};
const ROLES = ['management', 'policy', 'it', 'operations', 'legal'];
const LAYERS = ['personal', 'team', 'business'];
const COMMENTS = [
  'Synthetic demo comment: we need a shared platform across departments.',
  'Synthetic demo comment: procurement rules make it hard to exit a vendor.',
  'Synthetic demo comment: our AI register is still a spreadsheet.',
  'Synthetic demo comment: KPIs are set after the pilot, not before.',
];

export interface DemoFile {
  readonly wave: number;
  readonly fileName: string;
  readonly csv: string;
}

export function demoCityNames(registry: readonly RegistryCity[]): string[] {
  const largest = [...registry]
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
    .slice(0, 10)
    .map((c) => c.name);
  return [...new Set([...largest, ...DEMO_CITIES])];
}

/** The demo CSV files, one per wave, in the instrument's own column names. */
export function generateDemo(instrument: Instrument, registry: readonly RegistryCity[]): DemoFile[] {
  const rnd = seededRandom(DEMO_SEED);
  const byName = new Map(registry.map((c) => [c.name, c]));
  const cities = demoCityNames(registry).map((name) => {
    const city = byName.get(name);
    if (!city) throw new Error(`Demo city ${name} is not in the registry`);
    return city;
  });
  const latent = new Map(
    cities.map((c) => [
      c.name,
      { base: 2.9 + 0.55 * normal(rnd), dims: instrument.dimensions.map(() => 0.35 * normal(rnd)) },
    ]),
  );
  const { columns } = instrument;
  const header = [
    columns.id,
    columns.city,
    columns.country,
    columns.wave,
    'role',
    'layer',
    'comment',
    ...instrument.questions.map((q) => q.code),
  ];

  return DEMO_WAVES.map((wave, w) => {
    const rows: string[][] = [];
    for (const city of cities) {
      const l = latent.get(city.name)!;
      const count = SMALL_CITIES.has(city.name) ? 2 : 3 + Math.floor(rnd() * 13);
      for (let i = 1; i <= count; i++) {
        const person = 0.45 * normal(rnd);
        const answers = instrument.questions.map((q) => {
          const draw = rnd();
          if (draw < 0.04) return '';
          if (draw < 0.055) return 'n.v.t.';
          const d = instrument.dimensions.findIndex((dim) => dim.key === q.dimension);
          const mean = l.base + (DIMENSION_SHIFT[q.dimension] ?? 0) + l.dims[d]! + person + 0.25 * w;
          const value = Math.min(5, Math.max(1, Math.round(mean + 0.7 * normal(rnd))));
          return String(q.reverse ? 6 - value : value);
        });
        rows.push([
          `${wave}-${slugify(city.name)}-${String(i).padStart(2, '0')}`,
          city.name,
          city.country,
          String(wave),
          ROLES[Math.floor(rnd() * ROLES.length)]!,
          LAYERS[Math.floor(rnd() * LAYERS.length)]!,
          rnd() < 0.15 ? COMMENTS[Math.floor(rnd() * COMMENTS.length)]! : '',
          ...answers,
        ]);
      }
    }
    return {
      wave,
      fileName: `SYNTHETIC-demo-eurocities-ai-${wave}.csv`,
      csv: Papa.unparse([header, ...rows], { newline: '\n' }) + '\n',
    };
  });
}
