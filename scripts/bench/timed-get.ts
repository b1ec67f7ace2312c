import http from 'node:http';

/**
 * A light client for the benches: node:http with keep-alive, timing until the last byte of the
 * response (gzip when offered, as a browser asks) without decoding it. On a 2-core machine the
 * client shares the CPU with the server, and fetch's decoding of each JSON body took most of the
 * measured time (docs/performance.md). `get` resolves with the milliseconds, rejects on any status but 200;
 * `close` ends the kept-alive sockets.
 */
export function timedGetter(
  clients: number,
  token: string,
): { get: (url: string) => Promise<number>; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const get = (url: string) =>
    new Promise<number>((resolve, reject) => {
      const t = performance.now();
      http
        .get(url, { agent, headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } }, (res) => {
          res.on('data', () => {});
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(performance.now() - t)
              : reject(new Error(`${new URL(url).pathname}: HTTP ${res.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}
