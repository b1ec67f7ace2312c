/**
 * npm run bench:scoring — the domain core scoring one wave:
 * 200 cities × 10,000 respondents × 30 questions (5 dimensions × 6 likert
 * items, ~5 % missing answers, respondent weights), read as
 *   A) 10,000 respondents per city  = 2,000,000 respondents, and
 *   B) 10,000 respondents in total  = 50 per city.
 * Each scenario runs several times; the median wall time is reported, for the
 * full scoreCities (node moments + item statistics for Cronbach's alpha + city
 * scores) and for the node moments alone (accumulateCityMoments + cityScore).
 * Answer vectors: 100,000 distinct generated respondents, cycled (keeps the
 * data in memory small; every respondent is still scored in full).
 * Options: --runs N (default 5), --only A|B.
 */
import { loadavg } from 'node:os';
import { accumulateCityMoments, cityScore, scoreCities } from '../src/domain/city-scores.js';
import { parseInstrument } from '../src/domain/instrument-schema.js';
import { waveReliability } from '../src/domain/reliability.js';
import { compileScorer } from '../src/domain/respondent-scores.js';
import { seededRandom } from '../src/domain/seeded-random.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const DIMS = 5;
const PER_DIM = 6;
const instrument = parseInstrument({
  id: 'bench',
  version: '1',
  name: { en: 'Bench' },
  minRespondents: 3,
  dimensions: Array.from({ length: DIMS }, (_, d) => ({
    key: `d${d}`,
    label: { en: `D${d}` },
    weight: 1 + (d % 2),
    questions: Array.from({ length: PER_DIM }, (_, q) => ({ code: `Q${d}_${q}`, text: { en: 'q' }, reverse: q === 5 })),
  })),
});

const rnd = seededRandom(4);
const DISTINCT = 100_000;
const pool = Array.from({ length: DISTINCT }, () => {
  const level = 1 + 4 * rnd();
  return Array.from({ length: DIMS * PER_DIM }, () =>
    rnd() < 0.05 ? null : Math.max(1, Math.min(5, Math.round(level + (rnd() - 0.5) * 2))),
  );
});
const weights = Array.from({ length: DISTINCT }, () => 0.5 + rnd());
const cityIds = Array.from({ length: 200 }, (_, i) => `city-${i}`);

function* respondents(perCity: number) {
  let k = 0;
  for (const city of cityIds) {
    for (let i = 0; i < perCity; i++, k = (k + 1) % DISTINCT) yield { city, weight: weights[k]!, answers: pool[k]! };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const cpu: number[] = [];
/** Wall time in ms; the process CPU time (user + system) of the same call goes to `cpu`. */
function time(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return wall;
}

function scenario(label: string, perCity: number) {
  const full: number[] = [];
  const core: number[] = [];
  const fullCpu: number[] = [];
  const coreCpu: number[] = [];
  let check = 0;
  time(() => scoreCities(instrument, respondents(Math.min(perCity, 200)))); // warm-up
  for (let r = 0; r < runs; r++) {
    full.push(
      time(() => {
        const s = scoreCities(instrument, respondents(perCity));
        check += s.cities.length + (waveReliability(instrument, s.reliability, s.moments.values())[0]!.alpha ?? 0);
      }),
    );
    fullCpu.push(cpu.at(-1)!);
    core.push(
      time(() => {
        const scorer = compileScorer(instrument);
        const m = accumulateCityMoments(scorer, respondents(perCity));
        for (const acc of m.values()) check += cityScore(instrument, scorer, acc).respondents ?? 0;
      }),
    );
    coreCpu.push(cpu.at(-1)!);
  }
  const n = perCity * cityIds.length;
  console.log(
    `${label}: ${cityIds.length} cities × ${perCity.toLocaleString('en')} respondents (${n.toLocaleString('en')}) × ${DIMS * PER_DIM} questions, ${runs} runs\n` +
      `  full scoreCities (+ alpha statistics): median ${median(full).toFixed(0)} ms wall, ${median(fullCpu).toFixed(0)} ms CPU  [wall ${full.map((x) => x.toFixed(0)).join(', ')}]\n` +
      `  node moments + city scores only:      median ${median(core).toFixed(0)} ms wall, ${median(coreCpu).toFixed(0)} ms CPU  [wall ${core.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  return check;
}

console.log(
  `Node ${process.version}, ${process.arch}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (CPU time is less sensitive to a busy machine than wall time)`,
);
if (only !== 'B') scenario('A', 10_000);
if (only !== 'A') scenario('B', 50);
