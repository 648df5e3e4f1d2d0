/**
 * Webhook deliveries end to end, to a receiver on 127.0.0.1: a call's and calendar events'
 * lifecycles deliver every documented event, signed (Standard Webhooks and X-Klen-Signature) and
 * valid against the contract's `webhooks` schemas; failed attempts are retried on the world's
 * clock with the same webhook-id; 410 switches a webhook off; timeouts, refused connections,
 * redirects and big answers are bounded; API requests never wait for a receiver; the journal
 * links a request to the deliveries it caused.
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { adminViolations, webhookViolations } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';
import { until, useReceiver, type Received } from './helpers/webhook-receiver.js';

const sandbox = useSandbox({ clock: 'manual', webhookRetries: [5, 30], webhookTimeoutSeconds: 0.5 });
const receiver = useReceiver();
const ALL_EVENTS = ['call.started', 'call.ended', 'call.failed', 'call.transcript', 'call.recording', 'call.summary', 'calendar.created', 'calendar.updated', 'calendar.cancelled', 'calendar.completed', 'calendar.reminder'];
const START = Date.parse('2025-05-01T12:00:00Z');

function world(session: string) {
  const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': session, 'Content-Type': 'application/json' };
  const post = (path: string, body: unknown, contractPath = path) => sandbox.call(path, { method: 'POST', headers, body: JSON.stringify(body) }, contractPath);
  const admin = async (path: string, contractPath: string, init: RequestInit = {}) => {
    const res = await fetch(`${sandbox.url}/__mock/sessions/${session}${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });
    const body = (await res.json()) as any;
    expect(adminViolations(`/__mock/sessions/{name}${contractPath}`, (init.method ?? 'get').toLowerCase() as 'get' | 'post', res.status, body)).toEqual([]);
    return body;
  };
  return {
    register: async (path: string, events = ALL_EVENTS, url = `${receiver.url}${path}`) => {
      const { status, body } = await post('/api/webhooks/create/', { name: path, url, subscribed_events: events });
      expect(status).toBe(201);
      return body as { id: number; secret: string };
    },
    initiate: (phone_number: string) => post('/api/v1/calls', { phone_number, agent_id: 456 }),
    createEvent: (title: string, startMinutes: number, extra: Record<string, unknown> = {}) =>
      post('/api/v1/calendar/events/create', { title, start_time: new Date(START + startMinutes * 60_000).toISOString(), end_time: new Date(START + (startMinutes + 30) * 60_000).toISOString(), ...extra }),
    patchEvent: (id: number, body: unknown) => sandbox.call(`/api/v1/calendar/events/${id}/update`, { method: 'PATCH', headers, body: JSON.stringify(body) }, '/api/v1/calendar/events/{event_id}/update'),
    cancelEvent: (id: number, reason: string) => post(`/api/v1/calendar/events/${id}/cancel`, { reason }, '/api/v1/calendar/events/{event_id}/cancel'),
    advance: (seconds: number) => admin('/clock/advance', '/clock/advance', { method: 'POST', body: JSON.stringify({ seconds }) }),
    deliveries: (query = '') => admin(`/deliveries${query}`, '/deliveries').then((b) => b.deliveries as any[]),
    /** The delivery log once `ready` holds of it (an attempt's outcome is recorded just after the receiver answers). */
    deliveriesWhen: async (query: string, ready: (log: any[]) => boolean) => {
      let log: any[] = [];
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
        log = (await admin(`/deliveries${query}`, '/deliveries')).deliveries;
        if (ready(log)) return log;
      }
      throw new Error(`the delivery log never got there: ${JSON.stringify(log).slice(0, 500)}`);
    },
    webhooks: () => admin('/webhooks', '/webhooks').then((b) => b.webhooks as any[]),
    journal: async () => {
      const res = await fetch(`${sandbox.url}/__mock/requests?session=${session}`);
      const body = (await res.json()) as any;
      expect(adminViolations('/__mock/requests', 'get', res.status, body)).toEqual([]);
      return body.entries as any[];
    },
  };
}

