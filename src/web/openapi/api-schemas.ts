import { z } from './zod-openapi.js';
import { ORG_LAYERS, SUPPORT_STAGES } from '../../domain/next-steps.js';

/**
 * The JSON the API sends, as zod schemas: the OpenAPI description is built
 * from these (openapi-document.ts) and the tests validate real responses
 * against that description. Objects are open (extra fields allowed), so a
 * field added later does not break clients or the description.
 */
const num = z.number();
const numOrNull = z.number().nullable();

/** PUT /api/v1/cities/:slug/targets: one target (value null removes it). */
export const targetBodySchema = z
  .object({
    wave: z.number().int().min(1900).max(2200),
    dimension: z.string().min(1).max(100).describe('Dimension key, or the start of its key or label'),
    value: z.number().min(0).max(100).nullable().describe('Target score 0–100; null removes the target'),
    instrument: z.string().min(1).max(100).optional(),
  })
  .strict();

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. city-not-found'),
    message: z.string().describe('Safe to show to a person'),
  }),
});

export const wavesSchema = z.array(
  z.looseObject({ wave: z.number().int(), instrument: z.string(), respondents: z.number().int() }),
);

export const citiesSchema = z.array(
  z.looseObject({ city: z.string(), slug: z.string(), country: z.string(), population: z.number().nullable() }),
);

const importRecord = z.looseObject({
  id: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  status: z.string(),
  synthetic: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  wave: z.number().int(),
  instrument: z.string(),
  respondents: z.number().int(),
});

export const importsSchema = z.array(importRecord);

/** POST /api/v1/imports/:id/undo: the import record, now undone. */
export const undoneImportSchema = importRecord;

const importIssue = z.looseObject({
  severity: z.enum(['error', 'warning']),
  code: z.string().describe('Stable code, e.g. answer-invalid or city-new'),
  row: z.number().int().optional().describe('Row as a spreadsheet shows it (header = row 1)'),
  column: z.string().optional(),
  value: z.string().optional(),
  message: z.string().describe('What, where and how to fix it'),
});

/** POST /api/v1/imports: the same summary as `maturity import --json`. */
export const importSummarySchema = z.looseObject({
  importId: z.number().int().nullable().describe('null for a dry run or a refused file'),
  dryRun: z.boolean(),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  format: z.string().nullable().describe('wide, long, qualtrics, surveymonkey, …'),
  wave: z.number().int().nullable(),
  waves: z.array(
    z.looseObject({ wave: z.number().int(), importId: z.number().int().nullable(), respondents: z.number().int() }),
  ),
  respondents: z.number().int(),
  answers: z.number().int(),
  invalidCells: z.number().int(),
  cities: z.looseObject({ matched: z.array(z.string()), added: z.array(z.string()) }),
  perCity: z.array(
    z.looseObject({
      wave: z.number().int(),
      city: z.string(),
      country: z.string(),
      before: z.number().int(),
      after: z.number().int(),
    }),
  ),
  citySuggestions: z.array(z.looseObject({ name: z.string(), country: z.string(), suggestions: z.array(z.string()) })),
  cityMap: z.array(z.looseObject({ from: z.string(), to: z.string() })),
  warnings: z.array(importIssue),
  errors: z.array(importIssue).describe('Any error: nothing was stored'),
});

export const peerGroupsSchema = z.array(z.looseObject({ name: z.string(), spec: z.string() }));

export const commonGapsSchema = z.array(
  z.looseObject({ key: z.string(), meanGapToTarget: numOrNull, shareBelowLevel3: numOrNull, cities: z.number().int() }),
);

const nodeScoreSchema = z.looseObject({
  key: z.string(),
  score: numOrNull,
  n: z.number().int().nullable().describe('null when suppressed (no count is published below minRespondents)'),
  sd: numOrNull,
  se: numOrNull,
  ciLow: numOrNull,
  ciHigh: numOrNull,
  level: z.number().int().nullable(),
  suppressed: z.boolean(),
});

