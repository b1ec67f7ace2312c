import type { RespondentWriter, StoredRespondent } from './respondent-writer.js';
import type { PgSession, StatementError } from './pg-session.js';

/**
 * The PostgreSQL bulk path for an import's respondents: `COPY respondents
 * FROM STDIN` in text format on the import transaction's own connection
 * (`PgSession`), in chunks of about 1 MiB. A chunk is sent, with its
 * statement, as soon as it is full and the caller waits only for the one
 * before it, so the file is parsed while PostgreSQL stores the previous
 * chunk. Between chunks the connection runs the transaction's other
 * statements (a new city, a part of the kept original) in the order they
 * were issued.
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
  onConflict: () => void,
  chunkBytes = 1 << 20,
): RespondentWriter {
  const head = `${target.importId}\t${target.waveId}\t`;
  // Each row is written into the chunk's bytes at once: no string is kept until the chunk is sent.
  // Three buffers take turns (one filling, one being sent, one whose COPY has finished): new ones
  // per chunk would leave dead external memory that V8 collects late.
  const size = chunkBytes + (64 << 10);
  const free: Buffer[] = [];
  let buf: Buffer = Buffer.allocUnsafe(size);
  let at = 0;
  const put = (value: string) => {
    buf = roomFor(buf, at, value);
    at += buf.write(value, at, 'utf8');
  };
  // Chunks settle in order: `tail` rejects with the first chunk's error, not a later one's "transaction is aborted".
  let tail: Promise<void> = Promise.resolve();

  const send = (): Promise<void> => {
    const full = buf;
    const data = full.subarray(0, at);
    buf = free.pop() ?? Buffer.allocUnsafe(size);
    at = 0;
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
      put(
        `${head}${r.cityId}\t${copyText(r.key)}\t${r.row}\t${r.segments === null ? '\\N' : copyText(r.segments)}\t${r.texts === null ? '\\N' : copyText(r.texts)}\t${r.weight === null ? '\\N' : r.weight}\t${copyText(r.answers)}\n`,
      );
      if (at >= chunkBytes) return send();
    },
    async flush() {
      if (at > 0) void send();
      await tail;
    },
  };
}

const COPY_SQL =
  'COPY respondents (import_id, wave_id, city_id, respondent_key, source_row, segments, texts, weight, answers) FROM STDIN';
const UNIQUE_KEY = 'respondents_wave_key';

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
  if (at + 3 * text.length <= buf.length) return buf;
  const wider = Buffer.allocUnsafe(Math.max(2 * buf.length, at + 3 * text.length));
  buf.copy(wider, 0, 0, at);
  return wider;
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
