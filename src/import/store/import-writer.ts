import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { insertCity, type CityDirectory } from '../../db/repositories/cities.js';
import {
  advanceRespondentIdSequence,
  highestRespondentId,
  finishImportRow,
  insertImportContentPart,
} from '../../db/bulk/import-store.js';
import { insertImport } from '../../db/repositories/imports.js';
import { ORIGINAL_ENCODING } from '../../db/codecs/original-codec.js';
import {
  kyselyRespondentWriter,
  sqliteRespondentWriter,
  type Holder,
  type RespondentWriter,
  type StoredRespondent,
} from '../../db/bulk/respondent-writer.js';
import { copyContentPart, pgCopyRespondentWriter } from '../../db/bulk/pg-copy-writer.js';
import type { PgSession } from '../../db/bulk/pg-session.js';
import type { Database } from '../../db/schema.js';
import { writeImportAggregates } from '../../db/repositories/score-aggregates.js';
import { encodeSegments } from '../../db/codecs/segment-codec.js';
import { findOrCreateWave } from '../../db/repositories/waves.js';
import type { Instrument } from '../../domain/instrument.js';
import { cityKey, matchCities } from '../validate/identity-checks.js';
import type { CityMapping } from '../validate/city-map.js';
import { foldKey } from '../../domain/text-key.js';
import type { ImportIssue } from '../import-issue.js';
import { openSidecar, type ImportSidecar } from './import-sidecar.js';
import type { ParsedRespondent } from '../validate/read-respondents.js';

/** The import row's facts known only at the end of the file. */
export interface ImportTotals {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly answers: number;
  readonly invalidCells: number;
  readonly warnings: readonly ImportIssue[];
}

export interface ImportWriterOptions {
  /** The import's transaction (holding the import lock). */
  readonly trx: Kysely<Database>;
  /** The raw SQLite connection the transaction runs on, for the prepared-statement bulk path. */
  readonly sqlite?: SQLite.Database;
  /** The session of the connection the transaction runs on, for the COPY bulk path; `onCopyConflict` is told when a COPY met a stored id. */
  readonly pg?: { readonly session: PgSession; readonly onCopyConflict: () => void };
  readonly instrument: Instrument;
  readonly directory: CityDirectory;
  readonly fileName: string;
  readonly synthetic: boolean;
  readonly createdBy: string;
  readonly now: string;
  /** A respondent id already stored: by another import, or earlier in this file. */
  readonly onRefused: (r: { readonly row: number; readonly key: string }, holder: Holder) => void;
  /** Warnings about the file's cities (new city, accent variant), once per city. */
  readonly onCityWarning: (issue: ImportIssue) => void;
  /** Keep the original file (compressed: original-codec.ts); off for a dry run. */
  readonly keepOriginal: boolean;
  /** Compress and sum on this worker script (`compiledWorkerUrl()`); absent: on this thread. */
  readonly worker?: URL | null;
  /** City names of the file taken as known cities (targets checked to exist before the import starts). */
  readonly cityMap?: readonly CityMapping[];
}

/** A city of the file: the stored city its rows went to, and how its name was matched. */
export interface CityOfFile {
  readonly id: number;
  readonly name: string;
  readonly isNew: boolean;
  /** Names in the file mapped to this city by the analyst. */
  readonly mappedFrom: readonly string[];
  /** For a new city: the known cities it may be a misspelling of. */
  readonly suggestions: readonly string[];
  readonly country: string;
}

const CONTENT_PART_BYTES = 1 << 20;
const CONTENT_PARTS_IN_FLIGHT = 3;

/** A city name as written in the file, in one country: its stored id. */
interface WrittenCity {
  readonly country: string;
  readonly id: number;
  /** The same name in another country. */
  readonly next: WrittenCity | undefined;
}

/** One wave of the file: its import row, bulk writer and aggregates. */
interface WaveTarget {
  readonly year: number;
  readonly importId: number;
  readonly waveId: number;
  readonly writer: RespondentWriter;
  /** The first wave's sidecar also compresses the original; the others only sum. */
  readonly side: ImportSidecar;
  stored: number;
  /** Respondents per city id in this wave of the file. */
  readonly perCity: Map<number, number>;
}

/** Per wave of an import: its year, import row and respondents stored. */
export interface WaveCount {
  readonly wave: number;
  readonly importId: number;
  readonly respondents: number;
}

