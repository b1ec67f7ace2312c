import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixturePath } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

// Each call starts a real process (about 1 s, far more on a loaded machine).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maturity-cli-'));
  db = join(dir, 'test.sqlite');
  expect(runCli(['demo', '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maturity CLI', () => {
  it('prints the gaps of DESIGN.md as JSON', () => {
    const r = runCli(['gaps', '--city', 'Gent', '--wave', '2026', '--peers', 'largest:5', '--json', '--db', db]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ city: 'Gent', wave: 2026, peers: ['London', 'Berlin', 'Madrid', 'Roma', 'Paris'] });
    // DESIGN's names, every one of them; extra fields (trend, trendSignificant) are allowed.
    expect(Object.keys(json.dimensions[0])).toEqual(
      expect.arrayContaining([
        'gapToLeader',
        'gapToPeers',
        'gapToTarget',
        'key',
        'leader',
        'pValue',
        'peerMean',
        'percentile',
        'rank',
        'score',
        'significant',
        'suppressed',
        'target',
        'testable',
      ]),
    );
    expect(json.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'sovereignty',
      'impact',
      'compliance',
      'interoperability',
      'infrastructure',
    ]);
  });

  it('prints scores in the shape of DESIGN.md', () => {
    const r = runCli(['scores', '--wave', '2026', '--city', 'Ghent', '--json', '--db', db]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ wave: 2026, instrument: 'eurocities-ai-2026', synthetic: true });
    expect(json.cities).toHaveLength(1);
    expect(json.cities[0]).toMatchObject({ city: 'Gent', country: 'BE', index: { suppressed: false } });
    expect(Object.keys(json.cities[0].dimensions[0])).toEqual(
      expect.arrayContaining(['key', 'score', 'n', 'sd', 'ciLow', 'ciHigh', 'level', 'suppressed']),
    );
  });

  it('lists instruments and imports a file, then refuses it a second time with exit 1 and one line', () => {
    expect(runCli(['instrument', 'list', '--db', db]).stdout).toContain('eurocities-ai-2026');
    const first = runCli(['import', fixturePath('import', 'clean-wide.csv'), '--json', '--db', db]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ respondents: 5, answers: 150, errors: [] });
    const again = runCli(['import', fixturePath('import', 'clean-wide.csv'), '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^maturity: rejected clean-wide.csv .*already imported/);
  });

  it('fails with exit 1 and a one-line reason for an unknown city', () => {
    const r = runCli(['gaps', '--city', 'Atlantis', '--wave', '2026', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('maturity: No city called "Atlantis".\n');
  });

  it('has --help on each command', () => {
    for (const command of [
      ['import'],
      ['instrument', 'add'],
      ['instrument', 'list'],
      ['scores'],
      ['gaps'],
      ['common-gaps'],
      ['demo'],
      ['serve'],
    ]) {
      const r = runCli([...command, '--help']);
      expect(r.status, command.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: maturity');
    }
  });
});
