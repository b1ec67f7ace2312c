import type { Request, RequestHandler, Response } from 'express';
import { urlencoded, type Router } from 'express';
import multer from 'multer';
import type { Config } from '../../config.js';
import type { Store } from '../../db/create-db.js';
import { findImport, listImports, readImportWarnings, undoImport } from '../../db/repositories/imports.js';
import {
  dropPendingUpload,
  keepPendingUpload,
  setPendingUploadOptions,
  takePendingUpload,
} from '../../db/repositories/pending-uploads.js';
import { importCityCounts, readImportCityMap } from '../../db/repositories/import-city-counts.js';
import { cityMapValues, parseCityMap, type CityMapping } from '../../import/validate/city-map.js';
import { parseWave, type WaveYear } from '../../domain/wave.js';
import { importSurvey, type ImportSummary } from '../../import/import-survey.js';
import { parseCityOption, parseCountryOption } from '../../import/validate/country-code.js';
import { draftInstrument } from '../../import/draft/draft-instrument.js';
import { bytesSource } from '../../import/read/byte-source.js';
import { readSample } from '../../import/read/read-sample.js';
import { requireRole } from '../auth/require-role.js';
import { statusOf } from '../error-status.js';
import { HttpError } from '../http-error.js';
import { parseLang } from '../i18n.js';
import { langLinkOf, pageLocals } from '../page-locals.js';
import { presentImportSummary } from '../presenters/import-summary.js';
import { strictRouter } from '../strict-router.js';

/** Who is acting: the signed-in user when access control provides one. */
function actorOf(req: Request, res: Response): string {
  const user = (res.locals as { user?: { name?: string } }).user ?? (req as { user?: { name?: string } }).user;
  return user?.name ? `web:${user.name}` : 'web';
}

/** Who acts, for the audit event the import or undo writes in its own transaction. */
const auditActor = (req: Request) => ({ actor: req.user!.name, ip: req.ip ?? null });

/** Status of a refused import: 409 when it is already there, 422 when the file is bad. */
export const refusalStatus = (s: ImportSummary) => (s.errors.some((e) => statusOf(e.code) === 409) ? 409 : 422);

interface UploadOptions {
  readonly city?: string;
  readonly country?: string;
  readonly includeIncomplete?: boolean;
  readonly sheet?: string;
  readonly cityMap?: readonly CityMapping[];
}

interface UploadFields extends UploadOptions {
  readonly wave?: WaveYear;
  readonly instrumentId?: string;
}

const textField = (body: Record<string, unknown> | undefined, name: string): string =>
  typeof body?.[name] === 'string' ? (body[name] as string).trim() : '';

/** The form fields next to the file, validated at the edge. */
function uploadFields(body: Record<string, unknown> | undefined): UploadFields {
  const wave = textField(body, 'wave');
  const instrument = textField(body, 'instrument');
  return {
    ...(wave ? { wave: parseWave(wave) } : {}),
    ...(instrument ? { instrumentId: instrument } : {}),
    ...uploadOptions(body),
  };
}

/** City, country, unfinished responses and sheet: the same names on the form and in the API. */
function uploadOptions(body: Record<string, unknown> | undefined): UploadOptions {
  const city = textField(body, 'city');
  const country = textField(body, 'country');
  const sheet = textField(body, 'sheet');
  const include = textField(body, 'includeIncomplete');
  const options: { -readonly [K in keyof UploadOptions]: UploadOptions[K] } = {};
  if (city) options.city = parseCityOption(city);
  if (country) options.country = parseCountryOption(country);
  if (sheet) options.sheet = sheet;
  if (include === 'true' || include === '1' || include === 'on') options.includeIncomplete = true;
  const map = mapFields(body, 'mapCity');
  if (map.length > 0) options.cityMap = map;
  return options;
}

/** `Gnt=Gent` values of a (repeatable) form field; empty values ("keep as a new city") are skipped. */
function mapFields(body: Record<string, unknown> | undefined, name: string): CityMapping[] {
  const values = [body?.[name]].flat().filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parseCityMap(values);
}

/** The options kept with a pending upload: the mappings as their text values (JSON in one option). */
function optionsToKeep(fields: UploadOptions): Record<string, string | boolean> {
  return {
    ...(fields.city ? { city: fields.city } : {}),
    ...(fields.country ? { country: fields.country } : {}),
    ...(fields.sheet ? { sheet: fields.sheet } : {}),
    ...(fields.includeIncomplete ? { includeIncomplete: true } : {}),
    ...(fields.cityMap?.length ? { cityMap: JSON.stringify(cityMapValues(fields.cityMap)) } : {}),
  };
}

