import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { seededRandom } from '../../src/domain/seeded-random.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * Seeded benchmark data: an instrument of 8 dimensions × 5
 * questions (40), and a survey CSV of N respondents over 200 cities with two
 * segment columns. The same seed gives the same bytes on every machine.
 */
export const BENCH_DIMENSIONS = 8;
export const BENCH_QUESTIONS_PER_DIMENSION = 5;
export const BENCH_CITIES = 200;
export const BENCH_WAVE = 2026;
/** Where the benches keep their generated files and results (git-ignored). */
export const BENCH_DIR = join(PROJECT_ROOT, 'bench-data');

export function benchInstrumentJson(): string {
  const dimensions = Array.from({ length: BENCH_DIMENSIONS }, (_, d) => ({
    key: `d${d + 1}`,
    label: { en: `Dimension ${d + 1}` },
    weight: 1,
    target: 70,
    questions: Array.from({ length: BENCH_QUESTIONS_PER_DIMENSION }, (_, q) => ({
      code: `Q${String(d * BENCH_QUESTIONS_PER_DIMENSION + q + 1).padStart(2, '0')}`,
      text: { en: `Question ${d * BENCH_QUESTIONS_PER_DIMENSION + q + 1}` },
      weight: 1,
      reverse: q === 4,
    })),
  }));
  return JSON.stringify(
    {
      id: 'bench-40',
      version: '1.0.0',
      name: { en: 'Benchmark instrument (40 questions)' },
      languages: ['en'],
      scale: { type: 'likert', min: 1, max: 5 },
      segments: ['role', 'layer'],
      columns: { id: 'respondent_id', city: 'city', country: 'country', wave: 'survey_year', weight: 'weight' },
      minRespondents: 3,
      levels: [
        { level: 1, from: 0, label: { en: 'Initial' } },
        { level: 2, from: 25, label: { en: 'Developing' } },
        { level: 3, from: 50, label: { en: 'Defined' } },
        { level: 4, from: 75, label: { en: 'Managed' } },
      ],
      dimensions,
    },
    null,
    2,
  );
}

export const benchCityName = (i: number) => `Benchcity ${String(i + 1).padStart(3, '0')}`;
const COUNTRIES = ['BE', 'NL', 'DE', 'FR', 'ES'];
const ROLES = ['policy', 'it', 'data', 'legal', 'service'];
const LAYERS = ['strategic', 'tactical', 'operational'];

/**
 * Writes the survey CSV to `path` (UTF-8, comma, header first) and returns
 * its size in bytes. `weights` adds a weight column (0.5–2.0) to exercise
 * weighted moments. `quoteAll` puts every field in quotes, as Qualtrics,
 * LimeSurvey and SurveyMonkey write (same content, same seed: same records).
 * Rows are built and written in blocks: memory stays flat.
 */
export function writeBenchCsv(
  path: string,
  respondents: number,
  options: { seed?: number; weights?: boolean; wave?: number; idPrefix?: string; quoteAll?: boolean } = {},
): number {
  // No field holds a comma or a quote: quoting every one is wrapping it.
  const quoted = (line: string) => (options.quoteAll ? `"${line.replaceAll(',', '","')}"` : line);
  const rnd = seededRandom(options.seed ?? 8);
  const questions = BENCH_DIMENSIONS * BENCH_QUESTIONS_PER_DIMENSION;
  const cityLevel = Array.from({ length: BENCH_CITIES }, () => 1.8 + rnd() * 2.4);
  const header = [
    'respondent_id',
    'city',
    'country',
    'survey_year',
    'role',
    'layer',
    ...(options.weights ? ['weight'] : []),
  ];
  for (let q = 1; q <= questions; q++) header.push(`Q${String(q).padStart(2, '0')}`);
  const fd = openSync(path, 'w');
  let bytes = 0;
  const write = (text: string) => {
    bytes += writeSync(fd, text);
  };
  try {
    write(`${quoted(header.join(','))}\n`);
    let block = '';
    for (let i = 0; i < respondents; i++) {
      const c = Math.floor(rnd() * BENCH_CITIES);
      let line = `${options.idPrefix ?? 'R'}${String(i + 1).padStart(7, '0')},${benchCityName(c)},${COUNTRIES[c % COUNTRIES.length]},${options.wave ?? BENCH_WAVE},${ROLES[Math.floor(rnd() * ROLES.length)]},${LAYERS[Math.floor(rnd() * LAYERS.length)]}`;
      if (options.weights) line += `,${(0.5 + Math.floor(rnd() * 16) / 10).toFixed(1)}`;
      const level = cityLevel[c]!;
      for (let q = 0; q < questions; q++) {
        const r = rnd();
        if (r < 0.05) line += ',';
        else line += `,${Math.min(5, Math.max(1, Math.round(level + (r - 0.5) * 3)))}`;
      }
      block += `${quoted(line)}\n`;
      if (block.length > 1 << 20) {
        write(block);
        block = '';
      }
    }
    write(block);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * The bench's survey CSV of n respondents (seed 8), generated when missing: quoted where
 * needed (`plain`: no field needs it) or every field (`quoted`). One file per size and
 * layout, shared by every bench.
 */
export function ensureBenchCsv(n: number, layout: 'plain' | 'quoted' = 'plain'): string {
  const path = join(BENCH_DIR, layout === 'plain' ? `survey-${n}.csv` : `survey-${n}-quoted.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} …\n`);
    mkdirSync(BENCH_DIR, { recursive: true });
    writeBenchCsv(path, n, { seed: 8, quoteAll: layout === 'quoted' });
  }
  return path;
}

/**
 * The survey CSV at `csvPath` as an .xlsx workbook at `path` (one sheet,
 * answers and years as numbers, blanks as empty cells: as survey tools
 * export), for the spreadsheet case of the benchmark: the same records
 * through the same importer. Held in memory while written (100,000 rows:
 * a few hundred MB, in the benchmark's own process only).
 */
export function writeBenchXlsx(csvPath: string, path: string): number {
  const lines = readFileSync(csvPath, 'utf8').split('\n');
  const rows: (string | number | null)[][] = [];
  for (const line of lines) {
    if (line === '') continue;
    const fields = line.split(',');
    rows.push(rows.length === 0 ? fields : fields.map((f) => (f === '' ? null : /^\d+$/.test(f) ? Number(f) : f)));
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { dense: true }), 'Responses');
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  writeFileSync(path, bytes);
  return bytes.byteLength;
}