/** The delivery verified as a receiver would: Standard Webhooks, and X-Klen-Signature with Node's HMAC. */
function verify(delivery: Received, secret: string): void {
  expect(() => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  expect(delivery.headers['x-klen-signature']).toBe(`sha256=${createHmac('sha256', key).update(delivery.body).digest('hex')}`);
  expect(delivery.headers['content-type']).toBe('application/json');
  expect(delivery.headers['user-agent']).toMatch(/^klen-mock-webhooks\//);
  // the header's timestamp is the wall clock's (receivers reject skew), the payload's the world's
  expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
  expect(webhookViolations(delivery.payload), delivery.payload.event_type).toEqual([]);
}

describe('every documented event of a call and two calendar events, delivered and signed', () => {
  const api = world('deliver-all');
  let secret = '';
  let callId = 0;
  let failedId = 0;
  let eventId = 0;
  let cancelledId = 0;

  it('registers, then initiates a call and a failing one, creates, moves and cancels events: nothing is sent before the clock moves but the calendar writes', async () => {
    ({ secret } = await api.register('/all'));
    callId = (await api.initiate('+15551234567')).body.id;
    failedId = (await api.initiate('+15005550002')).body.id;
    eventId = (await api.createEvent('Demo', 120, { remind_before_minutes: 60 })).body.id;
    expect((await api.patchEvent(eventId, { start_time: new Date(START + 180 * 60_000).toISOString(), end_time: new Date(START + 210 * 60_000).toISOString() })).status).toBe(200);
    cancelledId = (await api.createEvent('Cancelled demo', 300)).body.id;
    expect((await api.cancelEvent(cancelledId, 'Client asked')).status).toBe(200);
    await until(() => receiver.at('/all').length >= 4);
    expect(receiver.at('/all').map((r) => r.payload.event_type)).toEqual(['calendar.created', 'calendar.updated', 'calendar.created', 'calendar.cancelled']);
  });

  it('delivers the call’s lifecycle in order (started, ended, transcript, summary, recording), the failure, the reminder and the completion as the clock reaches them', async () => {
    await api.advance(4 * 3600);
    const ofCall = (id: number) => receiver.at('/all').filter((r) => r.payload.call?.id === id);
    const ofEvent = (id: number) => receiver.at('/all').filter((r) => r.payload.calendar_event?.id === id);
    await until(() => ofCall(callId).length === 5 && ofCall(failedId).length === 1 && ofEvent(eventId).length === 4);
    expect(ofCall(callId).map((r) => r.payload.event_type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary', 'call.recording']);
    expect(ofCall(failedId).map((r) => r.payload.event_type)).toEqual(['call.failed']);
    expect(ofEvent(eventId).map((r) => r.payload.event_type)).toEqual(['calendar.created', 'calendar.updated', 'calendar.reminder', 'calendar.completed']);
    expect(ofEvent(cancelledId).map((r) => r.payload.event_type)).toEqual(['calendar.created', 'calendar.cancelled']);

    const ours = [...ofCall(callId), ...ofCall(failedId), ...ofEvent(eventId), ...ofEvent(cancelledId)];
    expect(new Set(ours.map((r) => r.payload.event_type))).toEqual(new Set(ALL_EVENTS));
    for (const delivery of ours) verify(delivery, secret);
    expect(new Set(ours.map((r) => r.headers['webhook-id'])).size).toBe(ours.length);

    const [started, ended] = ofCall(callId).map((r) => r.payload);
    expect(started).toMatchObject({ call: { status: 'in-progress', assistant_id: 'assistant_abc123', contact: { id: 789, name: 'John Doe' } }, timestamp: '2025-05-01T12:00:02Z' });
    expect(ended).toMatchObject({ call: { status: 'completed', duration: 10 }, timestamp: '2025-05-01T12:00:12Z' });
    expect(ofCall(failedId)[0]?.payload.call).toMatchObject({ status: 'failed', reason: 'busy' });
    expect(ofEvent(eventId)[1]?.payload.calendar_event).toMatchObject({ time_changed: true, previous_start: '2025-05-01T14:00:00.000Z' });
    expect(ofEvent(eventId)[2]?.payload.timestamp).toBe('2025-05-01T14:00:00.000Z'); // an hour before the moved start
    expect(ofEvent(cancelledId)[1]?.payload.calendar_event).toMatchObject({ status: 'cancelled', cancellation_reason: 'Client asked' });
  });

  it('logs each delivery with its attempt, and the journal links each request to the deliveries it caused', async () => {
    const log = await api.deliveries(`?state=delivered&event_type=call.ended`);
    expect(log.find((d) => d.payload.call.id === callId)).toMatchObject({ state: 'delivered', attempts: [{ number: 1, status: 200, error: null, response: 'ok', duplicate: false }], next_attempt_at: null });
    const entries = await api.journal();
    const initiate = entries.find((e) => e.method === 'POST' && e.path === '/api/v1/calls' && e.body.text.includes('+15551234567'));
    expect(initiate.deliveries.map((d: any) => d.event_type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary', 'call.recording']);
    const cancel = entries.find((e) => e.path === `/api/v1/calendar/events/${cancelledId}/cancel`);
    expect(cancel.deliveries).toEqual([expect.objectContaining({ event_type: 'calendar.cancelled', state: 'delivered' })]);
    expect((await api.deliveries(`?request_id=${initiate.id}`)).length).toBe(5);
  });
});

describe('retries', () => {
  it('retries a failed delivery on the world’s clock with the same webhook-id, then gives up after the schedule', async () => {
    const api = world('retries');
    const { secret } = await api.register('/flaky', ['calendar.created']);
    receiver.answerWith((d) => (d.path === '/flaky' && receiver.at('/flaky').length <= 2 ? { status: 503 } : {}));
    await api.createEvent('Flaky', 600);
    const attempted = (n: number) => api.deliveriesWhen('?webhook=1', (log) => log[0]?.attempts.length === n && (log[0].state !== 'pending' || log[0].next_attempt_at !== null));
    expect((await attempted(1))[0]).toMatchObject({ state: 'pending', next_attempt_at: '2025-05-01T12:00:05Z', attempts: [{ status: 503 }] });
    await api.advance(4);
    expect(receiver.at('/flaky')).toHaveLength(1); // not due yet
    await api.advance(1);
    expect((await attempted(2))[0]).toMatchObject({ state: 'pending', next_attempt_at: '2025-05-01T12:00:35Z', attempts: [{ status: 503 }, { status: 503 }] });
    await api.advance(30);
    const [delivered] = await attempted(3);
    expect(delivered).toMatchObject({ state: 'delivered', next_attempt_at: null });
    expect(delivered.attempts.map((a: any) => a.status)).toEqual([503, 503, 200]);
    const attempts = receiver.at('/flaky');
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    for (const attempt of attempts) verify(attempt, secret);

    receiver.answerWith((d) => (d.path === '/down' ? { status: 500 } : {}));
    await api.register('/down', ['calendar.created']);
    await api.createEvent('Never', 700);
    const failedAttempts = (n: number) => api.deliveriesWhen('?webhook=2', (log) => log[0]?.attempts.length === n && (log[0].state !== 'pending' || log[0].next_attempt_at !== null));
    await failedAttempts(1);
    await api.advance(5);
    await failedAttempts(2);
    await api.advance(30);
    const [gaveUp] = await failedAttempts(3);
    expect(gaveUp).toMatchObject({ state: 'failed', note: 'gave up after 3 attempts', next_attempt_at: null });
    await api.advance(3600);
    expect(receiver.at('/down')).toHaveLength(3);
  });

  it('410 Gone switches the webhook off: nothing more is sent to it', async () => {
    const api = world('gone');
    receiver.answerWith((d) => (d.path === '/gone' ? { status: 410 } : {}));
    await api.register('/gone', ['calendar.created']);
    await api.createEvent('First', 600);
    const [delivery] = await api.deliveriesWhen('', (log) => log[0]?.state === 'gone');
    expect(delivery).toMatchObject({ state: 'gone', next_attempt_at: null, note: 'the receiver answered 410 Gone: the webhook is switched off' });
    expect((await api.webhooks())[0]).toMatchObject({ is_active: false });
    await api.createEvent('Second', 700);
    await api.advance(60);
    expect(await api.deliveries()).toHaveLength(1);
    expect(receiver.at('/gone')).toHaveLength(1);
  });
});

describe('bounded attempts: refused connections, timeouts, redirects, big answers', () => {
  it('records each failure and schedules its retry', async () => {
    const api = world('bounded');
    receiver.answerWith((d) => {
      if (d.path === '/slow') return { hold: true };
      if (d.path === '/redirect') return { status: 302, headers: { Location: '/elsewhere' } };
      if (d.path === '/big') return { body: 'x'.repeat(200_000) };
      return {};
    });
    await api.register('/refused', ['calendar.created'], 'http://127.0.0.1:1/refused');
    await api.register('/slow', ['calendar.created']);
    await api.register('/redirect', ['calendar.created']);
    await api.register('/big', ['calendar.created']);
    const created = await api.createEvent('Bounded', 600);
    // the API answered while the slow receiver still holds its delivery: requests never wait
    expect(created.status).toBe(201);
    const log = await api.deliveriesWhen('', (all) => all.length === 4 && all.every((d) => d.attempts.length === 1));
    const byWebhook = (id: number) => log.find((d) => d.webhook_id === id);
    expect(byWebhook(1)).toMatchObject({ state: 'pending', attempts: [{ status: null, error: 'ECONNREFUSED' }], next_attempt_at: '2025-05-01T12:00:05Z' });
    expect(byWebhook(2)).toMatchObject({ state: 'pending', attempts: [{ status: null, error: 'timeout after 500 ms' }] });
    expect(byWebhook(3)).toMatchObject({ state: 'pending', attempts: [{ status: 302 }] });
    expect(receiver.received.some((r) => r.path === '/elsewhere')).toBe(false);
    expect(byWebhook(4)).toMatchObject({ state: 'delivered', attempts: [{ status: 200 }] });
    expect(byWebhook(4).attempts[0].response).toBe('x'.repeat(1024));
    receiver.release();
  });
});
