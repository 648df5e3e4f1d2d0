import express, { type Request, type Router } from 'express';
import { Webhook } from 'standardwebhooks';
import { sendJson } from '../http/send-json.js';
import type { Worlds } from '../world/sessions.js';

/** One delivery as an inbox received it. */
interface Received {
  number: number;
  received_at: string;
  /** What the inbox answered. */
  answered: number;
  event_type: string | null;
  webhook_id: string | null;
  /** Whether the Standard Webhooks signature checks out with the secret of a webhook registered with this URL; null when none is. */
  verified: boolean | null;
  headers: Record<string, string>;
  /** The body as received (JSON payloads parsed). */
  payload: unknown;
}

/** The headers an inbox keeps (the rest of a delivery's headers are Node's own). */
const KEPT_HEADERS = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-klen-signature'];
const MAX_INBOXES = 100;
const MAX_RECEIVED = 500;

/**
 * The sandbox's own webhook receiver, so a frontend developer sees deliveries without writing a
 * server: register `http://localhost:4010/__mock/inbox/<name>` as a webhook's URL, then read
 * `GET /__mock/inbox/<name>`. It answers 200, or `?status=503` (any status, to watch retries or
 * a 410), or `?fail=2` (503 to the first 2 attempts of each message, then 200). Each delivery is
 * verified as a receiver would, with the secret of the webhook registered with that URL.
 */
export function addWebhookInbox(router: Router, worlds: Worlds): void {
  const inboxes = new Map<string, { received: Received[]; attempts: Map<string, number>; count: number }>();

  router.post('/inbox/:name', express.text({ type: () => true, limit: '1mb' }), (req, res) => {
    const name = String(req.params['name']);
    let inbox = inboxes.get(name);
    if (!inbox) {
      if (inboxes.size >= MAX_INBOXES) inboxes.delete(inboxes.keys().next().value as string);
      inboxes.set(name, (inbox = { received: [], attempts: new Map(), count: 0 }));
    }
    const body = typeof req.body === 'string' ? req.body : '';
    const messageId = header(req, 'webhook-id');
    const attempt = messageId === null ? 1 : (inbox.attempts.get(messageId) ?? 0) + 1;
    if (messageId !== null) inbox.attempts.set(messageId, attempt);
    const status = answerFor(req, attempt);
    let payload: unknown = body;
    try {
      payload = JSON.parse(body);
    } catch {
      // kept as text
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = header(req, name);
      if (value !== null) headers[name] = value;
    }
    inbox.received.push({
      number: ++inbox.count,
      received_at: new Date().toISOString(),
      answered: status,
      event_type: (payload as { event_type?: unknown } | null)?.event_type?.toString() ?? null,
      webhook_id: messageId,
      verified: verify(worlds, req, body),
      headers,
      payload,
    });
    if (inbox.received.length > MAX_RECEIVED) inbox.received.shift();
    sendJson(res, status, status >= 200 && status < 300 ? { received: true } : { error: 'receiver_error', message: `The inbox answered ${status} as its URL asked` });
  });

  router.get('/inbox/:name', (req, res) => {
    const inbox = inboxes.get(String(req.params['name']));
    sendJson(res, 200, { inbox: req.params['name'], total: inbox?.count ?? 0, received: [...(inbox?.received ?? [])].reverse() });
  });

  router.delete('/inbox/:name', (req, res) => {
    const inbox = inboxes.get(String(req.params['name']));
    inboxes.delete(String(req.params['name']));
    sendJson(res, 200, { cleared: inbox?.received.length ?? 0 });
  });
}

/** The status the inbox's URL asks for: `?status=NNN`, or `?fail=N` (503 to the first N attempts of a message). */
function answerFor(req: Request, attempt: number): number {
  const status = Number(req.query['status']);
  if (Number.isInteger(status) && status >= 200 && status <= 599) return status;
  const fail = Number(req.query['fail']);
  return Number.isInteger(fail) && attempt <= fail ? 503 : 200;
}

/** Whether a webhook registered with this URL (in any world) signed the body; null when none is registered with it. */
function verify(worlds: Worlds, req: Request, body: string): boolean | null {
  const headers = { 'webhook-id': header(req, 'webhook-id') ?? '', 'webhook-timestamp': header(req, 'webhook-timestamp') ?? '', 'webhook-signature': header(req, 'webhook-signature') ?? '' };
  let registered = false;
  for (const summary of worlds.list()) {
    for (const webhook of worlds.find(summary.name)?.webhooks.all() ?? []) {
      let url: URL;
      try {
        url = new URL(webhook.url);
      } catch {
        continue;
      }
      if (`${url.pathname}${url.search}` !== req.originalUrl) continue;
      registered = true;
      try {
        new Webhook(webhook.secret).verify(body, headers);
        return true;
      } catch {
        // another webhook with this URL may have signed it
      }
    }
  }
  return registered ? false : null;
}

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}
