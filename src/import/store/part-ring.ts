/**
 * Bytes copied into fixed-size buffers from a small pool, each handed to `send`
 * when full (moved to the other thread, which gives it back with `give`). When
 * every buffer is out, `write` waits (`waitForOne`): memory stays at the pool's
 * size and nothing is allocated per chunk, where a fresh buffer per message was
 * freed only when the receiving thread happened to collect it.
 */
export class PartRing {
  private readonly free: ArrayBuffer[] = [];
  private made = 0;
  private part: Uint8Array | null = null;
  private filled = 0;

  constructor(
    private readonly size: number,
    private readonly count: number,
    private readonly send: (buffer: ArrayBuffer, length: number) => void,
    private readonly waitForOne: () => Promise<void>,
  ) {}

  /** Copies `chunk` in, sending each buffer that fills. */
  async write(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.byteLength) {
      if (this.part === null) {
        const buffer = this.free.pop() ?? (this.made < this.count ? (this.made++, new ArrayBuffer(this.size)) : null);
        if (buffer === null) {
          await this.waitForOne();
          continue;
        }
        this.part = new Uint8Array(buffer);
      }
      const n = Math.min(chunk.byteLength - at, this.size - this.filled);
      this.part.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.size) this.flush();
    }
  }

  /** Sends the buffer being filled, if it holds anything. */
  flush(): void {
    if (this.part === null || this.filled === 0) return;
    const { buffer } = this.part;
    const length = this.filled;
    this.part = null;
    this.filled = 0;
    this.send(buffer as ArrayBuffer, length);
  }

  /** A buffer back from the other side, for reuse. */
  give(buffer: ArrayBuffer): void {
    this.free.push(buffer);
  }
}
