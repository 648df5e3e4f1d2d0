/**
 * A webhook receiver on 127.0.0.1 for tests: it records every delivery (raw body and headers)
 * and answers as the test says, per delivery: a status, a delay, a redirect, a big body, or
 * holding the answer until released.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  payload: any;
}

/** How to answer a delivery: a status (default 200), optional headers, body, or hold it until `release()`. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hold?: boolean;
}

export function useReceiver() {
  const received: Received[] = [];
  const held: Array<() => void> = [];
  let answer: (delivery: Received, index: number) => Answer = () => ({});
  let url = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery: Received = { path: req.url ?? '/', headers: req.headers, body, payload: JSON.parse(body) };
      received.push(delivery);
      const wanted = answer(delivery, received.length - 1);
      const send = () => respond(res, wanted);
      if (wanted.hold) held.push(send);
      else send();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    held.splice(0).forEach((send) => send());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  return {
    received,
    get url() {
      return url;
    },
    /** How the following deliveries are answered. */
    answerWith(next: (delivery: Received, index: number) => Answer) {
      answer = next;
    },
    /** Answers every held delivery. */
    release() {
      held.splice(0).forEach((send) => send());
    },
    /** The deliveries to one path (one webhook), in arrival order. */
    at(path: string) {
      return received.filter((r) => r.path === path);
    },
  };
}

function respond(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status ?? 200, { 'Content-Type': 'text/plain', ...answer.headers });
  res.end(answer.body ?? 'ok');
}

/** Waits until `ready()` holds (polling every 10 ms), or fails after `ms`. */
export async function until(ready: () => boolean, ms = 5000, what = 'the deliveries'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
