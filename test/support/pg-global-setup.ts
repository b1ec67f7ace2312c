import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { findPgBin, startCluster, type TestCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test cluster (to its `postgres` database), or null: PostgreSQL tests skip. */
    pgUrl: string | null;
    /** A database at the latest migration: each test store is a copy of it (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string | null;
  }
}

/**
 * Once per test run: a PostgreSQL cluster for the PostgreSQL project, either
 * the one named by MATURITY_TEST_PG_URL or a throwaway one started here (when
 * the server binaries exist), and a migrated template database in it.
 * Each test file then copies the template (about 50 ms) instead of migrating.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: TestCluster | null = null;
  let url = process.env.MATURITY_TEST_PG_URL || null;
  if (!url) {
    const bin = findPgBin();
    if (bin) {
      cluster = await startCluster(bin);
      url = cluster.url;
    }
  }
  if (!url) {
    if (process.env.MATURITY_TEST_PG_REQUIRED) throw new Error('MATURITY_TEST_PG_REQUIRED is set but no PostgreSQL is available (no MATURITY_TEST_PG_URL, no server binaries).');
    project.provide('pgUrl', null);
    project.provide('pgTemplate', null);
    return async () => {};
  }
  const template = `maturity_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  const store = await createPostgresStore(withDatabase(url, template), { poolMax: 1 });
  await store.close();
  project.provide('pgUrl', url);
  project.provide('pgTemplate', template);
  return async () => {
    try {
      await admin.query(`drop database if exists ${template} with (force)`);
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
