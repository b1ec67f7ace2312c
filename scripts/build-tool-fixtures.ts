/**
 * Builds fixtures/import/tools/: one export per survey tool, written here but
 * shaped like the tool's own export (header rows, metadata columns, quoting,
 * line endings, encodings, workbooks), each with an instrument in the
 * documented format (docs/instruments.md). The same six answers of the same
 * respondents in every file, so test/import/tools.test.ts checks one set of
 * hand-computed scores. Deterministic. `npx tsx scripts/build-tool-fixtures.ts`
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { PROJECT_ROOT } from '../src/paths.js';

const dir = join(PROJECT_ROOT, 'fixtures', 'import', 'tools');

/** The complete respondents' answers (null: left blank), then one unfinished respondent. */
export const COMPLETE: readonly (readonly (number | null)[])[] = [
  [5, 4, 4, 3, 2, 4],
  [4, 4, null, 2, 2, 3],
  [3, 5, 4, 4, 3, 5],
  [2, 3, 3, 1, 2, 2],
];
const UNFINISHED: readonly (number | null)[] = [5, 5, null, null, null, null];
/** Every respondent of the tools that export unfinished ones too: the unfinished one third, as `row(i, answers, finished)` writes each. */
const withUnfinished = <R>(row: (i: number, a: readonly (number | null)[], finished: boolean) => R): R[] =>
  [COMPLETE[0]!, COMPLETE[1]!, UNFINISHED, COMPLETE[2]!, COMPLETE[3]!].map((a, i) => row(i, a, a !== UNFINISHED));
const LABELS = ['', 'Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const TEXTS = [
  'Our city shares its data openly.',
  'We know which data we hold.',
  'Data quality is checked regularly.',
  'Staff are trained in digital tools.',
  'Managers support digital projects.',
  'We learn from other cities.',
];
const label = (v: number | null) => (v === null ? '' : LABELS[v]!);
const code = (v: number | null) => (v === null ? '' : String(v));

