import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/run-cli.js';

// Each call starts a real process (about 1 s, far more on a loaded machine).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maturity-cli-scoring-'));
  db = join(dir, 'test.sqlite');
  expect(runCli(['demo', '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maturity peers / scores --rank-stability', () => {
  it('saves a named peer group, lists it, and uses it as --peers group:<name>', () => {
    const save = runCli(['peers', 'save', 'Nordics', 'Stockholm,Helsinki,Oslo,København', '--db', db]);
    expect(save.status).toBe(0);
    expect(save.stdout).toContain('use it as --peers group:nordics');
    expect(runCli(['peers', 'list', '--json', '--db', db]).stdout).toContain('"name": "nordics"');
    const gaps = runCli(['gaps', '--city', 'Oslo', '--wave', '2026', '--peers', 'group:nordics', '--json', '--db', db]);
    expect(gaps.status).toBe(0);
    // Oslo is in the group but never its own peer.
    expect(JSON.parse(gaps.stdout).peers).toEqual(['Stockholm', 'Helsinki', 'København']);
  });

  it('prints median rank and 90 % rank interval per city', () => {
    const r = runCli(['scores', '--wave', '2026', '--rank-stability', '--draws', '200', '--seed', '9', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/median rank\t90 % rank interval/);
    expect(r.stdout).toMatch(/\nGent\t\d+\t[\d.]+\t.*\t\d+\t\d+\t\d+–\d+\n/);
    expect(r.stdout).toMatch(/Cronbach's alpha, pooled \/ within cities: sovereignty 0\.\d\d \/ 0\.\d\d \(n \d+\)/);
  });

  it('scores and gaps of one segment (--segment role:it), suppressed as on the pages', () => {
    const r = runCli(['scores', '--wave', '2026', '--segment', 'role:policy', '--json', '--db', db]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.segment).toBe('role:policy');
    const hidden = json.cities.filter((c: { respondents: number | null }) => c.respondents === null);
    expect(hidden.length).toBeGreaterThan(0);
    for (const c of json.cities) for (const d of c.dimensions) if (d.suppressed) expect(d.n).toBeNull();
    const gaps = runCli(['gaps', '--city', 'Gent', '--wave', '2026', '--segment', 'role:it', '--db', db]);
    expect(gaps.status).toBe(0);
    expect(gaps.stdout).toContain('Gent, wave 2026, segment role:it');
    const bad = runCli(['scores', '--wave', '2026', '--segment', 'role', '--db', db]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('write column:value');
  });
});
