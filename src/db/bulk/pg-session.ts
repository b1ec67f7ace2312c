import type pg from 'pg';

/** The protocol's CopyData ('d') and CopyDone ('c') message headers. */
const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/** What a failed statement carries (pg's DatabaseError): SQLSTATE and constraint. */
export type StatementError = Error & { code?: string; constraint?: string };

/**
 * One `COPY … FROM STDIN` statement whose data is all at hand, sent with the
 * statement in one write: the Query message, the data as CopyData messages
 * and CopyDone, without waiting for the server's CopyInResponse. The server
 * reads them in order; when the statement fails before or during the copy it
 * drops every CopyData and CopyDone that follow (the protocol says so, for
 * exactly this case), answers ErrorResponse and is ready again. A client that
 * waits for CopyInResponse (pg-copy-streams) leaves the server idle for a
 * round trip per statement, answered only when the event loop is next free.
 * An object with `submit` is what pg's client runs as a query.
 */
class CopyIn {
  constructor(
    private readonly text: string,
    private readonly data: readonly Uint8Array[],
    private readonly settle: (error: StatementError | null) => void,
  ) {}

  submit(connection: { query(text: string): void; stream: NodeJS.WritableStream & { cork(): void; uncork(): void } }) {
    const { stream } = connection;
    stream.cork();
    connection.query(this.text);
    for (const chunk of this.data) {
      if (chunk.length === 0) continue;
      const head = Buffer.allocUnsafe(5);
      head[0] = COPY_DATA;
      head.writeUInt32BE(chunk.length + 4, 1);
      stream.write(head);
      stream.write(chunk);
    }
    stream.write(COPY_DONE);
    stream.uncork();
  }

  /** The data went out with the statement: nothing left to send. */
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  /** pg calls this after CommandComplete, not after an error (then `handleError` only). */
  handleReadyForQuery(): void {
    this.settle(null);
  }
  handleError(error: StatementError): void {
    this.settle(error);
  }
  /** pg replaces this with its timeout's; a COPY has no rows to call back with. */
  callback(): void {}
}

/**
 * One connection used by several writers at once (an import's Kysely
 * transaction and its COPY statements), one statement at a time in the
 * order they were issued. pg's client would queue them itself, but that queue
 * is deprecated (a warning on every import, removed in pg 9).
 */
export class PgSession {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: pg.ClientBase) {}

  /** A statement through pg's client (Kysely's queries), after every statement issued before it. */
  query(text: string, values?: readonly unknown[]): Promise<pg.QueryResult> {
    return this.after(() => this.client.query(text, values as unknown[] | undefined));
  }

  /**
   * `COPY … FROM STDIN` with `data` (in the statement's format, text or
   * binary), after every statement issued before it. The buffers are read
   * until the promise settles: do not reuse them before.
   */
  copyIn(text: string, data: readonly Uint8Array[]): Promise<void> {
    return this.after(
      () =>
        new Promise<void>((resolve, reject) => {
          const copy = new CopyIn(text, data, (error) => (error ? reject(error) : resolve()));
          void this.client.query(copy as never);
        }),
    );
  }

  private after<T>(run: () => Promise<T>): Promise<T> {
    // A failed statement aborts the transaction: those after it still run, and the server refuses them.
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
