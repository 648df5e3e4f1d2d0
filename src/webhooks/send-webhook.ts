import { request as httpRequest, type IncomingMessage } from 'node:http';

/** What one POST to a receiver came to. */
export interface SendResult {
  /** The receiver's status, or null when there was none. */
  status: number | null;
  /** Why there was no status: `timeout after 15000 ms`, `ECONNREFUSED`… */
  error: string | null;
  durationMs: number;
  /** The start of the receiver's body, as text. */
  response: string;
}

export interface SendLimits {
  /** No complete answer within this long is a failed attempt. */
  timeoutMs: number;
  /** Bytes of the answer read; the rest is not read (the connection is closed). */
  maxResponseBytes: number;
  /** Aborts the attempt (the server is closing). */
  signal?: AbortSignal;
}

/**
 * POSTs one webhook delivery with Node's own client (fetch would follow redirects unless told
 * and reads whole bodies): redirects are not followed (a 3xx is the answer), the whole exchange
 * is bounded by `timeoutMs`, and at most `maxResponseBytes` of the answer are read. Never
 * rejects: every failure is a result.
 */
export async function sendWebhook(url: string, headers: Record<string, string>, body: string, limits: SendLimits): Promise<SendResult> {
  // node:https (and TLS with it) is loaded by the first https delivery, not at every start
  const httpsRequest = /^https:/i.test(url) ? (await import('node:https')).request : undefined;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (status: number | null, error: string | null, response: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, error, durationMs: elapsed(), response });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish(null, 'invalid URL', '');
    }
    const send = target.protocol === 'https:' && httpsRequest ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', ...(limits.signal ? { signal: limits.signal } : {}), headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        if (bytes >= limits.maxResponseBytes) return;
        chunks.push(chunk);
        bytes += chunk.length;
        // enough read: the rest is not waited for (and the socket not reused)
        if (bytes >= limits.maxResponseBytes) {
          finish(res.statusCode ?? null, null, text(chunks, limits.maxResponseBytes));
          res.destroy();
        }
      });
      res.on('end', () => finish(res.statusCode ?? null, null, text(chunks, limits.maxResponseBytes)));
      res.on('error', () => finish(res.statusCode ?? null, null, text(chunks, limits.maxResponseBytes)));
    });
    timer = setTimeout(() => {
      finish(null, `timeout after ${limits.timeoutMs} ms`, '');
      req.destroy();
    }, limits.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish(null, error.name === 'AbortError' ? 'aborted: the server closed' : error.code ?? error.message, ''));
    req.end(body);
  });
}

function text(chunks: Buffer[], max: number): string {
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}
