import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { loadCityDirectory, insertCity, type City, type CityDirectory } from '../db/cities.js';
import { encodeAnswers } from '../db/answer-codec.js';
import { findCommittedImportBySha, insertImport } from '../db/imports.js';
import { getInstrument, listInstruments } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { findOrCreateWave } from '../db/waves.js';
import { guardedImportTransaction } from './guarded-store.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { foldKey } from '../domain/text-key.js';
import { decodeText } from './decode-text.js';
import { issueError, issueWarning, place, type ImportIssue } from './import-issue.js';
import { mapColumns } from './map-columns.js';
import { parseRecords } from './parse-records.js';
import { invalidShareIssue, newRowContext, readRespondent, type ParsedRespondent } from './read-respondents.js';

export interface ImportRequest {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly wave?: number;
  readonly instrumentId?: string;
  /** Validate and report, store nothing. */
  readonly dryRun?: boolean;
  readonly createdBy: string;
  /** Marks generated demo data, shown as synthetic wherever it appears. */
  readonly synthetic?: boolean;
  readonly now: Date;
}

/** What an import did, or would do (dry run), or why it was refused. */
export interface ImportSummary {
  readonly importId: number | null;
  readonly dryRun: boolean;
  readonly fileName: string;
  readonly sha256: string;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly instrument: string | null;
  readonly wave: number | null;
  readonly respondents: number;
  readonly answers: number;
  readonly invalidCells: number;
  readonly cities: { readonly matched: readonly string[]; readonly added: readonly string[] };
  readonly warnings: readonly ImportIssue[];
  readonly errors: readonly ImportIssue[];
}

/** Refusals that mean "already there" rather than "bad file" (HTTP 409). */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['duplicate-file', 'respondent-exists']);

/**
 * Imports one survey file, all of it or none of it: decode → parse → map
 * columns → validate every row → check identity → store in one transaction.
 * Every problem is collected (not only the first); any error leaves every
 * table exactly as it was.
 */
