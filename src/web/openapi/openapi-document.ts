import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  citiesSchema,
  commonGapsSchema,
  errorSchema,
  gapsSchema,
  importsSchema,
  importSummarySchema,
  undoneImportSchema,
  peerGroupsSchema,
  scoresSchema,
  targetsSchema,
  targetBodySchema,
  wavesSchema,
  whatIfSchema,
} from './api-schemas.js';
import { z } from './zod-openapi.js';

const wave = z
  .string()
  .regex(/^\d{4}$/)
  .describe('Survey wave (year), e.g. 2026');
const instrument = z.string().optional().describe('Instrument id; needed only when the wave holds several');
const peers = z
  .string()
  .optional()
  .describe('Peer group: largest:N, country:XX, all, group:<name> or a list "Berlin,Paris,Wien" (default largest:5)');
const lang = z
  .enum(['en', 'nl'])
  .optional()
  .describe('Language of texts such as the verdict and next steps (default en)');
const slug = z.object({ slug: z.string().describe('City slug, e.g. gent') });

type Schema = z.ZodType;

/** The OpenAPI 3.1 description of /api/v1, built from the zod schemas of the responses and request bodies. */
export function openApiDocument(): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token: maturity token create <user>',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'mr_session',
    description: 'A signed-in browser session',
  });
  const error = registry.register('Error', errorSchema);
  const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
  const errors = {
    400: json(error, 'Bad input: the message says what and how to fix it'),
    401: json(error, 'Not signed in'),
    404: json(error, 'Not found'),
  };
  const get = (path: string, summary: string, schema: Schema, request: Record<string, unknown> = {}) =>
    registry.registerPath({ method: 'get', path, summary, request, responses: { 200: json(schema, 'OK'), ...errors } });

  get('/waves', 'Waves with data', registry.register('Waves', wavesSchema));
  get('/cities', 'Known cities', registry.register('Cities', citiesSchema));
  get('/imports', 'Imports, newest first', registry.register('Imports', importsSchema));
  get('/peer-groups', 'Saved peer groups', registry.register('PeerGroups', peerGroupsSchema));
  get('/scores', 'Scores of every city of a wave, with trends', registry.register('Scores', scoresSchema), {
    query: z.object({
      wave,
      instrument,
      city: z.string().optional().describe('Only this city'),
      rankStability: z.enum(['1']).optional(),
    }),
  });
  get('/common-gaps', 'The same gaps across cities', registry.register('CommonGaps', commonGapsSchema), {
    query: z.object({ wave, instrument }),
  });
  get(
    '/cities/{slug}/gaps',
    "A city's gaps, verdict, priorities and next steps",
    registry.register('Gaps', gapsSchema),
    {
      params: slug,
      query: z.object({ wave, instrument, peers, lang }),
    },
  );
  const targets = registry.register('Targets', targetsSchema);
  get('/cities/{slug}/targets', "A city's own targets per dimension and wave", targets, {
    params: slug,
    query: z.object({ wave: wave.optional(), instrument }),
  });
  registry.registerPath({
    method: 'put',
    path: '/cities/{slug}/targets',
    summary: 'Set (value null: remove) one target; analysts only; audited',
    request: {
      params: slug,
      body: { content: { 'application/json': { schema: registry.register('TargetChange', targetBodySchema) } } },
    },
    responses: {
      200: json(targets, "The city's targets after the change"),
      ...errors,
      403: json(error, 'Needs the analyst role'),
    },
  });
  get(
    '/cities/{slug}/what-if',
    'Index, level, rank and gaps if some dimensions were raised',
    registry.register('WhatIf', whatIfSchema),
    {
      params: slug,
      query: z.object({
        wave,
        instrument,
        peers,
        lang,
        raise: z
          .string()
          .describe('dimension:score pairs, e.g. sovereignty:70,impact:55 (the start of a key works: SOV:70)'),
      }),
    },
  );

  const field = (description: string) => z.string().optional().describe(description);
  registry.registerPath({
    method: 'post',
    path: '/imports',
    summary: 'Import a survey file: all of it, or nothing when it has errors; analysts only; audited',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z
                .string()
                .openapi({ format: 'binary' })
                .describe('The survey export: CSV/TSV (UTF-8, UTF-16, Windows-1252) or .xlsx/.xls/.ods'),
              wave: field('Wave (year) for a file without a wave column'),
              instrument: field('Instrument id (default: the only one stored)'),
              city: field('City of every row, for a file without a city column'),
              country: field('Country (ISO code or name) of every row, for a file without a country column'),
              sheet: field('Sheet of a workbook (default: the first)'),
              includeIncomplete: field('true: keep unfinished responses'),
              mapCity: z
                .array(z.string())
                .optional()
                .describe('Name in the file=known city, e.g. Gnt=Gent; repeat the field for more'),
              dryRun: field('true: check the file and report, store nothing'),
            }),
          },
        },
      },
    },
    responses: {
      200: json(registry.register('ImportSummary', importSummarySchema), 'Dry run: what would be stored'),
      201: json(importSummarySchema, 'Stored'),
      ...errors,
      403: json(error, 'Needs the analyst role'),
      422: json(importSummarySchema, 'Refused: the errors name row and column; nothing was stored'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/imports/{id}/undo',
    summary: 'Undo an import: its respondents are removed, its record and file kept; analysts only; audited',
    request: { params: z.object({ id: z.string().describe('Import id') }) },
    responses: {
      200: json(registry.register('UndoneImport', undoneImportSchema), 'The import, now undone'),
      ...errors,
      403: json(error, 'Needs the analyst role'),
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Maturity Radar API',
      version: '1',
      description:
        'The same data and shapes as the command line with --json. Every request needs a signed-in session or an API token.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }, { session: [] }],
  }) as unknown as Record<string, unknown>;
}
