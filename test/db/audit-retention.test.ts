import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listAudit, recordAudit } from '../../src/db/repositories/audit-log.js';
import { applyAuditRetention } from '../../src/services/audit-retention.js';
import { memoryStore } from '../support/test-store.js';

describe('audit log retention', () => {
  it('deletes events older than the configured days and keeps the rest; 0 keeps everything', async () => {
    const store = await memoryStore();
    const now = new Date('2026-06-01T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600 * 1000);
    for (const d of [400, 366, 364, 1])
      await recordAudit(store.db, { actor: 'ana', action: 'login', target: `${d} days`, at: daysAgo(d) });
    expect(await applyAuditRetention(store.db, 0, now)).toBe(0);
    expect(await listAudit(store.db)).toHaveLength(4);
    expect(await applyAuditRetention(store.db, 365, now)).toBe(2);
    expect((await listAudit(store.db)).map((e) => e.target)).toEqual(['1 days', '364 days']);
    await store.close();
  });

  it('reads MATURITY_AUDIT_RETENTION_DAYS (default 365)', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(365);
    expect(loadConfig({ MATURITY_AUDIT_RETENTION_DAYS: '0' }).auditRetentionDays).toBe(0);
    expect(() => loadConfig({ MATURITY_AUDIT_RETENTION_DAYS: '-1' })).toThrow('MATURITY_AUDIT_RETENTION_DAYS="-1"');
  });
});
