/**
 * Builds the import corpus in fixtures/import/corpus/: one awkward file per
 * case of the import policy (encodings, binaries, dialects, header forms of
 * survey tools, answers, identity). Deterministic: run it again and git
 * shows no change. `npx tsx scripts/build-import-fixtures.ts`
 * The expected outcome of every file is asserted in test/import/corpus.test.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { PROJECT_ROOT } from '../src/paths.js';

const dir = join(PROJECT_ROOT, 'fixtures', 'import', 'corpus');
const DIMS = ['SOV', 'IMP', 'COM', 'INT', 'INF'];
/** The 30 question codes of the default instrument, in order. */
export const CODES = DIMS.flatMap((d) => [1, 2, 3, 4, 5, 6].map((n) => `${d}0${n}`));
const TEXT: Record<string, string> = { SOV01: 'The city keeps control over its data', SOV02: 'We can leave a vendor' };
const ID = ['respondent_id', 'city', 'country', 'survey_year'];

/** A deterministic likert answer 1..5 for respondent r, question q. */
const answer = (r: number, q: number) => String(1 + ((r * 7 + q * 3) % 5));
const answers = (r: number, map: (v: string, q: number) => string = (v) => v) =>
  CODES.map((_, q) => map(answer(r, q), q));

type Cell = string;
const quote = (f: Cell, d: string) =>
  /[",;\t\n\r]/.test(f) && (f.includes(d) || /["\n\r]/.test(f)) ? `"${f.replace(/"/g, '""')}"` : f;
const csv = (rows: Cell[][], d = ',', eol = '\n') => rows.map((r) => r.map((f) => quote(f, d)).join(d)).join(eol) + eol;

const header = [...ID, ...CODES];
const people: Cell[][] = [
  ['r-1', 'Gent', 'BE', '2026', ...answers(1)],
  ['r-2', 'Ghent', 'BE', '2026', ...answers(2)],
  ['r-3', 'München', 'DE', '2026', ...answers(3)],
];
const basic = [header, ...people];

const files: Record<string, string | Uint8Array> = {};
const put = (name: string, content: string | Uint8Array) => (files[name] = content);
const utf16 = (text: string, be: boolean) => {
  const le = Buffer.from(text, 'utf16le');
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};

// Encodings and binaries
put('enc-utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(basic))]));
put('enc-utf8-no-bom.csv', csv(basic));
put('enc-utf16le-bom.txt', utf16(csv(basic, '\t', '\r\n'), false));
put('enc-utf16be-bom.csv', utf16(csv(basic, ';'), true));
put(
  'enc-windows-1252.csv',
  iconv.encode(
    csv(
      [[...header, 'comment'], ...people.map((p, i) => [...p, i === 0 ? 'Budget 5 € – it’s “fine”' : ''])],
      ';',
      '\r\n',
    ),
    'windows-1252',
  ),
);
put(
  'enc-utf8-bom-then-1252.csv',
  Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    iconv.encode(
      csv([[...header, 'comment'], ...people.map((p, i) => [...p, i === 2 ? 'Café’s 5 €' : ''])]),
      'windows-1252',
    ),
  ]),
);
put('bin-png.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
put('bin-gzip.csv.gz', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]));
put('bin-xlsx.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')]));
put('bin-pdf.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n'));
put(
  'bin-nul-byte.csv',
  Buffer.concat([Buffer.from(csv(basic).slice(0, 40)), Buffer.from([0]), Buffer.from(csv(basic).slice(40))]),
);

// Dialects
put('dia-semicolon.csv', csv(basic, ';'));
put('dia-tab.tsv', csv(basic, '\t'));
put('dia-sep-line.csv', `sep=;\n${csv(basic, ';')}`);
put(
  'dia-decimal-comma.csv',
  csv(
    [
      [...header, 'weight'],
      ...people.map((p, i) => [
        ...p.slice(0, 4),
        ...p.slice(4).map((v, q) => (q === 0 ? `${v},0` : v)),
        ['1,5', '0,75', '2'][i]!,
      ]),
    ],
    ';',
  ),
);
put('dia-crlf.csv', csv(basic, ',', '\r\n'));
put('dia-cr-only.csv', csv(basic, ',', '\r'));
put(
  'dia-mixed-endings.csv',
  `${basic[0]!.join(',')}\r\n${basic[1]!.join(',')}\n${basic[2]!.join(',')}\r${basic[3]!.join(',')}\r\n`,
);
put(
  'dia-quoted-fields.csv',
  csv([[...header, 'comment'], ...people.map((p, i) => [...p, i === 1 ? 'Says "no", then\nsays yes; later' : ''])]),
);
put('dia-trailing-delimiters.csv', basic.map((r) => `${r.join(';')};`).join('\n') + '\n');
put(
  'dia-blank-lines.csv',
  `\n${basic[0]!.join(',')}\n\n${basic[1]!.join(',')}\n${','.repeat(33)}\n${basic[2]!.join(',')}\n\n${['r-3', 'München', 'DE', '2026', 'maybe', ...answers(3).slice(1)].join(',')}\n\n`,
);
put('dia-repeated-header.csv', csv([...basic, header, ['r-4', 'Gent', 'BE', '2026', ...answers(4)]]));
put('dia-ragged-row.csv', csv([header, people[0]!, people[1]!.slice(0, 20), people[2]!]));
put('dia-unclosed-quote.csv', `${csv([header, people[0]!])}r-2,"Gent,BE,2026,${answers(2).join(',')}\n`);

