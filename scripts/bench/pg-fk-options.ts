/**
 * `npx tsx scripts/bench/pg-fk-options.ts`: what the foreign keys of
 * `respondents` cost a COPY, and what the ways around them cost, measured
 * inside one throwaway cluster (docs/postgresql.md, "Foreign keys and COPY").
 * Each option's schema change is made and committed before its timed COPY.
 * The 100k bench file is imported once; its rows are then copied again under
 * new ids by each option in turn, in a transaction rolled back afterwards,
 * round-robin over FK_ROUNDS rounds (default 3) so that the machine's load
 * falls on every option alike. Also checks which locks each option holds
 * until commit, by a reader on a second connection (lock_timeout 300 ms).
 * Environment: BENCH_SMALL (100000), FK_ROUNDS (3), PG_BIN.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PgSession } from '../../src/db/bulk/pg-session.js';
import { findPgBin, startCluster } from '../../test/support/pg-cluster.js';
import { BENCH_DIR as OUT, benchInstrumentJson, ensureBenchCsv } from './bench-data.js';
import { CLI, load, log } from './measure.js';

const N = Number(process.env.BENCH_SMALL ?? 100_000);
const ROUNDS = Number(process.env.FK_ROUNDS ?? 3);
const COLUMNS = 'import_id, wave_id, city_id, respondent_key, source_row, segments, texts, weight, answers';
const FKS = ['import_id', 'wave_id', 'city_id'] as const;
const PARENT = { import_id: 'imports', wave_id: 'waves', city_id: 'cities' } as const;

/** As the import sends them: one COPY statement per chunk of about 1 MiB of whole rows. */
async function copyIn(client: pg.ClientBase, table: string, data: Buffer): Promise<void> {
  const session = new PgSession(client);
  for (let at = 0; at < data.length;) {
    const end = Math.min(data.length, data.indexOf(10, Math.min(data.length - 1, at + (1 << 20))) + 1 || data.length);
    await session.copyIn(`COPY ${table} (${COLUMNS}) FROM STDIN`, [data.subarray(at, end)]);
    at = end;
  }
}

/** The rows of `query` in COPY's text format, by psql. */
const copyOut = (bin: string, url: string, query: string): Buffer =>
  execFileSync(join(bin, 'psql'), [url, '-qAt', '-c', `\\copy (${query}) to stdout`], { maxBuffer: 1 << 30 });

async function dropFks(c: pg.ClientBase, columns: readonly string[] = FKS): Promise<void> {
  for (const col of columns) await c.query(`alter table respondents drop constraint respondents_${col}_fkey`);
}
async function addFks(c: pg.ClientBase, columns: readonly (typeof FKS)[number][] = FKS): Promise<void> {
  for (const col of columns)
    await c.query(
      `alter table respondents add constraint respondents_${col}_fkey foreign key (${col}) references ${PARENT[col]} (id)`,
    );
}

const TRIGGER = 'respondents_parents_insert';
const noop = async () => undefined;

