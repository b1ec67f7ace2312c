import { encodeAnswers, writeDigitForm } from '../codecs/answer-codec.js';
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
 * Binary, not text: the server takes each value as it is instead of parsing
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
  const chunks = new CopyChunks(session, RESPONDENTS_COPY, chunkBytes, (error) => {
    if (error.code === '23505' && error.constraint === UNIQUE_KEY) onConflict();
  });
  return {
    add(r: StoredRespondent) {
      const id = ++ids.last;
      // The fixed fields take 70 bytes, a UTF-16 unit up to 3, an answer in the digit form 1.
      const fixed = 70 + 3 * (r.key.length + (r.segments?.length ?? 0) + (r.texts?.length ?? 0));
      let buf = chunks.room(fixed + r.answers.length);
      let at = putRowHead(buf, chunks.at, lead, r, id);
      const digits = writeDigitForm(r.answers, buf, at + 4);
      if (digits >= 0) {
        buf.writeInt32BE(digits, at);
        at += 4 + digits;
      } else {
        // Answers past the digit form (decimals, values over 9): as text, the row written again once there is room.
        const text = encodeAnswers(r.answers);
        buf = chunks.room(fixed + 3 * text.length);
        at = putText(buf, putRowHead(buf, chunks.at, lead, r, id), text);
      }
      chunks.at = at;
      return chunks.next();
    },
    flush: () => chunks.flush(),
  };
}

/**
 * A respondent row up to its answers: `lead` (field count, import, wave), then id, city, row, key,
 * segments, texts, weight.
 */
function putRowHead(buf: Buffer, at: number, lead: Buffer, r: StoredRespondent, id: number): number {
  lead.copy(buf, at);
  at = putInt(buf, at + 18, id);
  at = putInt(buf, at, r.cityId);
  at = putInt(buf, at, r.row);
  at = putText(buf, at, r.key);
  at = r.segments === null ? putNull(buf, at) : putText(buf, at, r.segments);
  at = r.texts === null ? putNull(buf, at) : putText(buf, at, r.texts);
  return r.weight === null ? putNull(buf, at) : putDouble(buf, at, r.weight);
}

const RESPONDENTS_COPY =
  'COPY respondents (import_id, wave_id, id, city_id, source_row, respondent_key, segments, texts, weight, answers) FROM STDIN (FORMAT binary)';
const RESPONDENT_FIELDS = 10;
const UNIQUE_KEY = 'respondents_wave_key';

/** The PostgreSQL type of a column written by `pgCopyRows` (binary COPY takes each value in its column's own type). */
export type CopyColumnType = 'int4' | 'float8' | 'text' | 'bytea';

/**
 * Rows of plain values into `table` by binary COPY (an import's aggregates:
 * tens of thousands of rows, which multi-row INSERTs took seconds to store),
 * in statements of about 256 KiB; `add` waits only when the statement before
 * the one it filled is still running. `columns`: each column's name and type.
 */
export function pgCopyRows<R>(
  session: PgSession,
  table: string,
  columns: readonly (readonly [keyof R & string, CopyColumnType])[],
  chunkBytes = 256 << 10,
): { add(row: R): void | Promise<void>; flush(): Promise<void> } {
  const names = columns.map(([name]) => name).join(', ');
  const chunks = new CopyChunks(session, `COPY ${table} (${names}) FROM STDIN (FORMAT binary)`, chunkBytes);
  return {
    add(row) {
      let most = 2;
      for (const [name] of columns) {
        const value = row[name];
        most += 12 + (typeof value === 'string' ? 3 * value.length : value instanceof Uint8Array ? value.length : 0);
      }
      const buf = chunks.room(most);
      buf.writeInt16BE(columns.length, chunks.at);
      let at = chunks.at + 2;
      for (const [name, type] of columns) {
        const value = row[name] as unknown;
        if (value === null || value === undefined) at = putNull(buf, at);
        else if (type === 'int4') at = putInt(buf, at, value as number);
        else if (type === 'float8') at = putDouble(buf, at, value as number);
        else if (type === 'text') at = putText(buf, at, value as string);
        else at = putBytes(buf, at, value as Uint8Array);
      }
      chunks.at = at;
      return chunks.next();
    },
    flush: () => chunks.flush(),
  };
}

