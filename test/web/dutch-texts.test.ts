import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessageNl } from '../../src/web/error-text-nl.js';
import { formatDate } from '../../src/web/presenters/format-date.js';
import { DUTCH_ISSUE_CODES, issueMessage } from '../../src/web/presenters/import-issue-text.js';
import { overviewTitle } from '../../src/web/presenters/overview-page.js';

/** Every import issue code the importer can raise, read from its source (issueError/issueWarning calls). */
function importIssueCodes(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const codes = new Set<string>();
  for (const f of files('src/import')) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/issue(?:Error|Warning)\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe('import messages in Dutch', () => {
  it('has a Dutch wording for every code the importer raises', () => {
    const codes = importIssueCodes();
    expect(codes.length).toBeGreaterThan(25);
    expect(codes.filter((c) => !DUTCH_ISSUE_CODES.includes(c))).toEqual([]);
  });

  it('fills in the data of the English message: quoted texts and counts, in order', () => {
    const warning = {
      severity: 'warning' as const,
      code: 'answer-invalid',
      row: 7,
      column: 'SOV01',
      value: '6',
      message: 'Row 7, SOV01: "6" is not between 1 and 5; stored as no answer.',
    };
    expect(issueMessage(warning, 'nl')).toBe('"6" is geen geldig antwoord op deze vraag; bewaard als geen antwoord.');
    expect(issueMessage(warning, 'en')).toBe(warning.message);
    // "Row 12 has 3 fields where the header has 5": the row number is not a count.
    const ragged = {
      severity: 'error' as const,
      code: 'row-ragged',
      row: 12,
      message: 'Row 12 has 3 fields where the header has 5; check for a stray delimiter or a missing quote.',
    };
    expect(issueMessage(ragged, 'nl')).toBe(
      'Deze rij heeft 3 velden waar de kopregel er 5 heeft; zoek een verdwaald scheidingsteken of een ontbrekend aanhalingsteken.',
    );
    const variant = {
      severity: 'warning' as const,
      code: 'city-accent-variant',
      row: 3,
      column: 'city',
      value: 'Liege',
      message:
        'Row 3, city: "Liege" differs from the known city "Liège" only by accents; it was kept as a separate city. Correct the file if they are the same.',
    };
    expect(issueMessage(variant, 'nl')).toContain('"Liege" verschilt enkel in accenten van de bekende stad "Liège"');
  });

  it('keeps the English message for a code without a Dutch wording', () => {
    const issue = { severity: 'error' as const, code: 'something-new', message: 'Something new.' };
    expect(issueMessage(issue, 'nl')).toBe('Something new.');
  });
});

describe('error messages in Dutch', () => {
  it('takes the quoted data from the English message, and has a general sentence for unknown codes', () => {
    expect(errorMessageNl('city-not-found', 'No city called "Atlantis".')).toBe('Er is geen stad "Atlantis".');
    expect(errorMessageNl('no-such-code', 'Whatever.')).toBe('De aanvraag kon niet verwerkt worden.');
  });
});

describe('formatDate', () => {
  it('writes a stored UTC time as a date in the reader’s language', () => {
    // Noon UTC is the same calendar day in every zone from UTC−11 to UTC+11.
    expect(formatDate('en', '2026-06-01T12:00:00.000Z')).toMatch(/^1 Jun 2026, \d\d:\d\d$/);
    expect(formatDate('nl', '2026-06-01T12:00:00.000Z')).toMatch(/^1 jun 2026, \d\d:\d\d$/);
    expect(formatDate('nl', new Date('2026-12-24T12:00:00Z'))).toMatch(/^24 dec 2026/);
    expect(formatDate('en', null)).toBe('—');
    expect(formatDate('en', 'not a time')).toBe('not a time');
  });
});

describe('overviewTitle', () => {
  it('says the wave year once', () => {
    expect(overviewTitle('AI Maturity Survey 2026', 2026)).toBe('AI Maturity Survey 2026');
    expect(overviewTitle('AI Maturity Survey 2026', 2027)).toBe('AI Maturity Survey 2026 · 2027');
    expect(overviewTitle('AI Maturity Survey', 2026)).toBe('AI Maturity Survey · 2026');
    // A year inside a longer number is not the wave.
    expect(overviewTitle('Survey 120260', 2026)).toBe('Survey 120260 · 2026');
  });
});