// Header forms
put(
  'hdr-question-text.csv',
  csv([[...ID, ...CODES.map((c) => (TEXT[c] ? `${c}. ${TEXT[c]}` : `${c} - statement`))], ...people]),
);
put(
  'hdr-case-and-spaces.csv',
  csv([[' Respondent_ID ', 'CITY', 'Country ', 'Survey_Year', ...CODES.map((c) => c.toLowerCase())], ...people]),
);
put(
  'hdr-limesurvey.csv',
  csv([
    [
      'id',
      'submitdate',
      'lastpage',
      'startlanguage',
      'city',
      'country',
      'surveyyear',
      ...CODES.map((c) => `${c.slice(0, 3)}[${c}]`),
    ],
    ...people.map((p) => [p[0]!, '2026-03-01 10:00:00', '3', 'en', ...p.slice(1)]),
  ]),
);
put(
  'hdr-kobo.csv',
  csv(
    [
      [
        'start',
        'end',
        'general/respondent_id',
        'general/city',
        'general/country',
        'general/survey_year',
        ...CODES.map((c) => `maturity/${c.slice(0, 3).toLowerCase()}/${c}`),
        '_id',
        '_uuid',
        '_submission_time',
      ],
      ...people.map((p, i) => ['2026-03-01', '2026-03-01', ...p, String(100 + i), `uuid-${i}`, '2026-03-02']),
    ],
    ';',
  ),
);
put(
  'hdr-qualtrics.csv',
  csv([
    ['StartDate', 'EndDate', 'Status', 'ResponseId', 'city', 'country', ...CODES],
    [
      'Start Date',
      'End Date',
      'Response Type',
      'Response ID',
      'City',
      'Country',
      ...CODES.map((c) => `${TEXT[c] ?? 'Statement'} - ${c}`),
    ],
    [
      '{"ImportId":"startDate"}',
      '{"ImportId":"endDate"}',
      '{"ImportId":"status"}',
      '{"ImportId":"_recordId"}',
      '{"ImportId":"QID1_TEXT"}',
      '{"ImportId":"QID2_TEXT"}',
      ...CODES.map((_, i) => `{"ImportId":"QID${i + 3}"}`),
    ],
    ...people.map((p, i) => [
      '2026-03-01 10:00:00',
      '2026-03-01 10:09:00',
      'IP Address',
      `R_${p[0]}`,
      p[1]!,
      p[2]!,
      ...p.slice(4).map((v, q) => (i === 1 && q === 2 ? '9' : v)),
    ]),
  ]),
);
put(
  'hdr-surveymonkey.csv',
  csv([
    [
      'Respondent ID',
      'Collector ID',
      'Start Date',
      'End Date',
      'City',
      'Country',
      'Survey year',
      'How far is your city?',
      ...CODES.slice(1).map(() => ''),
    ],
    ['', '', '', '', 'Response', 'Response', 'Response', ...CODES.map((c) => `${c}. ${TEXT[c] ?? 'Statement'}`)],
    ...people.map((p) => [p[0]!.replace('r-', '11400'), '4050', '03/01/2026', '03/01/2026', ...p.slice(1)]),
  ]),
);
put(
  'hdr-missing-column.csv',
  csv([
    header.filter((h) => h !== 'country' && h !== 'INF06'),
    ...people.map((p) => p.filter((_, i) => i !== 2 && i !== header.length - 1)),
  ]),
);
put('hdr-duplicate-column.csv', csv([[...header, 'SOV01'], ...people.map((p) => [...p, '3'])]));
put(
  'hdr-unknown-columns.csv',
  csv([[...header, 'email', 'ip_address'], ...people.map((p, i) => [...p, `p${i}@example.org`, `10.0.0.${i}`])]),
);
put('hdr-empty.csv', '');
put('hdr-only.csv', csv([header]));

