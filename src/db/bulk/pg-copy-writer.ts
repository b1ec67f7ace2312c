import type { RespondentWriter, StoredRespondent } from './respondent-writer.js';
import type { PgSession, StatementError } from './pg-session.js';

/**
 * The PostgreSQL bulk path for an import's respondents: `COPY respondents
 * FROM STDIN` in binary format on the import transaction's own connection
 * (`PgSession`), in chunks of about 1 MiB. A chunk is sent, with its
 * statement, as soon as it is full and the caller waits only for the one
 * before it, so the file is parsed while PostgreSQL stores the previous
 * chunk. Between chunks the connection runs the transaction's other
 * statements (a new city, a part of the kept original) in the order they
 * were issued.
 *
 * Binary, not text: the server reads each value as it is instead of parsing
 * it from text, and no value needs escaping. Each row brings its own id, the
 * next of `ids` (the import holds the import lock, so none is taken in
 * between): a default id would cost the server a call of the sequence per row.
 * The caller moves the sequence past the last id before it commits.
 *
 * COPY has no ON CONFLICT: a respondent id already stored for the wave (or
 * repeated in the file) fails the chunk with a unique violation, which aborts
 * the transaction. `onConflict` is told, and the caller reruns the import
 * with the INSERT … ON CONFLICT writer, which names every refused row. A
 * refused id refuses the whole import anyway, so only such files pay twice.
 */
export function pgCopyRespondentWriter(
  session: PgSession,
  target: { readonly importId: number; readonly waveId: number },
  ids: { last: number },
  onConflict: () => void,
  chunkBytes = 1 << 20,
): RespondentWriter {
  // Every row starts alike: its field count, its import and its wave.
  const lead = Buffer.alloc(18);
  lead.writeInt16BE(RESPONDENT_FIELDS, 0);
  putInt(lead, 2, target.importId);
  putInt(lead, 10, target.waveId);
  // Each row is written into the chunk's bytes at once: no string is kept until the chunk is sent.
  // Three buffers take turns (one filling, one being sent, one whose COPY has finished): new ones
  // per chunk would leave dead external memory that V8 collects late.
  const size = chunkBytes + (64 << 10);
  const free: Buffer[] = [];
  const fresh = () => {
    const b = free.pop() ?? Buffer.allocUnsafe(size);
    BINARY_HEAD.copy(b);
    return b;
  };
  let buf: Buffer = fresh();
  let at = BINARY_HEAD.length;
  // Chunks settle in order: `tail` rejects with the first chunk's error, not a later one's "transaction is aborted".
  let tail: Promise<void> = Promise.resolve();

  const send = (): Promise<void> => {
    const full = buf;
    full[at++] = 0xff;
    full[at++] = 0xff;
    const data = full.subarray(0, at);
    buf = fresh();
    at = BINARY_HEAD.length;
    const done = copyChunk(session, data, onConflict);
    const before = tail;
    tail = before.then(() => done);
    done.then(
      () => void free.push(full),
      () => undefined,
    );
    tail.catch(() => undefined);
    return before;
  };
  return {
    add(r: StoredRespondent) {
      const { segments, texts, weight } = r;
      // Fixed fields 70 bytes, up to 3 bytes a UTF-16 unit, the end marker.
      const most =
        72 + 3 * (r.key.length + r.answers.length + (segments === null ? 0 : segments.length) + (texts?.length ?? 0));
      if (at + most > buf.length) buf = widened(buf, at, most);
      lead.copy(buf, at);
      at = putInt(buf, at + 18, ++ids.last);
      at = putInt(buf, at, r.cityId);
      at = putInt(buf, at, r.row);
      at = putText(buf, at, r.key);
      at = segments === null ? putNull(buf, at) : putText(buf, at, segments);
      at = texts === null ? putNull(buf, at) : putText(buf, at, texts);
      if (weight === null) at = putNull(buf, at);
      else {
        buf.writeInt32BE(8, at);
        at = buf.writeDoubleBE(weight, at + 4);
      }
      at = putText(buf, at, r.answers);
      if (at >= chunkBytes) return send();
    },
    async flush() {
      if (at > BINARY_HEAD.length) void send();
      await tail;
    },
  };
}

const COPY_SQL =
  'COPY respondents (import_id, wave_id, id, city_id, source_row, respondent_key, segments, texts, weight, answers) FROM STDIN (FORMAT binary)';
const RESPONDENT_FIELDS = 10;
const UNIQUE_KEY = 'respondents_wave_key';

