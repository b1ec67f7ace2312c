import type { Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { undoImport } from '../../src/db/repositories/imports.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { scoresJson } from '../../src/services/scores-json.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { readFixture } from '../support/fixtures.js';
import { pgAvailable, pgDatabase } from '../support/pg.js';
import { runCli } from '../support/run-cli.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { memoryStore } from '../support/test-store.js';

/**
 * Two app processes behind a load balancer, on one PostgreSQL database: two
 * apps, each with its own Store (its own pool), listening on their own
 * 127.0.0.1 ports. What one stores, the other shows on the next request.
 */
describe.skipIf(!pgAvailable)('two app instances on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof pgDatabase>>;
  const stores: Store[] = [];
  const apps: TestApp[] = [];
  const servers: Server[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    database = await pgDatabase('reference');
    for (let i = 0; i < 2; i++) {
      const store = await createPostgresStore(database.url, { poolMax: 3 });
      const t = await makeTestApp({ store });
      const server = await new Promise<Server>((resolve) => {
        const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      stores.push(store);
      apps.push(t);
      servers.push(server);
      ports.push((server.address() as AddressInfo).port);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
  });

  const wavesVia = async (i: number) => {
    const res = await (await apps[i]!.as('viewer')).get('/api/v1/waves');
    expect(res.status).toBe(200);
    return res.body as { wave: number; respondents: number }[];
  };

  it('listens on two different ports', () => {
    expect(ports[0]).not.toBe(ports[1]);
  });

  it('shows an import made through one instance at once through the other', async () => {
    expect(await wavesVia(1)).toEqual([]);
    const summary = await importSurvey(stores[0]!, {
      bytes: readFixture('import', 'clean-wide.csv'),
      fileName: 'clean-wide.csv',
      createdBy: 'test',
      now: new Date(),
    });
    expect(summary.errors).toEqual([]);
    expect(await wavesVia(1)).toEqual([{ wave: 2026, instrument: 'eurocities-ai-2026', respondents: 5 }]);
    const imports = await (await apps[1]!.as('viewer')).get('/api/v1/imports');
    expect(imports.body.map((r: { id: number }) => r.id)).toEqual([summary.importId]);
    // …and the scores the second instance serves are those of the first.
    const [s0, s1] = await Promise.all(
      [0, 1].map(async (i) => (await apps[i]!.as('viewer')).get('/api/v1/scores?wave=2026')),
    );
    expect(s1!.status).toBe(200);
    expect(s1!.body).toEqual(s0!.body);
    expect(s1!.body.cities.map((c: { city: string }) => c.city)).toEqual(['Gent', 'München']);
  });

  it('shows an undo made through one instance at once through the other', async () => {
    const [imp] = (await (await apps[1]!.as('viewer')).get('/api/v1/imports')).body as { id: number }[];
    await undoImport(stores[1]!.db, imp!.id, new Date().toISOString());
    expect(await wavesVia(0)).toEqual([]);
    const again = (await (await apps[0]!.as('viewer')).get('/api/v1/imports')).body as { status: string }[];
    expect(again.map((r) => r.status)).toEqual(['undone']);
  });

  it('serves the same pages from both instances, over real sockets', async () => {
    await loadDemo(stores[1]!, new Date('2026-06-01T00:00:00Z'));
    const pages = await Promise.all(
      ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/api/v1/waves`)).status),
    );
    // Anonymous API access may be refused once sign-in exists; both instances must answer alike.
    expect(pages[0]).toBe(pages[1]);
    const [a, b] = await Promise.all(
      [0, 1].map(async (i) => (await apps[i]!.as('viewer')).get('/cities/gent?wave=2026')),
    );
    expect(a!.status).toBe(200);
    // The same page, but for per-session values (a CSRF token, once sign-in exists).
    const stable = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
    expect(stable(b!.text)).toBe(stable(a!.text));
    expect(a!.text).toContain('Gent');
  });
});

describe.skipIf(!pgAvailable)('the CLI with --db postgres://', () => {
  it('loads the demo and prints the same scores as on SQLite', async () => {
    const database = await pgDatabase();
    try {
      // DATABASE_URL for one command, --db for the other: both select PostgreSQL.
      expect(runCli(['demo'], { DATABASE_URL: database.url }).status).toBe(0);
      const r = runCli(['scores', '--wave', '2026', '--json', '--db', database.url]);
      expect(r.stderr).toBe('');
      const sqlite = await memoryStore();
      try {
        await loadDemo(sqlite, new Date());
        expect(JSON.parse(r.stdout)).toEqual(
          JSON.parse(JSON.stringify(scoresJson(await loadWaveScoring(sqlite.db, 2026)))),
        );
      } finally {
        await sqlite.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('imports a file of several COPY chunks, with nothing on stderr', async () => {
    const database = await pgDatabase('reference');
    const folder = mkdtempSync(join(tmpdir(), 'mr-cli-pg-'));
    try {
      const questions = ['SOV', 'IMP', 'COM', 'INT', 'INF'].flatMap((d) => [1, 2, 3, 4, 5, 6].map((i) => `${d}0${i}`));
      const lines = [['respondent_id', 'city', 'country', 'survey_year', ...questions].join(',')];
      // Ids and answers that do not compress to nothing (the kept original comes in several parts),
      // and a city new to the registry now and then: statements between the COPY chunks.
      let seed = 1;
      const random = () => (seed = (seed * 48271) % 2147483647);
      for (let i = 1; i <= 100_000; i++) {
        const city = i % 1000 === 0 ? [`Newtown ${i / 1000}`, 'NL'] : ['Gent', 'BE'];
        lines.push([`r-${i}-${random()}`, ...city, 2026, ...questions.map(() => (random() % 5) + 1)].join(','));
      }
      const file = join(folder, 'survey.csv');
      writeFileSync(file, `${lines.join('\n')}\n`);
      // Warnings of the database driver too (its own queue of statements on one connection is deprecated).
      const r = runCli(['import', file, '--db', database.url]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('100000');
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await database.drop();
    }
  }, 120_000);
});
