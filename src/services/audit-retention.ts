import type { Kysely } from 'kysely';
import { purgeAuditLog } from '../db/repositories/audit-log.js';
import type { Database } from '../db/schema.js';

const DAY_MS = 24 * 3600 * 1000;

/** Deletes audit events older than `days` days (0: keeps everything); returns how many went. */
export async function applyAuditRetention(db: Kysely<Database>, days: number, now: Date): Promise<number> {
  if (days <= 0) return 0;
  return purgeAuditLog(db, new Date(now.getTime() - days * DAY_MS));
}

/** Applies the retention now and then once a day while the process runs; returns a function that stops it. */
export function scheduleAuditRetention(
  db: Kysely<Database>,
  days: number,
  now: () => Date = () => new Date(),
): () => void {
  const run = () =>
    applyAuditRetention(db, days, now()).catch((error: unknown) => console.error('audit log retention failed:', error));
  void run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
