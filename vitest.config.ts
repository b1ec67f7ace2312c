import { defineConfig } from 'vitest/config';
import { findPgBin } from './test/support/pg-cluster.js';

/**
 * Two projects: "sqlite" runs every test on in-memory SQLite; "postgres"
 * runs the database, import and scoring tests again on PostgreSQL (memoryStore()
 * gives a PostgreSQL database there) plus the cross-database tests in test/pg.
 * PostgreSQL comes from MATURITY_TEST_PG_URL, else a throwaway cluster started
 * once per run when the server binaries exist; without either, only test/pg
 * runs there and its tests are reported as skipped.
 */
const pgPossible = Boolean(process.env.MATURITY_TEST_PG_URL || findPgBin());
/** Test folders whose tests run on both databases. */
const onBothDatabases = [
  'test/db/**/*.test.ts',
  'test/import/**/*.test.ts',
  'test/services/**/*.test.ts',
  'test/reports/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/pg/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/pg/**/*.test.ts', ...(pgPossible ? onBothDatabases : [])],
          env: { MATURITY_TEST_DB: 'postgres' },
          globalSetup: ['test/support/pg-global-setup.ts'],
        },
      },
    ],
  },
});
