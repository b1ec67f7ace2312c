import type { Request, Response } from 'express';
import type { PreparedBody } from '../services/prepared-body.js';

/**
 * Sends a prepared JSON body: gzip-compressed to clients that accept it, with
 * its precomputed ETag (Express then hashes nothing, and answers 304 to a
 * matching If-None-Match).
 */
export function sendPrepared(req: Request, res: Response, body: PreparedBody): void {
  res.vary('Accept-Encoding');
  res.type('json');
  res.set('ETag', body.etag);
  if (req.acceptsEncodings('gzip') === 'gzip') {
    res.set('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else {
    res.send(body.bytes);
  }
}