/** The options kept with a pending upload, read back (they were validated when kept). */
function keptOptions(options: Readonly<Record<string, string | boolean>>): UploadOptions {
  return {
    ...(typeof options.city === 'string' ? { city: options.city } : {}),
    ...(typeof options.country === 'string' ? { country: options.country } : {}),
    ...(typeof options.sheet === 'string' ? { sheet: options.sheet } : {}),
    ...(options.includeIncomplete === true ? { includeIncomplete: true } : {}),
    ...(typeof options.cityMap === 'string' ? { cityMap: parseCityMap(JSON.parse(options.cityMap) as string[]) } : {}),
  };
}

/**
 * Multipart upload of one file held in memory (at most `limit` bytes), as
 * `req.file`. A declared body over the limit is refused with 413 before it
 * is read; a body that grows past it is cut off with 413. Nothing is stored.
 * Registered before any CSRF check (multer must parse the body first).
 */
function uploadOne(limit: number): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: limit, files: 1, fields: 10 } }).single(
    'file',
  );
  const tooLarge = () =>
    new HttpError(
      'upload-too-large',
      `The file is larger than the upload limit of ${Math.round(limit / 1024 / 1024)} MiB; import it with the CLI ("maturity import <file>"), which streams files of any size.`,
    );
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit + 64 * 1024) {
      res.set('Connection', 'close');
      next(tooLarge());
      return;
    }
    parse(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') next(tooLarge());
      else if (error instanceof multer.MulterError)
        next(
          new HttpError(
            'upload-invalid',
            `The upload could not be read (${error.code}): send one file in the field "file".`,
          ),
        );
      else next(error);
    });
  };
}

const requireFile = (req: Request): Express.Multer.File => {
  if (!req.file) throw new HttpError('upload-missing', 'Choose a file to upload (form field "file").');
  return req.file;
};

const importId = (raw: string | undefined): number => {
  if (!raw || !/^\d+$/.test(raw)) throw new HttpError('import-not-found', `No import "${raw}".`);
  return Number(raw);
};

/**
 * The analyst's import pages (upload → preview → confirm → summary; history
 * with undo) and the import endpoints of the JSON API.
 */
