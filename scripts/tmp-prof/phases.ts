import { fileSource } from '../../src/import/byte-source.js';
import { decodeStream } from '../../src/import/decode-stream.js';
import { openRecordStream } from '../../src/import/record-stream.js';
const path = `/tmp/bench/survey-${process.argv[2] ?? '100000'}.csv`;
async function time(label: string, fn: () => Promise<unknown>) {
  const t = performance.now(); const r = await fn(); console.log(label, Math.round(performance.now() - t), 'ms', r);
}
await time('read', async () => { let n = 0; for await (const c of fileSource(path).open()) n += c.byteLength; return n; });
await time('read+decode', async () => { let n = 0; for await (const t of decodeStream(fileSource(path), 'utf-8', 0)) n += t.length; return n; });
await time('read+decode+records', async () => { let n = 0; const { records } = await openRecordStream(decodeStream(fileSource(path), 'utf-8', 0)); for await (const r of records) n += r.fields.length; return n; });
