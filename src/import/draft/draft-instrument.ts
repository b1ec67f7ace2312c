import { foldKey, slugify } from '../../domain/text-key.js';
import type { FileSample } from '../read/read-sample.js';
import { labelKey, scaleOfLabels, type LabelScale } from './label-scales.js';

/** One column the draft reads as a rating question. */
export interface DraftQuestion {
  readonly column: string;
  readonly code: string;
  readonly min: number;
  readonly max: number;
  /** How the scale was found: from numbers, or from labels (`agreement/en`). */
  readonly from: string;
}

export interface InstrumentDraft {
  /** The instrument as JSON in the documented format (docs/instruments.md), with its `notes`. */
  readonly instrument: Record<string, unknown>;
  readonly questions: readonly DraftQuestion[];
  /** What a person must still decide before using it. */
  readonly notes: readonly string[];
}

/** Column names (case-folded) of the roles, as the common tools write them. */
const ROLES: Readonly<Record<'id' | 'city' | 'country' | 'wave' | 'completion', readonly string[]>> = {
  id: [
    'respondent_id',
    'responseid',
    'response id',
    'respondent id',
    'id',
    '_uuid',
    'case',
    'contribution id',
    'instanceid',
    'meta/instanceid',
  ],
  city: ['city', 'stad', 'gemeente', 'ville', 'stadt', 'municipality', 'commune', 'gemeinde'],
  country: ['country', 'land', 'pays'],
  wave: ['survey_year', 'wave', 'year', 'jaar', 'année', 'jahr'],
  completion: ['finished', 'submitdate', 'date submitted'],
};

/** Metadata columns of the common tools: never questions. */
const METADATA = new Set([
  'startdate',
  'enddate',
  'status',
  'ipaddress',
  'progress',
  'duration (in seconds)',
  'recordeddate',
  'recipientlastname',
  'recipientfirstname',
  'recipientemail',
  'externalreference',
  'locationlatitude',
  'locationlongitude',
  'distributionchannel',
  'userlanguage',
  'responseset',
  'name',
  'externaldatareference',
  'emailaddress',
  'collector id',
  'start date',
  'end date',
  'ip address',
  'email address',
  'first name',
  'last name',
  'custom data 1',
  'lastpage',
  'startlanguage',
  'seed',
  'datestamp',
  'refurl',
  'ipaddr',
  'serial',
  'ref',
  'questnnr',
  'mode',
  'started',
  'time_sum',
  'mailsent',
  'lastdata',
  'q_viewer',
  'maxpage',
  'missing',
  'missrel',
  'time_rsi',
  'deg_time',
  'start',
  'end',
  'today',
  'username',
  'deviceid',
  'phonenumber',
  'subscriberid',
  'simserial',
  'timestamp',
  'start time',
  'completion time',
  'email',
  'last modified time',
  'user name',
  'created',
  'updated',
  'languages',
  'invitation number',
  'draft id',
  'weight',
  'tags',
  'response type',
]);
const isMetadata = (key: string) =>
  METADATA.has(key) || key.startsWith('_') || /^time\d+$/.test(key) || /^(v\d+)$/.test(key);

/** The group a matrix column belongs to: `G01Q01[SQ001]` → G01Q01, `Q5_1` → Q5, `group/q` → group, `DM01_02` → DM01. */
function groupOf(name: string): string | null {
  const bracket = /^(.+?)\[[^\]]+\]$/.exec(name);
  if (bracket) return bracket[1]!;
  if (name.includes('/')) return name.slice(0, name.lastIndexOf('/'));
  const underscore = /^([A-Za-z][A-Za-z0-9]*)_\d+$/.exec(name);
  if (underscore) return underscore[1]!;
  return null;
}

const INTEGER = /^[+-]?\d+$/;
const SIMPLE_CODE = /^[A-Za-z][A-Za-z0-9_.\-[\]/]{0,63}$/;

/**
 * Drafts an instrument from a file's first rows: the id, city, country,
 * wave and completion columns by their usual names; rating questions as the
 * columns holding only small whole numbers (a scale of 1–5, 1–7, 0–10, … that
 * covers the values seen) or only the labels of one known answer scale;
 * matrix questions grouped into draft dimensions (one dimension when there
 * is no grouping). Says in `notes` what a person must still decide.
 * @example draftInstrument(sample, 'staff-survey.csv').questions.length // => 6
 */
