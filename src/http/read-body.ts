import type { IncomingMessage } from 'node:http';
import type { RawBody } from '../router/request-body.js';

/** Past this many bytes an oversized body is no longer drained but the connection closed. */
const MAX_DRAINED_BYTES = 16 * 1024 * 1024;

/** Whether a request carries a body at all (most GETs do not, and skip reading). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads a request body as UTF-8 text, keeping at most `limit` bytes. An oversized body is still
 * drained (up to 16 MiB) so the client reads the 413 rather than a reset connection; beyond
 * that the connection is closed. Node's own parser enforces Content-Length and chunking.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<RawBody> {
  const contentType = req.headers['content-type'];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const done = (tooLarge: boolean) => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge, contentType });
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > MAX_DRAINED_BYTES) {
        req.destroy();
        done(true);
      }
    });
    req.on('end', () => done(received > limit));
    req.on('error', () => done(received > limit));
  });
}