export async function importSurvey(db: Kysely<Database>, request: ImportRequest): Promise<ImportSummary> {
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  const base = {
    importId: null,
    dryRun: request.dryRun ?? false,
    fileName: request.fileName,
    sha256,
    encoding: null,
    delimiter: null,
    instrument: null,
    wave: null,
    respondents: 0,
    answers: 0,
    invalidCells: 0,
    cities: { matched: [], added: [] },
    warnings: [],
    errors: [],
  } satisfies ImportSummary;
  const refuse = (errors: ImportIssue[], extra: Partial<ImportSummary> = {}): ImportSummary => ({ ...base, ...extra, errors });

  const duplicate = await findCommittedImportBySha(db, sha256);
  if (duplicate) {
    return refuse([issueError('duplicate-file', `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`)]);
  }

  let instrument: Instrument;
  let decoded: ReturnType<typeof decodeText>;
  let parsed: ReturnType<typeof parseRecords>;
  try {
    instrument = await resolveInstrument(db, request.instrumentId);
    decoded = decodeText(request.bytes);
    parsed = parseRecords(decoded.text);
  } catch (error) {
    if (isDomainError(error)) return refuse([issueError(error.code, error.message)]);
    throw error;
  }
  const found = { instrument: instrument.id, encoding: decoded.encoding, delimiter: parsed.delimiter === '\t' ? 'TAB' : parsed.delimiter };
  const columns = mapColumns(parsed.header, instrument, { waveGiven: request.wave !== undefined });
  const warnings: ImportIssue[] = [...decoded.warnings, ...columns.issues.filter((i) => i.severity === 'warning')];
  const columnErrors = columns.issues.filter((i) => i.severity === 'error');
  if (columnErrors.length > 0) return refuse(columnErrors, { ...found, warnings });

  const ctx = newRowContext(instrument, columns.map, request.now.getUTCFullYear(), request.wave);
  const headerKey = parsed.header.map(foldKey).join('\u0000');
  const respondents: ParsedRespondent[] = [];
  for (const record of parsed.records) {
    if (record.fields.map(foldKey).join('\u0000') === headerKey) {
      ctx.issues.push(issueError('header-repeated', `Row ${record.row} repeats the header line: were two exports pasted together? Remove the second header.`, { row: record.row }));
      continue;
    }
    const respondent = readRespondent(ctx, record.row, record.fields);
    if (respondent) respondents.push(respondent);
  }
  const tooMany = invalidShareIssue(ctx.counts);
  if (tooMany) ctx.issues.push(tooMany);
  const waves = [...new Set(respondents.map((r) => r.wave))];
  if (waves.length > 1) {
    const second = respondents.find((r) => r.wave !== waves[0])!;
    ctx.issues.push(issueError('wave-multiple', `${place(second.row)}wave ${second.wave} differs from wave ${waves[0]} of the rows above; import one wave per file.`, { row: second.row }));
  }
  if (respondents.length === 0 && parsed.records.length === 0) {
    ctx.issues.push(issueError('file-no-rows', 'The file has a header but no data rows.'));
  }
  warnings.push(...ctx.issues.filter((i) => i.severity === 'warning'));
  const wave = waves[0] ?? request.wave ?? null;
  const counted = {
    ...found,
    wave,
    respondents: respondents.length,
    answers: ctx.counts.answers,
    invalidCells: ctx.counts.invalidCells,
  };
  const rowErrors = ctx.issues.filter((i) => i.severity === 'error');
  if (rowErrors.length > 0) return refuse(rowErrors, { ...counted, warnings });

  const directory = await loadCityDirectory(db);
  const cities = matchCities(respondents, directory, warnings);
  const existing = wave === null ? [] : await findStoredRespondents(db, wave, instrument.id, respondents);
  if (existing.length > 0) return refuse(existing, { ...counted, cities: cities.summary, warnings });

  const summary: ImportSummary = { ...base, ...counted, cities: cities.summary, warnings };
  if (request.dryRun || wave === null) return summary;

  const now = request.now.toISOString();
  const recheck = async (trx: Kysely<Database>) => {
    const again = await findCommittedImportBySha(trx, sha256);
    return again ? [duplicateFileIssue(again)] : findStoredRespondents(trx, wave, instrument.id, respondents);
  };
  const stored = await guardedImportTransaction(db, recheck, async (trx) => {
    const storedWave = await findOrCreateWave(trx, wave, instrument.id, now);
    const cityIds = new Map<string, number>();
    for (const [key, city] of cities.known) cityIds.set(key, city.id);
    for (const [key, city] of cities.added) cityIds.set(key, (await insertCity(trx, city, 'import', now)).id);
    const id = await insertImport(trx, {
      wave_id: storedWave.id,
      file_name: request.fileName,
      sha256,
      size_bytes: request.bytes.byteLength,
      content_gzip: gzipSync(request.bytes),
      status: 'committed',
      synthetic: request.synthetic ? 1 : 0,
      created_by: request.createdBy,
      created_at: now,
      undone_at: null,
      respondents: respondents.length,
      answers: ctx.counts.answers,
      warnings: warnings.length,
      invalid_cells: ctx.counts.invalidCells,
      issues: JSON.stringify(warnings),
    });
    const rows = respondents.map((r) => ({
      import_id: id,
      wave_id: storedWave.id,
      city_id: cityIds.get(cityKey(r.city, r.country))!,
      respondent_key: r.key,
      segments: r.segments ? JSON.stringify(r.segments) : null,
      texts: r.texts ? JSON.stringify(r.texts) : null,
      weight: r.weight,
      answers: encodeAnswers(r.answers),
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await trx.insertInto('respondents').values(rows.slice(i, i + 500)).execute();
    }
    return id;
  });
  if ('refused' in stored) return refuse(stored.refused, { ...counted, cities: cities.summary, warnings });
  return { ...summary, importId: stored.importId };
}

const cityKey = (name: string, country: string) => `${country}\u0000${foldKey(name)}`;

async function resolveInstrument(db: Kysely<Database>, id?: string): Promise<Instrument> {
  if (id) return getInstrument(db, id);
  const all = await listInstruments(db);
  if (all.length === 1) return getInstrument(db, all[0]!.id);
  if (all.length === 0) throw new DomainError('instrument-not-found', 'No instrument is stored yet: add one with "maturity instrument add <file.json>".');
  throw new DomainError('instrument-ambiguous', `Several instruments are stored (${all.map((i) => i.id).join(', ')}): name one with --instrument <id>.`);
}

/**
 * Each (country, name) of the file → a known city (by name or alias in that
 * country) or a new one. New cities are added with a warning; names that
 * differ from a known city only by accents are flagged, not merged.
 */
function matchCities(respondents: readonly ParsedRespondent[], directory: CityDirectory, warnings: ImportIssue[]) {
  const known = new Map<string, City>();
  const added = new Map<string, { name: string; country: string; population: null }>();
  for (const r of respondents) {
    const key = cityKey(r.city, r.country);
    if (known.has(key) || added.has(key)) continue;
    const city = directory.find(r.city, r.country);
    if (city) {
      known.set(key, city);
      continue;
    }
    added.set(key, { name: r.city, country: r.country, population: null });
    const variants = directory.accentVariants(r.city, r.country);
    if (variants.length > 0) {
      warnings.push(issueWarning('city-accent-variant', `${place(r.row, 'city')}"${r.city}" differs from the known city "${variants[0]!.name}" only by accents; it was kept as a separate city. Correct the file if they are the same.`, { row: r.row, column: 'city', value: r.city }));
    } else {
      const elsewhere = directory.byName(r.city).filter((c) => c.country !== r.country);
      const hint = elsewhere.length > 0 ? ` (a "${elsewhere[0]!.name}" is known in ${elsewhere[0]!.country}: check the country code)` : '';
      warnings.push(issueWarning('city-new', `${place(r.row, 'city')}"${r.city}" (${r.country}) is not in the city registry; it was added without a population, so it is never in a largest:N peer group${hint}.`, { row: r.row, column: 'city', value: r.city }));
    }
  }
  return {
    known,
    added,
    summary: {
      matched: [...new Set([...known.values()].map((c) => c.name))].sort(),
      added: [...added.values()].map((c) => c.name).sort(),
    },
  };
}

/** Respondent ids of the file already stored for the wave: each refused, naming its row. */
async function findStoredRespondents(
  db: Kysely<Database>,
  year: number,
  instrumentId: string,
  respondents: readonly ParsedRespondent[],
): Promise<ImportIssue[]> {
  const wave = await db.selectFrom('waves').select('id').where('year', '=', year).where('instrument_id', '=', instrumentId).executeTakeFirst();
  if (!wave) return [];
  const rowOf = new Map(respondents.map((r) => [r.key, r.row]));
  const keys = [...rowOf.keys()];
  const issues: ImportIssue[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const found = await db
      .selectFrom('respondents')
      .innerJoin('imports', 'imports.id', 'respondents.import_id')
      .select(['respondents.respondent_key', 'imports.id as importId'])
      .where('respondents.wave_id', '=', wave.id)
      .where('respondents.respondent_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const f of found) {
      const row = rowOf.get(f.respondent_key)!;
      issues.push(issueError('respondent-exists', `Row ${row}: respondent "${f.respondent_key}" is already stored for wave ${year} (import #${f.importId}).`, { row, value: f.respondent_key }));
    }
  }
  return issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

const duplicateFileIssue = (duplicate: { id: number; file_name: string; created_at: string }) =>
  issueError('duplicate-file', `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`);