/**
 * Stores one import's respondents as the file streams past, inside the
 * import's transaction: the wave and the import row at the first valid
 * respondent, each city once (known, or added), the respondents through the
 * bulk writer, their score aggregates (memory grows with cities × segment
 * values, never with respondents) and the original file, compressed, in 1 MiB
 * parts. A file of several waves gets one import row per wave, the later ones
 * pointing to the first (`batch_id`): undo removes them all. The caller
 * commits, or rolls everything back.
 */
export class ImportWriter {
  /** The compression of the original and the first wave's aggregates: here or on a worker thread. */
  private readonly side: ImportSidecar;
  private readonly segmentKeys: readonly string[];
  private readonly cityIds = new Map<string, number>();
  /**
   * City as written → its stored id per country, before any folding: nearly every row hits this,
   * by one look-up (no key string built per row; the same name in another country is the next entry).
   */
  private readonly cityIdsWritten = new Map<string, WrittenCity>();
  private readonly matched = new Set<string>();
  private readonly added: string[] = [];
  /** Folded name in the file → the known city's name it is mapped to. */
  private readonly mapTo: Map<string, string>;
  private readonly fileCities = new Map<number, CityOfFile>();
  /** The waves in the order met; `current` is the last row's (nearly every row repeats it). */
  private readonly targets: WaveTarget[] = [];
  private current: WaveTarget | null = null;
  /** The highest respondent id before this import wrote: its rows get the ids after it. */
  private idsAfter = 0;
  /** The last id given to a row, by the writers that number their rows (COPY), across waves. */
  private readonly ids = { last: 0 };
  /** The part of the kept original being filled; stored when full (its memory reused for the next). */
  private contentPart: Buffer | null = null;
  private contentFilled = 0;
  /** Parts handed to the database and not yet stored, in order; buffers of stored parts, for reuse. */
  private readonly storingParts: Promise<void>[] = [];
  private readonly freeParts: Buffer[] = [];
  private partNo = 0;
  /** The file has no id column: a respondent is named by the import and its row. */
  private rowIds = false;

  constructor(private readonly options: ImportWriterOptions) {
    this.side = openSidecar({
      instrument: options.instrument,
      ...(options.keepOriginal ? { onCompressed: (chunk: Buffer) => this.content(chunk) } : {}),
      ...(options.worker ? { worker: options.worker } : {}),
    });
    this.segmentKeys = options.instrument.segments.map((s) => s.key);
    this.mapTo = new Map((options.cityMap ?? []).map((m) => [foldKey(m.from), m.to]));
  }

  /** The cities the file's rows went to, with respondents per wave (in the order the waves were met). */
  get citiesOfFile(): { city: CityOfFile; perWave: { wave: number; waveId: number; respondents: number }[] }[] {
    return [...this.fileCities.values()].map((city) => ({
      city,
      perWave: this.targets
        .filter((t) => t.perCity.has(city.id))
        .map((t) => ({ wave: t.year, waveId: t.waveId, respondents: t.perCity.get(city.id)! })),
    }));
  }

  /** Names each respondent by this import's id and its row (a file without an id column): unique across imports. */
  idsFromRows(): void {
    this.rowIds = true;
  }

  /** Respondents handed over and not refused. */
  get respondents(): number {
    return this.targets.reduce((n, t) => n + t.stored, 0);
  }

  /** Respondents per wave, in the order the waves were met. */
  get waves(): WaveCount[] {
    return this.targets.map((t) => ({ wave: t.year, importId: t.importId, respondents: t.stored }));
  }

  get cities(): { matched: string[]; added: string[] } {
    return { matched: [...this.matched].sort(), added: [...this.added].sort() };
  }

  /** The wave of the stored respondents (the first one's), once there is one. */
  get wave(): number | null {
    return this.targets[0]?.year ?? null;
  }

  /** The import row of the first wave (the one that keeps the file). */
  get importId(): number | null {
    return this.targets[0]?.importId ?? null;
  }

  /** True for an import row this import wrote (any of its waves). */
  owns(importId: number): boolean {
    return this.targets.some((t) => t.importId === importId);
  }

