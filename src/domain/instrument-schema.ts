import { z } from 'zod';
import type { Instrument, InstrumentNode, LocalText, Question, Scale, SegmentDefinition } from './instrument.js';
import { DomainError } from './domain-error.js';
import { ORG_LAYERS, SUPPORT_STAGES, type CatalogueStep } from './next-steps.js';

/**
 * Validates an instrument file (already JSON-parsed) into a trusted
 * `Instrument`. Every problem is reported with its path in the file, e.g.
 * `dimensions[1].questions[0].code: Required`.
 */

const localText = z.record(z.string().min(2).max(8), z.string().min(1));
const code = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'use letters, digits, "_", "." or "-", starting with a letter');

/** Question codes and node keys: any text of 1–64 printable characters, as survey tools name their questions (`1a1`, `likert4[recog1]`, `Q5_1`). */
const label = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'use 1–64 printable characters')
  .refine((text) => text.trim() === text, 'no spaces at either end');

/** The column (header text) a question or field is read from: one, or alternatives (the same survey exported in two languages). */
const columnText = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const scaleSchema = z
  .object({
    type: z.enum(['likert', 'binary', 'goalposts']),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict();

const questionSchema = z
  .object({
    code: label,
    column: columnText.optional(),
    text: localText,
    weight: z.number().finite().positive().default(1),
    reverse: z.boolean().default(false),
    scale: scaleSchema.optional(),
  })
  .strict();

interface RawNode {
  key: string;
  label: Record<string, string>;
  description?: Record<string, string>;
  weight: number;
  target?: number;
  children?: RawNode[];
  questions?: z.infer<typeof questionSchema>[];
}

const nodeSchema: z.ZodType<RawNode, unknown> = z.lazy(() =>
  z
    .object({
      key: label,
      label: localText,
      description: localText.optional(),
      weight: z.number().finite().positive().default(1),
      target: z.number().finite().min(0).max(100).optional(),
      children: z.array(nodeSchema).optional(),
      questions: z.array(questionSchema).optional(),
    })
    .strict(),
) as z.ZodType<RawNode, unknown>;

/** Per dimension and level, the steps that reach the next level (see next-steps.ts). */
const catalogueSchema = z.record(
  z.string(),
  z.array(
    z
      .object({
        level: z.number().int(),
        steps: z
          .array(z.object({ stage: z.enum(SUPPORT_STAGES), layer: z.enum(ORG_LAYERS), text: localText }).strict())
          .min(1),
      })
      .strict(),
  ),
);

const instrumentSchema = z
  .object({
    $schema: z.string().optional(),
    /** Free notes for the people who maintain the instrument (a drafted instrument lists what is still to decide); not used by the app. */
    notes: z.array(z.string()).optional(),
    id: code,
    version: z.string().min(1),
    name: localText,
    description: localText.optional(),
    languages: z.array(z.string().min(2)).min(1).default(['en']),
    scale: scaleSchema.default({ type: 'likert', min: 1, max: 5 }),
    answerLabels: z.record(z.string(), z.array(z.string().min(1))).default({}),
    missingCodes: z.array(z.string()).default(['n/a', 'na', 'n.v.t.', 'nvt', '-']),
    segments: z.array(code).default([]),
    segmentLabels: z
      .record(z.string(), z.object({ label: localText, values: z.record(z.string(), localText).default({}) }).strict())
      .default({}),
    textColumns: z.array(code).default([]),
    columns: z
      .object({
        id: z.string().min(1).default('respondent_id'),
        city: z.string().min(1).default('city'),
        country: z.string().min(1).default('country'),
        wave: z.string().min(1).default('survey_year'),
        weight: z.string().min(1).default('weight'),
        completion: z.string().min(1).optional(),
      })
      .strict()
      .default({
        id: 'respondent_id',
        city: 'city',
        country: 'country',
        wave: 'survey_year',
        weight: 'weight',
      }),
    /** Values of the completion column that mean "finished" (compared case-folded); absent: the common ones. */
    completeValues: z.array(z.string().min(1)).min(1).optional(),
    minRespondents: z.number().int().min(1).default(3),
    minCoverage: z.number().min(0).max(1).default(0.5),
    target: z.number().min(0).max(100).default(100),
    levels: z
      .array(z.object({ level: z.number().int(), from: z.number().finite(), label: localText }).strict())
      .min(1)
      .default(defaultLevels()),
    dimensions: z.array(nodeSchema).min(1),
    catalogue: catalogueSchema.optional(),
  })
  .strict();

function defaultLevels() {
  return [1, 2, 3, 4, 5].map((level) => ({
    level,
    from: (level - 1) * 20,
    label: { en: `Level ${level}`, nl: `Niveau ${level}` },
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Parses and validates instrument JSON; throws `DomainError('instrument-invalid')` listing every problem. */
export function parseInstrument(json: unknown): Instrument {
  const parsed = instrumentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`);
    throw new DomainError('instrument-invalid', `Instrument is invalid: ${problems.join('; ')}`, problems);
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const defaultScale = resolveScale(raw.scale, undefined, 'scale', problems);
  const questions: Question[] = [];
  const keys = new Set<string>();
  const codes = new Set<string>();

  const buildNode = (node: RawNode, path: string, dimension: string): InstrumentNode => {
    if (keys.has(node.key.toLowerCase())) problems.push(`${path}.key: "${node.key}" is used twice`);
    keys.add(node.key.toLowerCase());
    const children = (node.children ?? []).map((c, i) => buildNode(c, `${path}.children[${i}]`, dimension));
    const nodeQuestions = (node.questions ?? []).map((q, i) => {
      const qPath = `${path}.questions[${i}]`;
      if (codes.has(q.code.toLowerCase())) problems.push(`${qPath}.code: "${q.code}" is used twice`);
      codes.add(q.code.toLowerCase());
      const question: Question = {
        code: q.code,
        ...(q.column !== undefined ? { columns: typeof q.column === 'string' ? [q.column] : q.column } : {}),
        text: q.text,
        weight: q.weight,
        reverse: q.reverse,
        scale: resolveScale(q.scale, defaultScale, `${qPath}.scale`, problems),
        dimension,
        index: questions.length,
      };
      questions.push(question);
      return question;
    });
    if (children.length === 0 && nodeQuestions.length === 0) {
      problems.push(`${path}: a node needs "questions" or "children"`);
    }
    return {
      key: node.key,
      label: node.label,
      ...(node.description ? { description: node.description } : {}),
      weight: node.weight,
      ...(node.target !== undefined ? { target: node.target } : {}),
      children,
      questions: nodeQuestions,
    };
  };
  const dimensions = raw.dimensions.map((d, i) => buildNode(d, `dimensions[${i}]`, d.key));

  const answerLabels = new Map<string, number>();
  for (const [value, labels] of Object.entries(raw.answerLabels)) {
    const n = Number(value);
    if (!Number.isFinite(n)) problems.push(`answerLabels.${value}: the key must be a number`);
    for (const label of labels) answerLabels.set(label.trim().toLowerCase(), n);
  }
  const levels = [...raw.levels].sort((a, b) => a.from - b.from);
  levels.forEach((l, i) => {
    if (i > 0 && l.level <= levels[i - 1]!.level) problems.push('levels: levels must rise with "from"');
  });
  for (const segment of raw.segments) {
    if (codes.has(segment.toLowerCase())) problems.push(`segments: "${segment}" is also a question code`);
  }
  const catalogue = raw.catalogue ? buildCatalogue(raw.catalogue, dimensions, levels, problems) : undefined;
  if (problems.length > 0) {
    throw new DomainError('instrument-invalid', `Instrument is invalid: ${problems.join('; ')}`, problems);
  }

  const segments: SegmentDefinition[] = raw.segments.map((key) => ({
    key,
    label: raw.segmentLabels[key]?.label ?? ({ en: key } as LocalText),
    values: raw.segmentLabels[key]?.values ?? {},
  }));
  return {
    id: raw.id,
    version: raw.version,
    name: raw.name,
    ...(raw.description ? { description: raw.description } : {}),
    languages: raw.languages,
    answerLabels,
    missingCodes: new Set(raw.missingCodes.map((c) => c.trim().toLowerCase())),
    segments,
    textColumns: raw.textColumns,
    columns: raw.columns,
    ...(raw.completeValues ? { completeValues: raw.completeValues } : {}),
    minRespondents: raw.minRespondents,
    minCoverage: raw.minCoverage,
    target: raw.target,
    levels,
    dimensions,
    questions,
    ...(catalogue ? { catalogue } : {}),
  };
}

/** The catalogue keyed by the dimensions' own keys; every dimension and level it names must exist. */
function buildCatalogue(
  raw: z.infer<typeof catalogueSchema>,
  dimensions: readonly InstrumentNode[],
  levels: readonly { level: number }[],
  problems: string[],
): Map<string, Map<number, CatalogueStep[]>> {
  const out = new Map<string, Map<number, CatalogueStep[]>>();
  for (const [key, entries] of Object.entries(raw)) {
    const dimension = dimensions.find((d) => d.key.toLowerCase() === key.toLowerCase());
    if (!dimension) {
      problems.push(
        `catalogue.${key}: no dimension has this key (dimensions: ${dimensions.map((d) => d.key).join(', ')})`,
      );
      continue;
    }
    const byLevel = new Map<number, CatalogueStep[]>();
    entries.forEach((entry, i) => {
      if (!levels.some((l) => l.level === entry.level))
        problems.push(`catalogue.${key}[${i}].level: ${entry.level} is not one of the instrument's levels`);
      if (byLevel.has(entry.level)) problems.push(`catalogue.${key}[${i}].level: level ${entry.level} is listed twice`);
      byLevel.set(entry.level, entry.steps);
    });
    out.set(dimension.key, byLevel);
  }
  return out;
}

function resolveScale(
  raw: z.infer<typeof scaleSchema> | undefined,
  fallback: Scale | undefined,
  path: string,
  problems: string[],
): Scale {
  if (!raw) return fallback ?? { type: 'likert', min: 1, max: 5 };
  if (raw.type === 'binary') return { type: 'binary', min: 0, max: 1 };
  const min = raw.min ?? (fallback?.type === raw.type ? fallback.min : undefined);
  const max = raw.max ?? (fallback?.type === raw.type ? fallback.max : undefined);
  if (min === undefined || max === undefined) {
    problems.push(`${path}: a ${raw.type} scale needs "min" and "max"`);
    return { type: raw.type, min: 0, max: 1 };
  }
  if (min === max) problems.push(`${path}: "min" and "max" must differ`);
  if (raw.type === 'likert' && (!Number.isInteger(min) || !Number.isInteger(max) || min > max)) {
    problems.push(`${path}: a likert scale needs whole numbers with min < max`);
  }
  return { type: raw.type, min, max };
}
