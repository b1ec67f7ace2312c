import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely table types: the database as SQL sees it (snake_case). */

export interface InstrumentTable {
  id: string;
  version: string;
  name: string;
  /** The instrument file as JSON text, exactly as validated. */
  definition: string;
  sha256: string;
  created_at: string;
}

export interface WaveTable {
  id: Generated<number>;
  year: number;
  instrument_id: string;
  created_at: string;
}

export interface CityTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** Case-folded, NFC name: with `country` the city's identity. */
  name_key: string;
  country: string;
  population: number | null;
  /** 'registry' for the shipped city list, 'import' for a city first seen in a file. */
  source: string;
  created_at: string;
}

export interface CityAliasTable {
  city_id: number;
  alias_key: string;
}

export interface ImportTable {
  id: Generated<number>;
  wave_id: number;
  /** The first import row of a file of several waves (one row per wave); null for the first and for single-wave files. */
  batch_id: ColumnType<number | null, number | null | undefined, number | null>;
  file_name: string;
  sha256: string;
  size_bytes: number;
  /** The start of the original file, compressed (the import keeps what it was given; original-codec.ts). */
  content: Buffer;
  /** How `content` and the import's content parts are compressed: 'gzip' or 'br' (`OriginalEncoding`). */
  content_encoding: string;
  /** 'committed' or 'undone'. */
  status: string;
  synthetic: number;
  created_by: string;
  created_at: string;
  undone_at: string | null;
  respondents: number;
  answers: number;
  warnings: number;
  invalid_cells: number;
  /** Warnings of the import as JSON (`ImportIssue[]`). */
  issues: string;
  /** The ids of the import's respondents run from first to last (null: it stored none, or was never backfilled). */
  first_respondent_id: number | null;
  last_respondent_id: number | null;
  /** City names of the file taken as known cities (`CityMapping[]` as JSON, migration 0020). */
  city_map: ColumnType<string, string | undefined, string>;
}

export interface RespondentTable {
  id: Generated<number>;
  import_id: number;
  wave_id: number;
  city_id: number;
  respondent_key: string;
  /** The row of the original file (header = 1); null for rows stored before migration 0007. */
  source_row: number | null;
  /** The instrument's segment values; see segment-codec.ts (older rows: a JSON object), or null. */
  segments: string | null;
  /** JSON object of the instrument's free-text columns, or null. */
  texts: string | null;
  weight: number | null;
  /** The answer vector in the instrument's question order; see answer-codec.ts. */
  answers: string;
}

/**
 * Sufficient statistics (moments: docs/scoring.md) of the respondent node
 * scores of one import, per city × segment value × node. segment_key '' and
 * segment_value '' is the row over all respondents; node_key '*' holds the
 * respondent count (n) and weight total (sum_w). Undo deletes an import's rows.
 */
export interface ImportAggregateTable {
  import_id: number;
  wave_id: number;
  city_id: number;
  segment_key: string;
  segment_value: string;
  node_key: string;
  n: number;
  sum_w: number;
  sum_w2: number;
  sum_wx: number;
  sum_wxx: number;
  /** Smallest and largest respondent score of a node row (migration 0016); null on other rows and rows stored before. */
  min_x: number | null;
  max_x: number | null;
}

/**
 * One group's question moments (an import × city × segment value; the city's
 * respondents when segment_key is ''): per question in instrument order, five
 * little-endian doubles n, Σw, Σw², Σwx, Σwx² of its item scores.
 */
export interface ImportQuestionAggregateTable {
  import_id: number;
  wave_id: number;
  city_id: number;
  segment_key: string;
  segment_value: string;
  moments: Buffer;
}

/** The compressed stream of a streamed import's original file, in parts (concatenate in `part` order, after `imports.content`). */
export interface ImportContentPartTable {
  import_id: number;
  part: number;
  bytes: Buffer;
}

export interface PeerGroupTable {
  /** Lower-cased group name, as written after `group:`. */
  name: string;
  /** The peer spec it stands for: largest:N, country:XX, all or a list of cities. */
  spec: string;
  created_at: string;
}

/** An upload between its preview and the analyst's confirmation. */
export interface PendingUploadTable {
  token: string;
  sha256: string;
  file_name: string;
  wave: number | null;
  instrument_id: string | null;
  /** The other import options, as JSON (`PendingUpload.options`). */
  options: ColumnType<string, string | undefined, string>;
  content_gzip: Buffer;
  created_by: string;
  created_at: string;
}

/** Secrets shared by every app process (e.g. the CSRF key); see app-secrets.ts. */
export interface AppSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** A city's own target for one dimension in one wave (migration 0014). */
export interface CityTargetTable {
  city_id: number;
  instrument_id: string;
  /** The wave's year; a target may be set for a wave not yet surveyed. */
  wave: number;
  /** Key of a top-level dimension of the instrument. */
  dimension: string;
  /** Target score, 0–100. */
  value: number;
  set_by: string;
  set_at: string;
}

export interface Database {
  app_secrets: AppSecretTable;
  instruments: InstrumentTable;
  waves: WaveTable;
  cities: CityTable;
  city_aliases: CityAliasTable;
  imports: ImportTable;
  respondents: RespondentTable;
  // access control
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  login_attempts: LoginAttemptTable;
  import_aggregates: ImportAggregateTable;
  import_question_aggregates: ImportQuestionAggregateTable;
  import_content_parts: ImportContentPartTable;
  peer_groups: PeerGroupTable;
  pending_uploads: PendingUploadTable;
  city_targets: CityTargetTable;
}

export interface UserTable {
  id: Generated<number>;
  name: string;
  /** 'admin' | 'analyst' | 'viewer' */
  role: string;
  /** scrypt$N$r$p$salt$hash (base64url), see auth/password.ts */
  password_hash: string;
  must_change_password: Generated<number>;
  disabled_at: string | null;
  created_at: string;
  /** When a one-time password (must_change_password = 1) stops working; null: no expiry. */
  password_expires_at: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database yields no usable session. */
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the token (tokens carry 256 random bits: no slow hash needed). */
  token_hash: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** The user name, or 'anonymous' / 'system' / 'cli:<os user>'. */
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  /** What is throttled: `name|<userNameKey>|<address>`, `ip|<address>`, `password|<user id>` (login-attempts.ts) */
  attempt_key: string;
  at: string;
}

export type UserRow = Selectable<UserTable>;
export type CityRow = Selectable<CityTable>;
export type ImportRow = Selectable<ImportTable>;
export type WaveRow = Selectable<WaveTable>;
export type RespondentRow = Selectable<RespondentTable>;
export type NewRespondentRow = Insertable<RespondentTable>;
export type Timestamp = ColumnType<string, string, string>;