export function importRoutes(store: Store, config: Config): Router {
  const router = strictRouter();
  const upload = uploadOne(config.uploadLimitBytes);
  const form = urlencoded({ extended: false, limit: '16kb' });
  const renderUpload = (req: Request, res: Response, status: number, extra: Record<string, unknown>) => {
    const locals = pageLocals(req, res);
    res.status(status).render('import-upload', {
      ...locals,
      title: locals.t('importUpload'),
      preview: null,
      token: null,
      fields: {},
      limitMb: Math.round(config.uploadLimitBytes / 1024 / 1024),
      ...extra,
    });
  };

  router.get('/imports', async (req, res) => {
    const locals = pageLocals(req, res);
    const imports = await listImports(store.db);
    // After an undo: say it was done (read back from the record, so a link with ?undone= cannot claim it falsely).
    const undoneId =
      typeof req.query.undone === 'string' && /^\d+$/.test(req.query.undone) ? Number(req.query.undone) : null;
    const undone = imports.find((i) => i.id === undoneId && i.status === 'undone') ?? null;
    res.render('imports', { ...locals, title: locals.t('imports'), imports, undone });
  });

  router.get('/imports/new', (req, res) => renderUpload(req, res, 200, {}));

  // Step 1: dry run. A clean file is kept (pending) and previewed with a confirm button.
  router.post('/imports/preview', requireRole('analyst'), upload, async (req, res) => {
    const file = requireFile(req);
    const fields = uploadFields(req.body);
    const who = actorOf(req, res);
    const now = new Date();
    const summary = await importSurvey(store, {
      bytes: file.buffer,
      fileName: file.originalname,
      ...fields,
      dryRun: true,
      createdBy: who,
      now,
    });
    const view = presentImportSummary(summary);
    if (summary.errors.length > 0) {
      renderUpload(req, res, refusalStatus(summary), { preview: view, fields });
      return;
    }
    const token = await keepPendingUpload(
      store.db,
      {
        sha256: summary.sha256,
        fileName: file.originalname,
        wave: fields.wave ?? null,
        instrumentId: fields.instrumentId ?? null,
        options: optionsToKeep(fields),
        bytes: file.buffer,
        createdBy: who,
      },
      now,
    );
    renderUpload(req, res, 200, { preview: view, token, fields });
  });

  // Step 1b: the preview again, with near-miss city names mapped to known cities as chosen there.
  router.post('/imports/remap', requireRole('analyst'), form, async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const who = actorOf(req, res);
    const pending = await takePendingUpload(store.db, token, who);
    const kept = keptOptions(pending.options);
    const chosen = mapFields(req.body, 'mapCity');
    const cityMap = parseCityMap(cityMapValues([...(kept.cityMap ?? []), ...chosen]));
    const fields: UploadFields = {
      ...(pending.wave !== null ? { wave: pending.wave } : {}),
      ...(pending.instrumentId !== null ? { instrumentId: pending.instrumentId } : {}),
      ...kept,
      ...(cityMap.length > 0 ? { cityMap } : {}),
    };
    const summary = await importSurvey(store, {
      bytes: pending.bytes,
      fileName: pending.fileName,
      ...fields,
      dryRun: true,
      createdBy: who,
      now: new Date(),
    });
    const view = presentImportSummary(summary);
    if (summary.errors.length > 0) {
      renderUpload(req, res, refusalStatus(summary), { preview: view, fields });
      return;
    }
    await setPendingUploadOptions(store.db, token, who, optionsToKeep(fields));
    renderUpload(req, res, 200, { preview: view, token, fields });
  });

  // Step 2: commit what was previewed (post/redirect/get to its summary).
  router.post('/imports/confirm', requireRole('analyst'), form, async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const who = actorOf(req, res);
    const pending = await takePendingUpload(store.db, token, who);
    const summary = await importSurvey(store, {
      bytes: pending.bytes,
      fileName: pending.fileName,
      ...(pending.wave !== null ? { wave: pending.wave } : {}),
      ...(pending.instrumentId !== null ? { instrumentId: pending.instrumentId } : {}),
      ...keptOptions(pending.options),
      createdBy: who,
      audit: auditActor(req),
      now: new Date(),
    });
    await dropPendingUpload(store.db, token);
    if (summary.errors.length > 0) {
      renderUpload(req, res, refusalStatus(summary), { preview: presentImportSummary(summary) });
      return;
    }
    res.redirect(303, langLinkOf(`/imports/${summary.importId}`, parseLang(req.query.lang)));
  });

  router.get('/imports/:id', async (req, res) => {
    const found = await findImport(store.db, importId(req.params.id));
    if (!found) throw new HttpError('import-not-found', `No import #${req.params.id}.`);
    const warnings = await readImportWarnings(store.db, found.id);
    const locals = pageLocals(req, res);
    res.render('import-summary', {
      ...locals,
      title: locals.t('importTitle', { id: found.id }),
      record: found,
      warnings,
      cityCounts: await importCityCounts(store.db, found.id),
      cityMap: await readImportCityMap(store.db, found.id),
    });
  });

  // Undo asks first: a page that names what will be taken out, with the button and a way back.
  router.get('/imports/:id/undo', requireRole('analyst'), async (req, res) => {
    const found = await findImport(store.db, importId(String(req.params.id)));
    if (!found) throw new HttpError('import-not-found', `No import #${req.params.id}.`);
    const locals = pageLocals(req, res);
    res.render('import-undo', {
      ...locals,
      title: locals.t('undoTitle', { id: found.id }),
      record: found,
      cityCounts: await importCityCounts(store.db, found.id),
    });
  });

  router.post('/imports/:id/undo', requireRole('analyst'), form, async (req, res) => {
    const undone = await undoImport(
      store.db,
      importId(String(req.params.id)),
      new Date().toISOString(),
      auditActor(req),
    );
    res.redirect(303, langLinkOf(`/imports?undone=${undone.id}`, parseLang(req.query.lang)));
  });

  // JSON API: the same summary as `maturity import --json`.
  // An instrument drafted from an uploaded export, as a JSON download (nothing is stored).
  router.post('/instruments/draft', requireRole('analyst'), upload, async (req, res) => {
    const file = requireFile(req);
    const sheet = textField(req.body, 'sheet');
    const draft = draftInstrument(
      await readSample(bytesSource(file.buffer), sheet ? { sheet } : {}),
      file.originalname,
    );
    const name = `${String(draft.instrument.id)}.json`;
    res
      .attachment(name)
      .type('application/json')
      .send(`${JSON.stringify(draft.instrument, null, 2)}\n`);
  });

  router.post('/api/v1/imports', requireRole('analyst'), upload, async (req, res) => {
    const file = requireFile(req);
    const dryRun = req.body?.dryRun === 'true' || req.body?.dryRun === '1' || req.query.dryRun === 'true';
    const summary = await importSurvey(store, {
      bytes: file.buffer,
      fileName: file.originalname,
      ...uploadFields(req.body),
      dryRun,
      createdBy: actorOf(req, res),
      audit: auditActor(req),
      now: new Date(),
    });
    res.status(summary.errors.length > 0 ? refusalStatus(summary) : dryRun ? 200 : 201).json(summary);
  });

  router.post('/api/v1/imports/:id/undo', requireRole('analyst'), async (req, res) => {
    res.json(await undoImport(store.db, importId(String(req.params.id)), new Date().toISOString(), auditActor(req)));
  });

  return router;
}