export const scoresSchema = z.looseObject({
  wave: z.number().int(),
  instrument: z.string(),
  synthetic: z.boolean(),
  previousWave: z.number().int().nullable(),
  reliability: z.array(
    z.looseObject({
      key: z.string(),
      items: z.number().int(),
      n: z.number().int(),
      alpha: numOrNull,
      suppressed: z.boolean(),
    }),
  ),
  cities: z.array(
    z.looseObject({
      city: z.string(),
      slug: z.string(),
      country: z.string(),
      respondents: z.number().int().nullable(),
      index: z.looseObject({ score: numOrNull, level: z.number().int().nullable(), suppressed: z.boolean() }),
      dimensions: z.array(nodeScoreSchema),
    }),
  ),
});

export const nextStepSchema = z.object({
  stage: z.enum(SUPPORT_STAGES).describe("Gent's AI support model: inspire → explore → experiment → invest"),
  layer: z.enum(ORG_LAYERS).describe('Organisational layer: personal (no-code), team (low-code), business (pro-code)'),
  text: z.string(),
});

export const gapDimensionSchema = z.looseObject({
  key: z.string(),
  score: numOrNull,
  n: z.number().int().nullable().describe('Respondents behind the score; null when suppressed'),
  suppressed: z.boolean(),
  target: num,
  gapToTarget: numOrNull,
  gapToTargetCiLow: numOrNull.describe('95 % interval of the gap to target'),
  gapToTargetCiHigh: numOrNull,
  peerMean: numOrNull,
  gapToPeers: numOrNull.describe('Peer mean − score; positive = behind'),
  gapToPeersCiLow: numOrNull.describe('95 % interval of the gap to peers (Welch–Satterthwaite)'),
  gapToPeersCiHigh: numOrNull,
  peersCounted: z.number().int().describe('Peers with a published score on this dimension (the k of the test)'),
  leader: z.string().nullable(),
  gapToLeader: numOrNull,
  gapToLeaderCiLow: numOrNull.describe('95 % interval of the gap to the leader'),
  gapToLeaderCiHigh: numOrNull,
  rank: z.number().int().nullable(),
  percentile: numOrNull,
  testable: z.boolean(),
  pValue: numOrNull,
  pAdjusted: numOrNull.describe('pValue, Holm-adjusted over the dimensions'),
  significant: z.boolean().nullable().describe('A clear difference to the peers'),
  trend: numOrNull,
  trendSignificant: z.boolean().nullable(),
  level: z.number().int().nullable(),
  nextLevel: z.number().int().nullable(),
  pointsToNextLevel: numOrNull,
  nextSteps: z.array(nextStepSchema).describe("What reaching the next level takes, from the instrument's catalogue"),
});

export const gapsSchema = z.looseObject({
  city: z.string(),
  slug: z.string(),
  wave: z.number().int(),
  instrument: z.string(),
  synthetic: z.boolean(),
  peerGroup: z.string(),
  peers: z.array(z.string()),
  previousWave: z.number().int().nullable(),
  lang: z.enum(['en', 'nl']),
  peerGroupName: z.string().describe('The peer group in plain words'),
  indexRank: z.object({ rank: z.number().int(), of: z.number().int() }).nullable(),
  verdict: z.string().describe('The verdict in one paragraph, in `lang`'),
  priorities: z.array(z.string()).describe('Dimension keys in the order to take them up'),
  dimensions: z.array(gapDimensionSchema),
});

export const targetsSchema = z.object({
  city: z.string(),
  slug: z.string(),
  instrument: z.string(),
  targets: z.array(
    z.object({ wave: z.number().int(), dimension: z.string(), value: num, setBy: z.string(), setAt: z.string() }),
  ),
});

const whatIfFigures = z.object({
  index: numOrNull,
  level: z.number().int().nullable(),
  rank: z.object({ rank: z.number().int(), of: z.number().int() }).nullable(),
  verdict: z.string(),
  dimensions: z.array(
    z.object({
      key: z.string(),
      score: numOrNull,
      level: z.number().int().nullable(),
      gapToPeers: numOrNull,
      significant: z.boolean().nullable(),
      rank: z.number().int().nullable(),
    }),
  ),
});

export const whatIfSchema = z.object({
  city: z.string(),
  slug: z.string(),
  wave: z.number().int(),
  synthetic: z.boolean(),
  raise: z.array(z.object({ dimension: z.string(), from: numOrNull, to: num })),
  before: whatIfFigures,
  after: whatIfFigures,
});