  /**
   * Stores one validated respondent. Synchronous once its wave's import row
   * and its city exist (nearly every row); a promise otherwise, or when the
   * bulk writer went to the database asynchronously (PostgreSQL).
   */
  add(r: ParsedRespondent): void | Promise<void> {
    let target = this.current;
    if (target === null || target.year !== r.wave) {
      target = this.targets.find((t) => t.year === r.wave) ?? null;
      if (target === null) return this.start(r.wave).then(() => this.add(r));
      this.current = target;
    }
    let written = this.cityIdsWritten.get(r.city);
    while (written !== undefined && written.country !== r.country) written = written.next;
    const cityId = written?.id;
    if (cityId === undefined) return this.resolveCity(r).then(() => this.add(r));
    target.stored++;
    target.perCity.set(cityId, (target.perCity.get(cityId) ?? 0) + 1);
    // Added before the bulk writer knows whether the id is refused: a refusal is an error, so the
    // whole import, aggregates included, is rolled back and never stored.
    const summing = target.side.add(cityId, r.weight, r.segments, r.answers);
    const storing = target.writer.add({
      row: r.row,
      cityId,
      key: this.rowIds ? `${target.importId}-${r.row}` : r.key,
      segments: encodeSegments(this.segmentKeys, r.segments),
      texts: r.texts ? JSON.stringify(r.texts) : null,
      weight: r.weight,
      answers: r.answers,
    });
    if (summing) return storing ? Promise.all([summing, storing]).then(() => undefined) : summing;
    return storing;
  }

  /** Every byte of the file as read, in order: compressed for keeping (`content`). */
  bytes(chunk: Uint8Array): void | Promise<void> {
    return this.side.bytes(chunk);
  }

  /** True when `bytes` also hashes what it is handed (on the worker); `sha256` then gives the digest. */
  get hashesBytes(): boolean {
    return this.side.hashesBytes;
  }

  /** The SHA-256 of every byte handed to `bytes` (when `hashesBytes`), after the last. */
  sha256(): Promise<string> {
    return this.side.sha256();
  }

  /** Stops the worker, if any (after `finish`, or when the import fails). */
  close(): void {
    this.side.close();
    for (const t of this.targets) if (t.side !== this.side) t.side.close();
  }

  /** A chunk of the original file's compressed stream, copied into the part being filled (the chunk's memory is reused). */
  private async content(chunk: Buffer): Promise<void> {
    this.contentPart ??= Buffer.allocUnsafe(CONTENT_PART_BYTES);
    let at = 0;
    while (at < chunk.length) {
      if (this.contentFilled === this.contentPart.length) await this.flushContent();
      const n = Math.min(chunk.length - at, this.contentPart.length - this.contentFilled);
      chunk.copy(this.contentPart, this.contentFilled, at, at + n);
      this.contentFilled += n;
      at += n;
    }
  }

  /** Stores the buffered respondents, so every refused id has been reported. Call before reading the errors. */
  async flushRespondents(): Promise<void> {
    for (const t of this.targets) await t.writer.flush();
  }

  /** Stores what is buffered, the aggregates and each wave's totals. Returns the first import id (null: no respondent). */
  async finish(totals: ImportTotals): Promise<number | null> {
    const first = this.targets[0];
    if (!first) return null;
    await this.flushRespondents();
    const { trx, sqlite } = this.options;
    const lastRespondentId = await highestRespondentId(trx);
    if (this.options.pg) await advanceRespondentIdSequence(trx, lastRespondentId);
    for (const t of this.targets) {
      const aggregates = await t.side.finish();
      if (t === first) {
        await this.flushContent();
        await this.contentStored();
      }
      await writeImportAggregates(trx, t.importId, t.waveId, aggregates, sqlite, this.options.pg?.session);
      // The file's totals (answers, warnings) stay with the first wave's import row.
      const fileTotals = t === first ? totals : { ...totals, answers: 0, invalidCells: 0, warnings: [] };
      await finishImportRow(trx, t.importId, {
        ...fileTotals,
        respondents: t.stored,
        firstRespondentId: this.idsAfter + 1,
        lastRespondentId,
      });
    }
    return first.importId;
  }

  /**
   * Stores the part being filled without waiting for it (on PostgreSQL it queues behind the COPY
   * chunks in flight, and waiting would drain them); its buffer is reused once stored, and a
   * new part waits only when every buffer is still in flight. Before the first respondent there
   * is no import row yet, and a full part grows instead.
   */
  private async flushContent(): Promise<void> {
    const part = this.contentPart;
    if (part === null || this.contentFilled === 0) return;
    const first = this.targets[0];
    if (!first) {
      if (this.contentFilled === part.length) {
        this.contentPart = Buffer.allocUnsafe(2 * part.length);
        part.copy(this.contentPart);
      }
      return;
    }
    const bytes = part.subarray(0, this.contentFilled);
    const { pg, trx } = this.options;
    const storing = (
      pg
        ? copyContentPart(pg.session, first.importId, this.partNo++, bytes)
        : insertImportContentPart(trx, first.importId, this.partNo++, bytes)
    ).then(() => void this.freeParts.push(part));
    storing.catch(() => undefined); // reported by the wait below
    this.storingParts.push(storing);
    this.contentFilled = 0;
    this.contentPart = this.freeParts.pop() ?? null;
    if (this.contentPart === null && this.storingParts.length >= CONTENT_PARTS_IN_FLIGHT)
      await this.storingParts.shift();
    this.contentPart ??= this.freeParts.pop() ?? Buffer.allocUnsafe(CONTENT_PART_BYTES);
  }

