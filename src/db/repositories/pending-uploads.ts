import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/domain-error.js';
import type { Database } from '../schema.js';

export interface PendingUpload {
  readonly token: string;
  readonly sha256: string;
  readonly fileName: string;
  readonly wave: number | null;
  readonly instrumentId: string | null;
  /** The other import options chosen with the upload (city, country, …), kept as given. */
  readonly options: Readonly<Record<string, string | boolean>>;
  readonly bytes: Buffer;
  readonly createdBy: string;
}

/** Uploads older than this are removed when a new one is kept. */
const MAX_AGE_MS = 24 * 3600 * 1000;

/** Keeps an upload until it is confirmed; returns the unguessable token that names it. */
export async function keepPendingUpload(
  db: Kysely<Database>,
  upload: Omit<PendingUpload, 'token'>,
  now: Date,
): Promise<string> {
  const token = randomBytes(24).toString('hex');
  await db
    .deleteFrom('pending_uploads')
    .where('created_at', '<', new Date(now.getTime() - MAX_AGE_MS).toISOString())
    .execute();
  await db
    .insertInto('pending_uploads')
    .values({
      token,
      sha256: upload.sha256,
      file_name: upload.fileName,
      wave: upload.wave,
      instrument_id: upload.instrumentId,
      options: JSON.stringify(upload.options),
      content_gzip: gzipSync(upload.bytes),
      created_by: upload.createdBy,
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** The upload a token names, for the same user; `upload-expired` when it is gone. */
export async function takePendingUpload(
  db: Kysely<Database>,
  token: string,
  createdBy: string,
): Promise<PendingUpload> {
  const row = await db
    .selectFrom('pending_uploads')
    .selectAll()
    .where('token', '=', token)
    .where('created_by', '=', createdBy)
    .executeTakeFirst();
  if (!row)
    throw new DomainError(
      'upload-not-found',
      'This upload is no longer waiting for confirmation (confirmed already, or expired): upload the file again.',
    );
  return {
    token,
    sha256: row.sha256,
    fileName: row.file_name,
    wave: row.wave,
    instrumentId: row.instrument_id,
    options: JSON.parse(row.options) as Record<string, string | boolean>,
    bytes: gunzipSync(row.content_gzip),
    createdBy: row.created_by,
  };
}

export async function dropPendingUpload(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('pending_uploads').where('token', '=', token).execute();
}

/** Replaces the options kept with a pending upload (the preview was checked again with other choices). */
export async function setPendingUploadOptions(
  db: Kysely<Database>,
  token: string,
  createdBy: string,
  options: Readonly<Record<string, string | boolean>>,
): Promise<void> {
  await db
    .updateTable('pending_uploads')
    .set({ options: JSON.stringify(options) })
    .where('token', '=', token)
    .where('created_by', '=', createdBy)
    .execute();
}