// Answers
const EN = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const NL = ['Helemaal niet akkoord', 'Niet akkoord', 'Neutraal', 'Akkoord', 'Helemaal akkoord'];
put(
  'ans-labels-en.csv',
  csv([header, ...people.map((p) => [...p.slice(0, 4), ...p.slice(4).map((v) => EN[Number(v) - 1]!)])]),
);
put(
  'ans-labels-nl.csv',
  csv(
    [
      header,
      ...people.map((p) => [
        ...p.slice(0, 4),
        ...p.slice(4).map((v, q) => (q === 0 ? 'n.v.t.' : q === 1 ? 'Weet niet' : NL[Number(v) - 1]!.toUpperCase())),
      ]),
    ],
    ';',
  ),
);
put(
  'ans-invalid-cells.csv',
  csv([
    header,
    people[0]!,
    [...people[1]!.slice(0, 4), '6', ...people[1]!.slice(5, 10), 'yes', ...people[1]!.slice(11)],
    [...people[2]!.slice(0, 33), '2.5'],
  ]),
);
put(
  'ans-too-many-invalid.csv',
  csv([header, ...people.map((p, i) => [...p.slice(0, 4), ...p.slice(4).map((v, q) => (q < 7 + i ? 'Eens' : v))])]),
);
const long = [['respondent_id', 'city', 'country', 'wave', 'question', 'value']];
for (const p of people.slice(0, 2))
  CODES.forEach((c, q) => long.push([p[0]!, p[1]!, p[2]!, p[3]!, c, answers(Number(p[0]!.slice(2)))[q]!]));
long.push(['r-1', 'Gent', 'BE', '2026', 'XTRA9', '4']);
put('ans-long-format.csv', csv(long));
put(
  'ans-long-duplicate.csv',
  csv([...long.slice(0, 10), ['r-1', 'Gent', 'BE', '2026', 'SOV03', '5'], ...long.slice(10)]),
);
const inconsistent = long.map((r) => [...r]);
inconsistent[40]![1] = 'Wien'; // row 41: r-2 (rows 32..61) suddenly in another city
put('ans-long-inconsistent.csv', csv(inconsistent));

// Identity
put(
  'id-control-character.csv',
  csv([header, people[0]!, ['r-2', 'Gent\u202E', 'BE', '2026', ...answers(2)], people[2]!]),
);
put(
  'id-whitespace-nfc.csv',
  csv([
    header,
    ['  r-1 ', '  Gent   ', ' be', '2026', ...answers(1)],
    ['r-2', 'Lie\u0300ge'.normalize('NFD').replace('\u0300', '\u0300'), 'BE', '2026', ...answers(2)],
    ['r-3', 'Lie\u0300ge', 'BE', '2026', ...answers(3)],
  ]),
);
put(
  'id-accent-variant.csv',
  csv([
    header,
    people[0]!,
    ['r-2', 'Liege', 'BE', '2026', ...answers(2)],
    ['r-3', 'Malmo', 'SE', '2026', ...answers(3)],
  ]),
);
put('id-unknown-city.csv', csv([header, people[0]!, ['r-2', 'Atlantis', 'GR', '2026', ...answers(2)], people[2]!]));
put('id-duplicate-respondent.csv', csv([header, people[0]!, people[1]!, [people[0]![0]!, ...people[2]!.slice(1)]]));
put(
  'id-wave-out-of-range.csv',
  csv([
    header,
    ['r-1', 'Gent', 'BE', '1989', ...answers(1)],
    ['r-2', 'Gent', 'BE', '2099', ...answers(2)],
    ['r-3', 'Gent', 'BE', 'twenty', ...answers(3)],
  ]),
);
put('id-already-stored.csv', csv([header, ['r-9', 'Gent', 'BE', '2026', ...answers(9)], people[1]!]));
put(
  'id-empty-and-bad-values.csv',
  csv([
    header,
    ['', 'Gent', 'BE', '2026', ...answers(1)],
    ['r-2', 'Gent', 'Belgium', '2026', ...answers(2)],
    ['r-3', ' ', 'BE', '2026', ...answers(3)],
  ]),
);
put('id-mixed-waves.csv', csv([header, people[0]!, ['r-2', 'Gent', 'BE', '2025', ...answers(2)]]));

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
console.log(`${Object.keys(files).length} files in ${dir}`);