/**
 * The data of one binary `COPY … FROM STDIN` statement, sent as statements of
 * about `chunkBytes` each: the writer fills `buf` from `at` (after `room`),
 * `next` sends it once full, and the caller waits only for the statement
 * before it, so the server stores one chunk while the next fills. The buffers
 * take turns (one filling, one being sent, one whose statement has finished):
 * new ones per chunk would leave dead external memory that V8 collects late.
 */
class CopyChunks {
  buf: Buffer;
  at = BINARY_HEAD.length;
  private readonly free: Buffer[] = [];
  // Chunks settle in order: `tail` rejects with the first chunk's error, not a later one's "transaction is aborted".
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: PgSession,
    private readonly sqlText: string,
    private readonly chunkBytes: number,
    private readonly onError: (error: StatementError) => void = () => undefined,
  ) {
    this.buf = this.fresh();
  }

  /** The buffer, with room for `bytes` more after `at` (and for the end marker). */
  room(bytes: number): Buffer {
    if (this.at + bytes + 2 > this.buf.length) {
      const wider = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + bytes + 2));
      this.buf.copy(wider, 0, 0, this.at);
      this.buf = wider;
    }
    return this.buf;
  }

  /** Sends the chunk once it is full; then a promise of the one before. */
  next(): void | Promise<void> {
    if (this.at >= this.chunkBytes) return this.send();
  }

  /** Sends what is left; resolves once every chunk is stored, rejects with the first failure. */
  async flush(): Promise<void> {
    if (this.at > BINARY_HEAD.length) void this.send();
    await this.tail;
  }

  private send(): Promise<void> {
    const full = this.buf;
    const data = full.subarray(0, (this.at = putEnd(full, this.at)));
    this.buf = this.fresh();
    this.at = BINARY_HEAD.length;
    const done = this.session.copyIn(this.sqlText, [data]).catch((error: StatementError) => {
      this.onError(error);
      throw error;
    });
    const before = this.tail;
    this.tail = before.then(() => done);
    done.then(
      () => void this.free.push(full),
      () => undefined,
    );
    this.tail.catch(() => undefined);
    return before;
  }

  private fresh(): Buffer {
    const buf = this.free.pop() ?? Buffer.allocUnsafe(this.chunkBytes + (64 << 10));
    BINARY_HEAD.copy(buf);
    return buf;
  }
}

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
  head.writeInt16BE(3, BINARY_HEAD.length);
  putInt(head, BINARY_HEAD.length + 2, importId);
  putInt(head, BINARY_HEAD.length + 10, part);
  head.writeInt32BE(bytes.length, BINARY_HEAD.length + 18);
  return session.copyIn('COPY import_content_parts (import_id, part, bytes) FROM STDIN (FORMAT binary)', [
    head,
    bytes,
    BINARY_END,
  ]);
}

/** COPY's binary format: the signature, no flags, no header extension. */
const BINARY_HEAD = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The end of binary COPY data (a field count of -1). */
const BINARY_END = Buffer.from([0xff, 0xff]);

/** The end marker at `at`; returns the length of the data. */
function putEnd(buf: Buffer, at: number): number {
  buf[at] = buf[at + 1] = 0xff;
  return at + 2;
}

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

/** An 8-byte float field. */
function putDouble(buf: Buffer, at: number, value: number): number {
  buf.writeInt32BE(8, at);
  return buf.writeDoubleBE(value, at + 4);
}

/**
 * A text field: its UTF-8 length, then the bytes (the caller made room: up to 3 bytes a UTF-16
 * unit). A short ASCII text is copied here: a call into Buffer's encoder costs more than the copy.
 */
function putText(buf: Buffer, at: number, value: string): number {
  const n = value.length;
  let i = 0;
  if (n <= SHORT_TEXT)
    for (; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f) break;
      buf[at + 4 + i] = c;
    }
  const length = i === n ? n : buf.write(value, at + 4, 'utf8');
  buf.writeInt32BE(length, at);
  return at + 4 + length;
}

const SHORT_TEXT = 96;

/** A bytea field. */
function putBytes(buf: Buffer, at: number, bytes: Uint8Array): number {
  buf.writeInt32BE(bytes.length, at);
  buf.set(bytes, at + 4);
  return at + 4 + bytes.length;
}

/** A NULL field (length -1). */
function putNull(buf: Buffer, at: number): number {
  buf[at] = buf[at + 1] = buf[at + 2] = buf[at + 3] = 0xff;
  return at + 4;
}