  /** Waits until every part handed to the database is stored (before the import's totals are written). */
  private async contentStored(): Promise<void> {
    while (this.storingParts.length > 0) await this.storingParts.shift();
  }

  /** The import row and bulk writer of a wave met for the first time. */
  private async start(year: number): Promise<void> {
    const options = this.options;
    const { trx, sqlite, instrument } = options;
    const first = this.targets[0];
    const wave = await findOrCreateWave(trx, year, instrument.id, options.now);
    const importId = await insertImport(trx, {
      wave_id: wave.id,
      batch_id: first?.importId ?? null,
      file_name: options.fileName,
      sha256: '',
      size_bytes: 0,
      content: Buffer.alloc(0),
      content_encoding: ORIGINAL_ENCODING,
      status: 'committed',
      synthetic: options.synthetic ? 1 : 0,
      created_by: options.createdBy,
      created_at: options.now,
      undone_at: null,
      respondents: 0,
      answers: 0,
      warnings: 0,
      invalid_cells: 0,
      issues: '[]',
      city_map: JSON.stringify(options.cityMap ?? []),
    });
    if (!first) this.ids.last = this.idsAfter = await highestRespondentId(trx);
    const place = { importId, waveId: wave.id };
    let target: WaveTarget;
    const onRefused = (row: StoredRespondent, holder: Holder) => {
      target.stored--;
      target.perCity.set(row.cityId, (target.perCity.get(row.cityId) ?? 1) - 1);
      options.onRefused(row, holder);
    };
    const writer = sqlite
      ? sqliteRespondentWriter(sqlite, place, onRefused)
      : options.pg
        ? pgCopyRespondentWriter(options.pg.session, place, this.ids, options.pg.onCopyConflict)
        : kyselyRespondentWriter(trx, place, onRefused);
    // A later wave sums on this thread: files of several waves are rare and small.
    const side = first ? openSidecar({ instrument }) : this.side;
    target = { year, importId, waveId: wave.id, writer, side, stored: 0, perCity: new Map() };
    this.targets.push(target);
  }

  private async resolveCity(r: ParsedRespondent): Promise<void> {
    const key = cityKey(r.city, r.country);
    let id = this.cityIds.get(key);
    if (id === undefined) {
      const { directory } = this.options;
      const mappedTo = this.mapTo.get(foldKey(r.city));
      const target =
        mappedTo === undefined ? undefined : (directory.find(mappedTo, r.country) ?? directory.find(mappedTo));
      if (target) {
        id = target.id;
        this.matched.add(target.name);
        const seen = this.fileCities.get(id);
        this.fileCities.set(id, {
          id,
          name: target.name,
          country: target.country,
          isNew: false,
          mappedFrom: [...(seen?.mappedFrom ?? []), r.city],
          suggestions: [],
        });
      } else {
        const warnings: ImportIssue[] = [];
        const match = matchCities([r], directory, warnings);
        const known = match.known.get(key);
        if (known) {
          id = known.id;
          this.matched.add(known.name);
          if (!this.fileCities.has(id))
            this.fileCities.set(id, {
              id,
              name: known.name,
              country: known.country,
              isNew: false,
              mappedFrom: [],
              suggestions: [],
            });
        } else {
          id = (
            await insertCity(
              this.options.trx,
              { name: r.city, country: r.country, population: null },
              'import',
              this.options.now,
            )
          ).id;
          this.added.push(r.city);
          this.fileCities.set(id, {
            id,
            name: r.city,
            country: r.country,
            isNew: true,
            mappedFrom: [],
            suggestions: match.suggestions.get(key) ?? [],
          });
        }
        warnings.forEach(this.options.onCityWarning);
      }
      this.cityIds.set(key, id);
    }
    this.cityIdsWritten.set(r.city, { country: r.country, id, next: this.cityIdsWritten.get(r.city) });
  }
}