type Cell = string | number | Date;
const quoteAll = (f: Cell) => `"${String(f).replace(/"/g, '""')}"`;
const quoteSome = (f: Cell, d: string) => {
  const t = String(f);
  return t.includes(d) || /["\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
const csv = (rows: Cell[][], o: { d?: string; eol?: string; all?: boolean } = {}) => {
  const d = o.d ?? ',';
  return (
    rows.map((r) => r.map((f) => (o.all ? quoteAll(f) : quoteSome(f, d))).join(d)).join(o.eol ?? '\n') + (o.eol ?? '\n')
  );
};
const BOM = '\uFEFF';

/** An instrument of the six statements in two dimensions, the question codes and header texts as given. */
function instrument(
  id: string,
  codes: readonly string[],
  extra: Record<string, unknown> = {},
  columnOf?: (q: number) => string | string[],
) {
  const question = (q: number) => ({
    code: codes[q]!,
    text: { en: TEXTS[q]! },
    ...(columnOf ? { column: columnOf(q) } : {}),
  });
  return {
    id,
    version: '1.0.0',
    name: { en: `Digital maturity staff survey (${id})` },
    answerLabels: {
      '1': ['Strongly disagree'],
      '2': ['Disagree'],
      '3': ['Neither agree nor disagree'],
      '4': ['Agree'],
      '5': ['Strongly agree'],
    },
    dimensions: [
      { key: 'data', label: { en: 'Data' }, questions: [0, 1, 2].map(question) },
      { key: 'skills', label: { en: 'Skills' }, questions: [3, 4, 5].map(question) },
    ],
    ...extra,
  };
}

const files: Record<string, string | Buffer> = {};
const put = (name: string, content: string | Buffer) => (files[name] = content);
const putInstrument = (name: string, json: unknown) => put(name, `${JSON.stringify(json, null, 2)}\n`);
const stamp = (i: number) => `2026-03-0${i + 2} 09:1${i}:0${i}`;

// Qualtrics, current export: three header rows (names, question texts, ImportIds), choice text, UTF-8 with BOM, CRLF.
{
  const qs = ['Q1_1', 'Q1_2', 'Q1_3', 'Q2_1', 'Q2_2', 'Q2_3'];
  const meta = [
    'StartDate',
    'EndDate',
    'Status',
    'IPAddress',
    'Progress',
    'Duration (in seconds)',
    'Finished',
    'RecordedDate',
    'ResponseId',
    'RecipientLastName',
    'RecipientFirstName',
    'RecipientEmail',
    'ExternalReference',
    'LocationLatitude',
    'LocationLongitude',
    'DistributionChannel',
    'UserLanguage',
  ];
  const metaText = [
    'Start Date',
    'End Date',
    'Response Type',
    'IP Address',
    'Progress',
    'Duration (in seconds)',
    'Finished',
    'Recorded Date',
    'Response ID',
    'Recipient Last Name',
    'Recipient First Name',
    'Recipient Email',
    'External Data Reference',
    'Location Latitude',
    'Location Longitude',
    'Distribution Channel',
    'User Language',
  ];
  const metaIds = [
    'startDate',
    'endDate',
    'status',
    'ipAddress',
    'progress',
    'duration',
    'finished',
    'recordedDate',
    '_recordId',
    'recipientLastName',
    'recipientFirstName',
    'recipientEmail',
    'externalDataReference',
    'locationLatitude',
    'locationLongitude',
    'distributionChannel',
    'userLanguage',
  ];
  const head = [...meta, ...qs, 'Q3'];
  const texts = [
    ...metaText,
    ...TEXTS.map((t, q) => `How much do you agree with these statements? - ${q < 3 ? 'Data' : 'Skills'} - ${t}`),
    'Anything else you want to tell us?',
  ];
  const ids = [
    ...metaIds.map((m) =>
      m.endsWith('Date') ? `{"ImportId":"${m}","timezone":"Europe/Brussels"}` : `{"ImportId":"${m}"}`,
    ),
    ...qs.map((q) => `{"ImportId":"QID${q.slice(1, 2)}_${q.slice(3)}"}`),
    '{"ImportId":"QID3_TEXT"}',
  ];
  const row = (i: number, a: readonly (number | null)[], status: string, finished: boolean) => [
    stamp(i),
    stamp(i),
    status,
    status === 'IP Address' ? `81.82.${i}.10` : '',
    finished ? 100 : 33,
    200 + i,
    finished ? 'True' : 'False',
    stamp(i),
    `R_3k${i}Xz9aQ${i}bC2dE`,
    '',
    '',
    '',
    '',
    '51.05',
    '3.72',
    status === 'IP Address' ? 'anonymous' : 'preview',
    'EN',
    ...a.map(label),
    i === 0 ? 'Thanks, "great" survey, really' : '',
  ];
  const rows = [
    head,
    texts,
    ids,
    // The fourth respondent took the survey as a preview.
    ...withUnfinished((i, a, finished) => row(i, a, i === 3 ? 'Survey Preview' : 'IP Address', finished)),
  ];
  put('qualtrics.csv', BOM + csv(rows, { eol: '\r\n', all: true }));
  putInstrument('qualtrics.instrument.json', instrument('staff-qualtrics', qs, { columns: { id: 'ResponseId' } }));

  // The 2016 export: the third row in single quotes; numeric codes.
  const ids2016 = [
    ...metaIds.map((m) => `{'ImportId': '${m}'}`),
    ...qs.map((q) => `{'ImportId': 'QID${q.slice(1, 2)}_${q.slice(3)}'}`),
    "{'ImportId': 'QID3_TEXT'}",
  ];
  const num = (r: (string | number)[]) =>
    r.map((f, i) =>
      i >= meta.length && i < meta.length + 6 && typeof f === 'string' && f !== '' ? LABELS.indexOf(f) : f,
    );
  put(
    'qualtrics-2016.csv',
    csv([head, texts, ids2016, ...rows.slice(3).map((r) => num(r as (string | number)[]))], { eol: '\r\n', all: true }),
  );

  // The legacy export: V1…V10 and the question codes in row 1, the names and texts in row 2; Finished as 1/0.
  const legacyMeta = [
    'ResponseID',
    'ResponseSet',
    'Name',
    'ExternalDataReference',
    'EmailAddress',
    'IPAddress',
    'Status',
    'StartDate',
    'EndDate',
    'Finished',
  ];
  const legacyHead = [...legacyMeta.map((_, i) => `V${i + 1}`), ...qs, 'Q3'];
  const legacyText = [...legacyMeta, ...texts.slice(meta.length)];
  const legacyRow = (i: number, a: readonly (number | null)[], finished: boolean) => [
    `R_9z${i}Aa${i}`,
    'Default Response Set',
    'Anonymous',
    '',
    '',
    `81.82.${i}.10`,
    0,
    stamp(i),
    stamp(i),
    finished ? 1 : 0,
    ...a.map(code),
    '',
  ];
  put('qualtrics-legacy.csv', csv([legacyHead, legacyText, ...withUnfinished(legacyRow)], { eol: '\r\n' }));
}

// SurveyMonkey: question texts in row 1 (a matrix spans columns), "Response" or the row text in row 2, blank under the ids.
{
  const head = [
    'Respondent ID',
    'Collector ID',
    'Start Date',
    'End Date',
    'IP Address',
    'Email Address',
    'First Name',
    'Last Name',
    'Custom Data 1',
    'How much do you agree with each statement?',
    '',
    '',
    '',
    '',
    '',
    'Anything else you want to tell us?',
  ];
  const sub = ['', '', '', '', '', '', '', '', '', ...TEXTS, 'Open-Ended Response'];
  const row = (i: number, a: readonly (number | null)[]) => [
    `1145${i}0239${i}8`,
    '431234567',
    `03/0${i + 2}/2026 09:1${i}:0${i} AM`,
    `03/0${i + 2}/2026 09:2${i}:0${i} AM`,
    `81.82.${i}.10`,
    '',
    '',
    '',
    '',
    ...a.map(label),
    i === 1 ? 'More training, please' : '',
  ];
  put('surveymonkey.csv', BOM + csv([head, sub, ...COMPLETE.map((a, i) => row(i, a))], { eol: '\r\n' }));
  putInstrument(
    'surveymonkey.instrument.json',
    instrument(
      'staff-surveymonkey',
      ['data1', 'data2', 'data3', 'skills1', 'skills2', 'skills3'],
      { columns: { id: 'Respondent ID' } },
      (q) => TEXTS[q]!,
    ),
  );
}

// LimeSurvey: codes in the header (array question G01Q01[SQ001]), every field quoted, answer codes, submitdate blank when unfinished.
{
  const sq = ['SQ001', 'SQ002', 'SQ003', 'SQ004', 'SQ005', 'SQ006'].map(
    (s, q) => `${q < 3 ? 'G01Q01' : 'G01Q02'}[${s}]`,
  );
  const head = ['id', 'submitdate', 'lastpage', 'startlanguage', 'seed', 'startdate', 'datestamp', ...sq, 'G02Q03'];
  const row = (i: number, a: readonly (number | null)[], done: boolean) => [
    String(i + 1),
    done ? `2026-03-0${i + 2} 09:2${i}:00` : '',
    done ? '2' : '1',
    'en',
    `12345${i}`,
    `2026-03-0${i + 2} 09:1${i}:00`,
    `2026-03-0${i + 2} 09:2${i}:00`,
    ...a.map(code),
    '',
  ];
  put('limesurvey.csv', csv([head, ...withUnfinished(row)], { all: true }));
  putInstrument(
    'limesurvey.instrument.json',
    instrument(
      'staff-limesurvey',
      sq.map((s) => s),
      { columns: { id: 'id' } },
    ),
  );
}

// SoSci Survey: TAB, every field quoted, a second row of variable labels, -9 for "not answered", FINISHED 1/0.
{
  const vars = ['DM01_01', 'DM01_02', 'DM01_03', 'DM02_01', 'DM02_02', 'DM02_03'];
  const head = [
    'CASE',
    'SERIAL',
    'REF',
    'QUESTNNR',
    'MODE',
    'STARTED',
    ...vars,
    'TIME001',
    'TIME002',
    'TIME_SUM',
    'MAILSENT',
    'LASTDATA',
    'FINISHED',
    'Q_VIEWER',
    'LASTPAGE',
    'MAXPAGE',
    'MISSING',
    'MISSREL',
    'TIME_RSI',
  ];
  const labels = [
    'Interview number (sequential)',
    'Serial number (if provided)',
    'Reference (if provided in link)',
    'Questionnaire that has been used in the interview',
    'Interview mode',
    'Time the interview has started (Europe/Berlin)',
    ...TEXTS.map((t) => `Maturity: ${t}`),
    'Time spent on page 1',
    'Time spent on page 2',
    'Time spent overall (except outliers)',
    'Time when the invitation mailing was sent (personally identifiable recipients, only)',
    'Time when the data was most recently updated',
    'Has the interview been finished (reached last page)?',
    'Did the respondent only view the questionnaire, omitting mandatory questions?',
    'Last page that the participant has handled in the questionnaire',
    'Hindmost page handled by the participant',
    'Missing answers in percent',
    'Missing answers (weighted by relevance)',
    'Degradation points for being very fast',
  ];
  const row = (i: number, a: readonly (number | null)[], done: boolean) => [
    String(40 + i),
    '',
    '',
    'base',
    'interview',
    `2026-03-0${i + 2} 09:1${i}:00`,
    ...a.map((v) => (v === null ? '-9' : String(v))),
    '31',
    done ? '40' : '',
    '71',
    '',
    `2026-03-0${i + 2} 09:2${i}:00`,
    done ? '1' : '0',
    '0',
    done ? '2' : '1',
    done ? '2' : '1',
    '0',
    '0',
    '0.41',
  ];
  put('sosci.csv', csv([head, labels, ...withUnfinished(row)], { d: '\t', all: true, eol: '\r\n' }));
  putInstrument(
    'sosci.instrument.json',
    instrument('staff-sosci', vars, { columns: { id: 'CASE' }, missingCodes: ['-9', '-1'] }),
  );
}

// KoboToolbox: semicolons, group paths, labels, several cities with country names, metadata columns with underscores.
{
  const qs = ['data_open', 'data_known', 'data_quality', 'staff_trained', 'managers_support', 'learn_others'];
  const head = [
    'start',
    'end',
    'today',
    'username',
    'deviceid',
    'group_intro/city',
    'group_intro/country',
    ...qs.map((q) => `group_maturity/${q}`),
    'comment',
    '_id',
    '_uuid',
    '_submission_time',
    '_validation_status',
    '_notes',
    '_status',
    '_submitted_by',
    '__version__',
    '_tags',
    '_index',
  ];
  const place = [
    ['Gent', 'Belgium'],
    ['Antwerpen', 'België'],
    ['Gent', 'Belgique'],
    ['Antwerpen', 'BEL'],
  ];
  const row = (i: number, a: readonly (number | null)[]) => [
    `2026-03-0${i + 2}T09:1${i}:00.000+01:00`,
    `2026-03-0${i + 2}T09:2${i}:00.000+01:00`,
    `2026-03-0${i + 2}`,
    'username not found',
    `ee.kobotoolbox.org:${i}a2B`,
    place[i]![0]!,
    place[i]![1]!,
    ...a.map(label),
    '',
    String(31337000 + i),
    `5b2c1d${i}e-1f2a-4b3c-8d4e-5f6a7b8c9d0${i}`,
    `2026-03-0${i + 2}T08:2${i}:00`,
    '',
    '',
    'submitted_via_web',
    '',
    'vQ9kLmN2pR7sT3uV',
    '',
    String(i + 1),
  ];
  put('kobo.csv', csv([head, ...COMPLETE.map((a, i) => row(i, a))], { d: ';' }));
  // Two respondents per city: scores shown from 2 (the default suppresses under 3).
  putInstrument(
    'kobo.instrument.json',
    instrument('staff-kobo', qs, {
      columns: { id: '_uuid', city: 'group_intro/city', country: 'group_intro/country' },
      minRespondents: 2,
    }),
  );
}

// Google Forms: the question texts as the header, a Timestamp and no id, linear scales as numbers.
{
  const head = ['Timestamp', 'Email Address', ...TEXTS, 'Anything else you want to tell us?'];
  const row = (i: number, a: readonly (number | null)[]) => [
    `2026/03/0${i + 2} 9:1${i}:0${i} AM GMT+1`,
    '',
    ...a.map(code),
    i === 2 ? 'No, thanks' : '',
  ];
  put('google-forms.csv', csv([head, ...COMPLETE.map((a, i) => row(i, a))], { all: true, eol: '\r\n' }));
  putInstrument(
    'google-forms.instrument.json',
    instrument('staff-google-forms', ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'], {}, (q) => TEXTS[q]!),
  );
}

/** A workbook of rows (dates as dates) in the given type. */
function workbook(rows: Cell[][], sheet: string, bookType: XLSX.BookType): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), sheet);
  return XLSX.write(book, { type: 'buffer', bookType, compression: true }) as Buffer;
}