/** A 4-byte integer field (its length, then the value, big-endian) at `at`; returns the offset after it. */
function putInt(buf: Buffer, at: number, value: number): number {
  buf[at] = 0;
  buf[at + 1] = 0;
  buf[at + 2] = 0;
  buf[at + 3] = 4;
  buf[at + 4] = value >>> 24;
  buf[at + 5] = value >>> 16;
  buf[at + 6] = value >>> 8;
  buf[at + 7] = value;
  return at + 8;
}

/** A text field (its UTF-8 length, then the bytes) at `at`; the caller made room. */
function putText(buf: Buffer, at: number, value: string): number {
  const length = buf.write(value, at + 4, 'utf8');
  buf.writeInt32BE(length, at);
  return at + 4 + length;
}

/** A NULL field (length -1). */
function putNull(buf: Buffer, at: number): number {
  buf[at] = buf[at + 1] = buf[at + 2] = buf[at + 3] = 0xff;
  return at + 4;
}

/** A copy of `buf`'s first `at` bytes with room for `more` after them. */
function widened(buf: Buffer, at: number, more: number): Buffer {
  const wider = Buffer.allocUnsafe(Math.max(2 * buf.length, at + more));
  buf.copy(wider, 0, 0, at);
  return wider;
}

/**
 * Rows of plain values into `table` by COPY (an import's aggregates: tens of
 * thousands of rows, which multi-row INSERTs took seconds to store), each
 * row's text into one reused buffer, sent as one COPY statement when it holds
 * about 256 KiB; `add` waits only then. A chunk built as one string was a
 * large object that only a full collection freed, at the end of the import
 * where its memory peaks.
 */
export function pgCopyRows<R>(
  session: PgSession,
  table: string,
  columns: readonly (keyof R & string)[],
  chunkBytes = 256 << 10,
): { add(row: R): void | Promise<void>; flush(): Promise<void> } {
  const sqlText = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  let buf: Buffer = Buffer.allocUnsafe(chunkBytes + (64 << 10));
  let at = 0;
  const send = async () => {
    if (at > 0) await session.copyIn(sqlText, [buf.subarray(0, at)]);
    at = 0;
  };
  return {
    add(row) {
      let line = '';
      for (let i = 0; i < columns.length; i++) line += (i > 0 ? '\t' : '') + copyValue(row[columns[i]!]);
      line += '\n';
      buf = roomFor(buf, at, line);
      at += buf.write(line, at, 'utf8');
      if (at >= chunkBytes) return send();
    },
    flush: send,
  };
}

/** `buf`, or a wider copy of its first `at` bytes when `text` (up to 3 bytes a UTF-16 unit) might not fit after them. */
function roomFor(buf: Buffer, at: number, text: string): Buffer {
  return at + 3 * text.length <= buf.length ? buf : widened(buf, at, 3 * text.length);
}

/**
 * One value in COPY's text format: NULL as `\N`, numbers in JavaScript's
 * shortest round-trip form (PostgreSQL reads back the same double), bytes as
 * bytea hex with its backslash escaped.
 */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return copyText(String(value));
}

/** COPY's binary format: the signature, no flags, no header extension. */
const BINARY_HEAD = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

/**
 * One part of an import's kept original, by binary COPY: its bytes go to the
 * socket as they are. A parameter of an INSERT is copied into the driver's
 * message buffers first, a few MiB of buffers per part that live until the
 * socket has sent them and then wait for a full collection (the import's
 * memory grew by them).
 */
export function copyContentPart(session: PgSession, importId: number, part: number, bytes: Buffer): Promise<void> {
  const head = Buffer.alloc(BINARY_HEAD.length + 22);
  BINARY_HEAD.copy(head);
  let at = BINARY_HEAD.length;
  at = head.writeInt16BE(3, at);
  at = head.writeInt32BE(4, at);
  at = head.writeInt32BE(importId, at);
  at = head.writeInt32BE(4, at);
  at = head.writeInt32BE(part, at);
  head.writeInt32BE(bytes.length, at);
  return session.copyIn('COPY import_content_parts (import_id, part, bytes) FROM STDIN (FORMAT binary)', [
    head,
    bytes,
    BINARY_END,
  ]);
}

/** The end of binary COPY data (a tuple count of -1). */
const BINARY_END = Buffer.from([0xff, 0xff]);

/** Sends one chunk of respondents as one COPY statement (after whatever the connection is running). */
function copyChunk(session: PgSession, data: Buffer, onConflict: () => void): Promise<void> {
  return session.copyIn(COPY_SQL, [data]).catch((error: StatementError) => {
    if (error.code === '23505' && error.constraint === UNIQUE_KEY) onConflict();
    throw error;
  });
}

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A value in COPY's text format: backslash, newline, carriage return and tab
 * escaped (`\N` is NULL, written by the caller).
 * @example copyText('a\tb\\c') // => 'a\\tb\\\\c'
 */
export function copyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}
