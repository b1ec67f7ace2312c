import type { ImportProgress } from '../import/import-survey.js';

/**
 * A one-line progress bar for stderr when it is a terminal: rows read, rate,
 * and time left (from bytes read against the file size). Redrawn at most
 * 10 times a second; prints nothing when stderr is not a TTY.
 * @example progressLine({ rows: 50000, bytesRead: 5e6, totalBytes: 2e7, done: false }, 2000)
 *   // => '[#####...............]  25 %  50,000 rows  25,000 rows/s  6 s left'
 */
export function progressLine(p: ImportProgress, elapsedMs: number): string {
  const share = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const width = 20;
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? Math.round((1000 * p.rows) / elapsedMs) : 0;
  const left = share > 0 && !p.done ? Math.ceil(((elapsedMs / share) * (1 - share)) / 1000) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)} %  ${p.rows.toLocaleString('en-GB')} rows  ${rate.toLocaleString('en-GB')} rows/s  ${p.done ? 'done' : `${left} s left`}`;
}

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ((p: ImportProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const start = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (!p.done && now - last < 100) return;
    last = now;
    stream.write(`\r${progressLine(p, now - start)}${p.done ? '\n' : ''}`);
  };
}