// Microsoft Forms: an .xlsx only; ID, Start time, Completion time, Email, Name, then the question texts; choices as text.
{
  const head = ['ID', 'Start time', 'Completion time', 'Email', 'Name', ...TEXTS, 'Anything else you want to tell us?'];
  const row = (i: number, a: readonly (number | null)[]) => [
    i + 1,
    new Date(Date.UTC(2026, 2, i + 2, 9, 10 + i)),
    new Date(Date.UTC(2026, 2, i + 2, 9, 20 + i)),
    'anonymous',
    '',
    ...a.map(label),
    '',
  ];
  put('microsoft-forms.xlsx', workbook([head, ...COMPLETE.map((a, i) => row(i, a))], 'Sheet1', 'xlsx'));
  putInstrument(
    'microsoft-forms.instrument.json',
    instrument(
      'staff-microsoft-forms',
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'],
      { columns: { id: 'ID' } },
      (q) => TEXTS[q]!,
    ),
  );
}

// EUSurvey: spreadsheets only, with the survey's title lines above the header; the same file as .xlsx, .ods and .xls.
{
  const head = [
    'Contribution ID',
    'User name',
    'Created',
    'Updated',
    'Languages',
    ...TEXTS,
    'Anything else you want to tell us?',
  ];
  const row = (i: number, a: readonly (number | null)[]) => [
    `a1b2c3d4-${i}e5f-4a6b-9c7d-8e9f0a1b2c3${i}`,
    '',
    new Date(Date.UTC(2026, 2, i + 2, 9, 10 + i)),
    new Date(Date.UTC(2026, 2, i + 2, 9, 20 + i)),
    'EN',
    ...a.map(label),
    '',
  ];
  const rows: Cell[][] = [
    ['Digital maturity staff survey'],
    ['Export date: 2026-03-31 10:00:00'],
    [],
    head,
    ...COMPLETE.map((a, i) => row(i, a)),
  ];
  put('eusurvey.xlsx', workbook(rows, 'Content', 'xlsx'));
  put('eusurvey.ods', workbook(rows, 'Content', 'ods'));
  put('eusurvey.xls', workbook(rows, 'Content', 'biff8'));
  putInstrument(
    'eusurvey.instrument.json',
    instrument(
      'staff-eusurvey',
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'],
      { columns: { id: 'Contribution ID' } },
      (q) => TEXTS[q]!,
    ),
  );
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
console.log(`wrote ${Object.keys(files).length} files to ${dir}`);