export function draftInstrument(sample: FileSample, fileName: string): InstrumentDraft {
  const notes: string[] = [];
  const keys = sample.header.map((h) => foldKey(h));
  const used = new Set<number>();
  const role = (names: readonly string[]): number => {
    for (const name of names) {
      const i = keys.findIndex((k, at) => !used.has(at) && (k === name || k.endsWith(`/${name}`)));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return -1;
  };
  const at = {
    id: role(ROLES.id),
    city: role(ROLES.city),
    country: role(ROLES.country),
    wave: role(ROLES.wave),
    completion: role(ROLES.completion),
  };

  // A header row the tool repeats as data (labels under the codes, as SoSci writes them): left out of the sample.
  const rows = sample.rows.filter((r, i) => i >= 3 || !labelRow(r, sample.rows.slice(i + 1)));
  const missingCodes = new Set<string>();
  const labels = new Map<string, number>();
  const questions: (DraftQuestion & { index: number })[] = [];
  const texts: string[] = [];
  sample.header.forEach((name, i) => {
    if (used.has(i) || name === '' || isMetadata(keys[i]!)) return;
    const values = new Set<string>();
    for (const r of rows) {
      const v = (r[i] ?? '').trim();
      if (v !== '') values.add(v);
    }
    const rating = ratingOf(values, missingCodes);
    if (!rating) {
      if (values.size > 0) texts.push(name);
      return;
    }
    if (rating.scale) rating.scale.labels.forEach((l, v) => labels.set(l, v + 1));
    const code = SIMPLE_CODE.test(name) ? name : `q${questions.length + 1}`;
    questions.push({
      index: i,
      column: name,
      code,
      min: rating.min,
      max: rating.max,
      from: rating.scale ? `${rating.scale.kind}/${rating.scale.lang}` : 'numbers',
    });
  });

  const textOf = (i: number) => {
    if (/\s/.test(sample.header[i]!)) return sample.header[i]!;
    for (const extra of sample.extra) {
      const t = (extra[i] ?? '').trim();
      if (t !== '' && foldKey(t) !== keys[i]) return t;
    }
    return sample.header[i]!;
  };
  const groups = new Map<string, typeof questions>();
  for (const q of questions) {
    const group =
      groupOf(q.column) ?? sample.extra.map((e) => lastNonBlank(e, q.index)).find((g) => g !== null) ?? 'questions';
    groups.set(group, [...(groups.get(group) ?? []), q]);
  }
  const scales = new Set(questions.map((q) => `${q.min}-${q.max}`));
  const common = scales.size === 1 ? questions[0]! : null;
  const dimensions = [...groups.entries()].map(([group, qs], d) => ({
    key: `dimension-${d + 1}`,
    label: { en: group.length <= 60 ? group : `Dimension ${d + 1}` },
    questions: qs.map((q) => ({
      code: q.code,
      ...(q.code !== q.column ? { column: q.column } : {}),
      text: { en: textOf(q.index) },
      ...(common ? {} : { scale: { type: 'likert', min: q.min, max: q.max } }),
    })),
  }));

  const columnNames: Record<string, string> = {};
  const defaults: Record<string, string> = {
    id: 'respondent_id',
    city: 'city',
    country: 'country',
    wave: 'survey_year',
  };
  for (const k of ['id', 'city', 'country', 'wave', 'completion'] as const) {
    const i = at[k];
    if (i >= 0 && sample.header[i] !== defaults[k]) columnNames[k] = sample.header[i]!;
  }
  if (at.id < 0) notes.push('No respondent id column was found: each respondent will be named by its row number.');
  if (at.city < 0)
    notes.push('No city column: import with --city <name> (and --country), or name the column in "columns.city".');
  if (at.country < 0) notes.push('No country column: import with --country <code or name> (BE, Belgium, België, …).');
  if (at.wave < 0) notes.push('No wave column: import with --wave <year>.');
  if (at.completion >= 0)
    notes.push(
      `Unfinished responses are recognised by "${sample.header[at.completion]}" and left out unless imported with --include-incomplete.`,
    );
  if (questions.some((q) => q.from === 'numbers')) {
    notes.push(
      'Scales read from numbers cover the values seen (1 to the next of 5, 7 or 10): check each "scale", and mark reverse-coded questions with "reverse": true.',
    );
  }
  if (groups.size === 1)
    notes.push('All questions are in one draft dimension: group them into your dimensions and give each a label.');
  else
    notes.push(
      `The questions are grouped by the file's matrix questions into ${groups.size} draft dimensions: rename their keys and labels.`,
    );
  if (texts.length > 0)
    notes.push(
      `Not read as rating questions (text or other answers): ${texts
        .slice(0, 10)
        .map((t) => `"${t}"`)
        .join(', ')}${texts.length > 10 ? ` and ${texts.length - 10} more` : ''}.`,
    );
  if (questions.length === 0) notes.push('No rating question was found: add the questions by hand.');

  const base = slugify(fileName.replace(/\.[^.]+$/, '')).slice(0, 40);
  const answerLabels: Record<string, string[]> = {};
  for (const [label, value] of labels) (answerLabels[String(value)] ??= []).push(label);
  const instrument: Record<string, unknown> = {
    id: `draft-${base}`,
    version: '0.1.0-draft',
    name: { en: `Draft from ${fileName}` },
    notes,
    ...(common ? { scale: { type: 'likert', min: common.min, max: common.max } } : {}),
    ...(Object.keys(answerLabels).length > 0 ? { answerLabels } : {}),
    ...(missingCodes.size > 0
      ? { missingCodes: ['n/a', 'na', 'n.v.t.', 'nvt', '-', ...[...missingCodes].sort()] }
      : {}),
    ...(Object.keys(columnNames).length > 0 ? { columns: columnNames } : {}),
    dimensions:
      dimensions.length > 0
        ? dimensions
        : [
            {
              key: 'dimension-1',
              label: { en: 'Questions' },
              questions: [{ code: 'q1', text: { en: 'Add the questions' } }],
            },
          ],
  };
  return { instrument, questions: questions.map(({ index: _i, ...q }) => q), notes };
}

/** The last non-blank cell at or left of `i` (a tool's question text spans its matrix columns). */
function lastNonBlank(row: readonly string[], i: number): string | null {
  for (let j = i; j >= 0; j--) {
    const t = (row[j] ?? '').trim();
    if (t !== '' && !['response', 'open-ended response'].includes(t.toLowerCase())) return t;
  }
  return null;
}

/** A row of long texts (labels of the columns) that never recur below it: not answers. */
function labelRow(row: readonly string[], below: readonly (readonly string[])[]): boolean {
  const filled = row.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== '');
  const labels = filled.filter(
    ([c, i]) => c.length >= 12 && c.includes(' ') && !/^\d/.test(c) && !below.some((r) => (r[i] ?? '').trim() === c),
  );
  return filled.length > 0 && labels.length >= 0.8 * filled.length;
}

/** A rating scale the values fit: small whole numbers (negative ones are missing codes, added to `missing`), or the labels of one known scale. */
function ratingOf(
  values: ReadonlySet<string>,
  missing: Set<string>,
): { min: number; max: number; scale: LabelScale | null } | null {
  if (values.size === 0) return null;
  if ([...values].every((v) => INTEGER.test(v))) {
    const numbers = [...values].map(Number);
    const negative = numbers.filter((n) => n < 0);
    const kept = numbers.filter((n) => n >= 0);
    if (kept.length === 0 || Math.max(...kept) > 10) return null;
    negative.forEach((n) => missing.add(String(n)));
    const low = Math.min(...kept);
    const high = Math.max(...kept);
    const min = low === 0 ? 0 : 1;
    const max = [5, 7, 10].find((m) => high <= m)!;
    if (high - low < 1 && values.size < 2) return null;
    return { min, max, scale: null };
  }
  const scale = scaleOfLabels(new Set([...values].map(labelKey)));
  return scale ? { min: 1, max: scale.labels.length, scale } : null;
}