/** `setup` and `teardown` are committed and untimed; `run` is timed in a transaction that is rolled back. */
type Option = {
  name: string;
  setup: (c: pg.ClientBase) => Promise<void>;
  run: (c: pg.ClientBase, data: Buffer) => Promise<void>;
  teardown: (c: pg.ClientBase) => Promise<void>;
};
const options: Option[] = [
  { name: 'COPY, three foreign keys', setup: addFks, run: (c, d) => copyIn(c, 'respondents', d), teardown: dropFks },
  { name: 'COPY, no checks (floor)', setup: noop, run: (c, d) => copyIn(c, 'respondents', d), teardown: noop },
  {
    name: 'COPY, import_id foreign key only',
    setup: (c) => addFks(c, ['import_id']),
    run: (c, d) => copyIn(c, 'respondents', d),
    teardown: (c) => dropFks(c, ['import_id']),
  },
  {
    name: 'COPY to temp table, INSERT … SELECT (three foreign keys)',
    setup: addFks,
    run: async (c, d) => {
      await c.query(`create temp table staging on commit drop as select ${COLUMNS} from respondents with no data`);
      await copyIn(c, 'staging', d);
      await c.query(`insert into respondents (${COLUMNS}) select ${COLUMNS} from staging`);
    },
    teardown: dropFks,
  },
  {
    name: 'drop foreign keys, COPY, add them again (validating)',
    setup: addFks,
    run: async (c, d) => {
      await dropFks(c);
      await copyIn(c, 'respondents', d);
      await addFks(c);
    },
    teardown: dropFks,
  },
  {
    name: 'COPY, statement-level check (migration 0019)',
    setup: (c) => c.query(STATEMENT_TRIGGER).then(noop),
    run: (c, d) => copyIn(c, 'respondents', d),
    teardown: (c) => c.query(`drop trigger ${TRIGGER} on respondents`).then(noop),
  },
];
const STATEMENT_TRIGGER = `create trigger ${TRIGGER} after insert on respondents referencing new table as new_rows
  for each statement execute function bulk_rows_have_parents()`;

async function main(): Promise<void> {
  const bin = findPgBin();
  if (!bin) throw new Error('No PostgreSQL server binaries (set PG_BIN).');
  const csv = ensureBenchCsv(N);
  const instrument = join(OUT, 'instrument.json');
  writeFileSync(instrument, benchInstrumentJson());
  const cluster = await startCluster(bin);
  try {
    execFileSync('node', [CLI, 'instrument', 'add', instrument, '--db', cluster.url], { stdio: 'ignore' });
    execFileSync('node', [CLI, 'import', csv, '--instrument', 'bench-40', '--db', cluster.url], { stdio: 'ignore' });
    const client = new pg.Client({ connectionString: cluster.url });
    const reader = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await reader.connect();
    await reader.query(`set lock_timeout = '300ms'`);
    const data = copyOut(
      bin,
      cluster.url,
      `select import_id, wave_id, city_id, respondent_key || '-again', source_row, segments, texts, weight, answers from respondents`,
    );
    // From the schema of migration 0019 to no checks at all; each option adds its own.
    await client.query(`drop trigger ${TRIGGER} on respondents`);
    log(`${N} rows stored; copying them again under new ids (${(data.length / 1e6).toFixed(1)} MB of COPY text)`);
    const times = new Map<string, number[]>(options.map((o) => [o.name, []]));
    const blocked = new Map<string, string[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const option of options) {
        await option.setup(client);
        await client.query('begin');
        const t = performance.now();
        await option.run(client, data);
        const seconds = (performance.now() - t) / 1000;
        times.get(option.name)!.push(seconds);
        if (round === 0) {
          const waits: string[] = [];
          for (const table of ['cities', 'waves', 'imports', 'respondents']) {
            try {
              await reader.query(`select count(*) from ${table}`);
            } catch {
              waits.push(table);
            }
          }
          blocked.set(option.name, waits);
        }
        await client.query('rollback');
        await option.teardown(client);
        log(`round ${round + 1}, load ${load()}: ${option.name}: ${seconds.toFixed(2)} s`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const floor = median(times.get(options[1]!.name)!);
    process.stdout.write(
      `| option (${N} rows) | ${Array.from({ length: ROUNDS }, (_, i) => `round ${i + 1}`).join(' | ')} | median | × floor | readers blocked until commit (lock_timeout 300 ms) |\n`,
    );
    for (const o of options) {
      const ts = times.get(o.name)!;
      process.stdout.write(
        `| ${o.name} | ${ts.map((s) => `${s.toFixed(2)} s`).join(' | ')} | ${median(ts).toFixed(2)} s | ${(median(ts) / floor).toFixed(1)}× | ${blocked.get(o.name)!.join(', ') || 'none'} |\n`,
      );
    }
    process.stdout.write(`load at end: ${load()}\n`);
    await client.end();
    await reader.end();
  } finally {
    cluster.stop();
  }
}

await main();
