import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { Store } from '../../src/db/create-db.js';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';
import { findPgBin, startCluster, type TestCluster } from './pg-cluster.js';

export interface PgTemplates {
  readonly empty: string;
  readonly reference: string;
  readonly demo: string;
}

/** The date test-store.ts loads reference and demo data with. */
export const TEST_NOW = new Date('2026-06-01T00:00:00Z');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test cluster (to its `postgres` database), or null: PostgreSQL tests skip. */
    pgUrl: string | null;
    /**
     * Template databases each test store copies (CREATE DATABASE … TEMPLATE):
     * `empty` at the latest migration, `reference` plus the reference data,
     * `demo` plus the demo data set (all as of TEST_NOW).
     */
    pgTemplates: PgTemplates | null;
  }
}

/**
 * Once per test run: a PostgreSQL cluster for the "postgres" project, either
 * the one named by MATURITY_TEST_PG_URL or a throwaway one started here (when
 * the server binaries exist), and migrated template databases in it. Each
 * test store then copies a template (~0.2 s) instead of migrating and loading.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: TestCluster | null = null;
  let url = process.env.MATURITY_TEST_PG_URL || null;
  if (!url) {
    const bin = findPgBin();
    if (bin) {
      cluster = await startCluster(bin);
      url = cluster.url;
      // Also when the run is interrupted: no server left behind.
      const stop = cluster.stop;
      process.once('exit', () => stop());
    }
  }
  if (!url) {
    if (process.env.MATURITY_TEST_PG_REQUIRED) {
      throw new Error(
        'MATURITY_TEST_PG_REQUIRED is set but no PostgreSQL is available (no MATURITY_TEST_PG_URL, no server binaries).',
      );
    }
    project.provide('pgUrl', null);
    project.provide('pgTemplates', null);
    return async () => {};
  }
  const templates: PgTemplates = {
    empty: `maturity_tpl_${process.pid}_empty`,
    reference: `maturity_tpl_${process.pid}_reference`,
    demo: `maturity_tpl_${process.pid}_demo`,
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fill = async (name: string, from: string | null, fn?: (store: Store) => Promise<unknown>) => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}${from ? ` template ${from}` : ''}`);
    const store = await createPostgresStore(withDatabase(url!, name), { poolMax: 1 });
    try {
      await fn?.(store);
    } finally {
      await store.close();
    }
  };
  try {
    await fill(templates.empty, null);
    await fill(templates.reference, templates.empty, (store) => ensureReferenceData(store.db, TEST_NOW));
    await fill(templates.demo, templates.reference, (store) => loadDemo(store, TEST_NOW));
  } catch (error) {
    await admin.end();
    cluster?.stop();
    throw error;
  }
  project.provide('pgUrl', url);
  project.provide('pgTemplates', templates);
  return async () => {
    try {
      for (const name of Object.values(templates).reverse())
        await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    } finally {
      cluster?.stop();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
