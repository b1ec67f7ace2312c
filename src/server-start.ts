import type { Server } from 'node:http';
import type { Config } from './config.js';
import { appSecret } from './db/repositories/app-secrets.js';
import { openStore } from './db/open-store.js';
import { hasAnyImport } from './db/repositories/imports.js';
import { scheduleAuditRetention } from './services/audit-retention.js';
import { ensureFirstAdmin } from './services/first-admin.js';
import { loadDemo } from './services/load-demo.js';
import { ensureReferenceData } from './services/reference-data.js';
import { createApp } from './web/create-app.js';

/**
 * The one place that wires real things together: opens (and migrates) the
 * database, loads the reference data, loads the SYNTHETIC demo data into an
 * empty database, and serves the app.
 */
export async function startServer(config: Config): Promise<Server> {
  const store = await openStore(config);
  const now = new Date();
  await ensureReferenceData(store.db, now);
  if (!(await hasAnyImport(store.db))) {
    const loaded = await loadDemo(store, now);
    const n = loaded.reduce((s, l) => s + l.respondents, 0);
    console.log(`Empty database: loaded the SYNTHETIC demo data set (${n} respondents, waves 2025 and 2026).`);
  }
  const admin = await ensureFirstAdmin(store.db, now, config.oneTimePasswordMs);
  const stopRetention = scheduleAuditRetention(store.db, config.auditRetentionDays);
  // One CSRF key for every process on this database (load balancers, restarts).
  const csrfSecret = await appSecret(store.db, 'csrf', now);
  const app = createApp({ store, config, csrfSecret });
  return new Promise((resolve) => {
    const server = app.listen(config.port, config.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      console.log(
        `Maturity Radar is running on http://localhost:${port}/  (database: ${config.databaseUrl ? 'PostgreSQL' : config.dbPath})`,
      );
      if (admin) {
        console.log(
          `No users yet: created "${admin.name}" with the one-time password  ${admin.password}\n` +
            `Sign in at http://localhost:${port}/login and choose your own password (it is asked at first sign-in;\n` +
            `the one-time password stops working after ${Math.round(config.oneTimePasswordMs / 3600_000)} hours).\n` +
            'Add more users on the Users page or with "npx maturity user add <name> --role analyst".',
        );
      }
      resolve(server);
    });
    const stop = () => (stopRetention(), server.close(() => void store.close().then(() => process.exit(0))));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
