/**
 * The tools around webhook deliveries: the trigger (`stripe trigger`'s model) for existing and
 * generated objects, opt-in chaos (duplicates, out of order), the sandbox's own inbox, a webhook
 * seeded by `webhookUrl`, the `webhookHosts` allow-list, retries in real time, reset, and
 * secrets kept out of the logs and the journal.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createMockServer, silentLogger } from '../src/index.js';
import { DEFAULT_WEBHOOK_SECRET } from '../src/webhooks/secret.js';
import { adminViolations, webhookViolations } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';
import { until, useReceiver } from './helpers/webhook-receiver.js';

const receiver = useReceiver();
const ALL_EVENTS = ['call.started', 'call.ended', 'call.failed', 'call.transcript', 'call.recording', 'call.summary', 'calendar.created', 'calendar.updated', 'calendar.cancelled', 'calendar.completed', 'calendar.reminder'];

function client(sandbox: ReturnType<typeof useSandbox>, session: string) {
  const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': session, 'Content-Type': 'application/json' };
  const admin = async (method: 'get' | 'post', path: string, contractPath: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/__mock/sessions/${session}${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.json()) as any;
    expect(adminViolations(`/__mock/sessions/{name}${contractPath}`, method, res.status, json)).toEqual([]);
    return { status: res.status, body: json };
  };
  return {
    register: async (url: string, events = ALL_EVENTS) => {
      const { status, body } = await sandbox.call('/api/webhooks/create/', { method: 'POST', headers, body: JSON.stringify({ name: 'tools', url, subscribed_events: events }) }, '/api/webhooks/create/');
      return { status, body };
    },
    trigger: (body: unknown) => admin('post', '/webhooks/trigger', '/webhooks/trigger', body),
    deliveries: () => admin('get', '/deliveries', '/deliveries').then((r) => r.body.deliveries as any[]),
    callDetails: (id: number) => sandbox.call(`/api/v1/calls/${id}`, { headers }),
    createEvent: (title: string) =>
      sandbox.call('/api/v1/calendar/events/create', { method: 'POST', headers, body: JSON.stringify({ title, start_time: '2025-05-02T15:00:00Z', end_time: '2025-05-02T15:30:00Z' }) }, '/api/v1/calendar/events/create'),
    advance: (seconds: number) => admin('post', '/clock/advance', '/clock/advance', { seconds }),
    reset: () => fetch(`${sandbox.url}/__mock/sessions/${session}/reset`, { method: 'POST' }),
  };
}

describe('the trigger', () => {
  const sandbox = useSandbox({ clock: 'manual' });

  it('fires an event for an existing object that it is true of, and refuses one it is not (409) or an unknown name (400)', async () => {
    const api = client(sandbox, 'trigger-existing');
    await api.register(`${receiver.url}/trigger-existing`);
    const fired = await api.trigger({ event_type: 'call.ended', call_id: 123 });
    expect(fired.status).toBe(201);
    expect(fired.body).toMatchObject({ generated: false, events: [{ type: 'call.ended', call: { id: 123 }, triggered: true }], deliveries: [{ event_type: 'call.ended', webhook_id: 1 }] });
    await until(() => receiver.at('/trigger-existing').length === 1);
    const [delivery] = receiver.at('/trigger-existing');
    expect(delivery?.payload).toMatchObject({ event_type: 'call.ended', call: { id: 123, status: 'completed' } });
    expect(webhookViolations(delivery?.payload)).toEqual([]);

    const refused = await api.trigger({ event_type: 'call.failed', call_id: 123 });
    expect(refused).toMatchObject({ status: 409, body: { error: 'invalid_state', message: 'Call 123 is completed: call.failed needs a failed call (leave out call_id to generate one)' } });
    expect((await api.trigger({ event_type: 'call.exploded' })).body.error).toBe('invalid_event_type');
    expect((await api.trigger({ event_type: 'calendar.created', call_id: 123 })).status).toBe(400);
    expect((await api.trigger({ event_type: 'call.ended', call_id: 999999 })).status).toBe(404);
  });

  it('generates a call whose history leads to the event now: earlier events first, the object readable through the API, the rest of its life on the clock', async () => {
    const api = client(sandbox, 'trigger-generated');
    await api.register(`${receiver.url}/trigger-generated`);
    const fired = await api.trigger({ event_type: 'call.summary' });
    expect(fired.status).toBe(201);
    expect(fired.body.generated).toBe(true);
    expect(fired.body.events.map((e: any) => e.type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary']);
    expect(fired.body.events.at(-1)).toMatchObject({ time: '2025-05-01T12:00:00Z', triggered: true });
    await until(() => receiver.at('/trigger-generated').length === 4);
    for (const { payload } of receiver.at('/trigger-generated')) expect(webhookViolations(payload), payload.event_type).toEqual([]);
    const id = fired.body.events[0].call.id as number;
    const details = await api.callDetails(id);
    expect(details.body).toMatchObject({ id, status: 'completed', started_at: '2025-05-01T11:59:46Z', summary: expect.any(String), recording_url: null });
    await api.advance(2);
    await until(() => receiver.at('/trigger-generated').length === 5);
    expect(receiver.at('/trigger-generated')[4]?.payload.event_type).toBe('call.recording');
  });

  it('generates each calendar event and a failed call', async () => {
    const api = client(sandbox, 'trigger-calendar');
    await api.register(`${receiver.url}/trigger-calendar`);
    const expected: Record<string, string[]> = {
      'calendar.created': ['calendar.created'],
      'calendar.updated': ['calendar.created', 'calendar.updated'],
      'calendar.cancelled': ['calendar.created', 'calendar.cancelled'],
      'calendar.reminder': ['calendar.created', 'calendar.reminder'],
      'calendar.completed': ['calendar.created', 'calendar.completed'],
      'call.failed': ['call.failed'],
      'call.started': ['call.started'],
    };
    for (const [type, events] of Object.entries(expected)) {
      const fired = await api.trigger({ event_type: type });
      expect(fired.body.events.map((e: any) => e.type), type).toEqual(events);
      expect(fired.body.events.at(-1).time.startsWith('2025-05-01T12:00:00')).toBe(true);
    }
    await until(() => receiver.at('/trigger-calendar').length === Object.values(expected).flat().length);
    for (const { payload } of receiver.at('/trigger-calendar')) expect(webhookViolations(payload), payload.event_type).toEqual([]);
    // another team's object: recorded, and delivered only to that team's webhooks (none here)
    expect((await api.trigger({ event_type: 'calendar.created', team_id: 202 })).body).toMatchObject({ events: [{ type: 'calendar.created' }], deliveries: [] });
    expect((await api.trigger({ event_type: 'calendar.created', team_id: 999 })).status).toBe(404);
  });
});

describe('chaos', () => {
  const sandbox = useSandbox({ clock: 'manual', webhookChaos: 1 });

  it('at rate 1 sends every delivery twice with the same webhook-id, and lets a queued one overtake the one before', async () => {
    const api = client(sandbox, 'chaos');
    const { body } = await api.register(`${receiver.url}/chaos`, ['calendar.created', 'calendar.updated', 'calendar.cancelled']);
    await api.trigger({ event_type: 'calendar.cancelled' });
    await until(() => receiver.at('/chaos').length === 4);
    const got = receiver.at('/chaos');
    const ids = got.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(2);
    for (const id of new Set(ids)) expect(ids.filter((i) => i === id)).toHaveLength(2);
    // created was recorded first; with chaos the first to arrive is not it
    expect(got[0]?.payload.event_type).not.toBe('calendar.created');
    for (const r of got) expect(() => new Webhook(body.secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const log = await api.deliveries();
    expect(log.every((d) => d.state === 'delivered' && d.attempts.length === 2 && d.attempts.filter((a: any) => a.duplicate).length === 1)).toBe(true);
  });
});

describe('the inbox and a webhook seeded by webhookUrl', () => {
  const sandbox = useSandbox({ clock: 'manual', webhookUrl: 'http://127.0.0.1:9/seeded', webhookRetries: [1] });

  it('receives its own deliveries, verifies them, answers 503 to the first ?fail=N attempts', async () => {
    const api = client(sandbox, 'inbox');
    const { body: webhook } = await api.register(`${sandbox.url}/__mock/inbox/mine?fail=1`, ['calendar.created']);
    await api.createEvent('Inbox');
    const read = async () => {
      const res = await fetch(`${sandbox.url}/__mock/inbox/mine`);
      const body = (await res.json()) as any;
      expect(adminViolations('/__mock/inbox/{inbox}', 'get', res.status, body)).toEqual([]);
      return body;
    };
    for (let i = 0; i < 200 && (await read()).total < 1; i += 1) await new Promise((r) => setTimeout(r, 10));
    const first = await read();
    expect(first.received[0]).toMatchObject({ number: 1, answered: 503, event_type: 'calendar.created', verified: true });
    let retrying = false;
    for (let i = 0; i < 200 && !retrying; i += 1) {
      retrying = (await api.deliveries()).some((d) => d.webhook_id === webhook.id && d.next_attempt_at !== null);
      if (!retrying) await new Promise((r) => setTimeout(r, 10));
    }
    expect(retrying).toBe(true);
    await api.advance(1);
    for (let i = 0; i < 200 && (await read()).total < 2; i += 1) await new Promise((r) => setTimeout(r, 10));
    const second = await read();
    expect(second.received[0]).toMatchObject({ number: 2, answered: 200, verified: true, webhook_id: first.received[0].webhook_id });
    expect(second.received[0].payload).toMatchObject({ event_type: 'calendar.created', calendar_event: { title: 'Inbox' } });
    expect(await (await fetch(`${sandbox.url}/__mock/inbox/mine`, { method: 'DELETE' })).json()).toEqual({ cleared: 2 });
  });

  it('seeds every world with the webhookUrl webhook of each team, subscribed to every event, signed with the default secret', async () => {
    const api = client(sandbox, 'seeded');
    const res = await fetch(`${sandbox.url}/__mock/sessions/seeded/webhooks`);
    const { webhooks } = (await res.json()) as any;
    expect(webhooks.map((w: any) => [w.id, w.team_id, w.name, w.url, w.subscribed_events.length])).toEqual([
      [1, 101, 'klen-mock --webhook-url', 'http://127.0.0.1:9/seeded', 11],
      [2, 202, 'klen-mock --webhook-url', 'http://127.0.0.1:9/seeded', 11],
      [3, 303, 'klen-mock --webhook-url', 'http://127.0.0.1:9/seeded', 11],
    ]);
    expect(webhooks[0].secret_hint).toBe(`${DEFAULT_WEBHOOK_SECRET.slice(0, 10)}…`);
    // a new registration takes the next id
    expect((await api.register(`${receiver.url}/seeded`)).body.id).toBe(webhooks.length + 1);
  });
});

describe('webhookHosts, real-time retries, reset, and secrets kept out of logs and the journal', () => {
  it('refuses to register a host outside webhookHosts, retries in real time, drops a reset world’s webhooks and retries, and never logs a secret', async () => {
    const lines: string[] = [];
    const logger = { info: (f: object, m: string) => lines.push(m + JSON.stringify(f)), warn: (f: object, m: string) => lines.push(m + JSON.stringify(f)), error: (f: object, m: string) => lines.push(m + JSON.stringify(f)) };
    const server = await createMockServer({ logger, webhookHosts: ['127.0.0.1'], webhookRetries: [0.2, 1] });
    const url = await server.listen(0);
    try {
      const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': 'hosts', 'Content-Type': 'application/json' };
      const register = (target: string) => fetch(`${url}/api/webhooks/create/`, { method: 'POST', headers, body: JSON.stringify({ name: 'h', url: target, subscribed_events: ['calendar.created'] }) });
      const refused = await register('https://example.com/hook');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'invalid_url', message: 'URL host is not one this sandbox delivers to (--webhook-hosts: 127.0.0.1)' });
      receiver.answerWith((d) => (d.path === '/realtime' && receiver.at('/realtime').length === 1 ? { status: 500 } : {}));
      const created = await register(`${receiver.url}/realtime`);
      const { secret } = (await created.json()) as any;
      await fetch(`${url}/api/v1/calendar/events/create`, { method: 'POST', headers, body: JSON.stringify({ title: 'Real', start_time: '2031-01-01T10:00:00Z', end_time: '2031-01-01T10:30:00Z' }) });
      await until(() => receiver.at('/realtime').length === 2, 3000, 'the retry 0.2 s later');
      expect(receiver.at('/realtime')[1]?.headers['webhook-id']).toBe(receiver.at('/realtime')[0]?.headers['webhook-id']);

      // a failing delivery's retry is scheduled, then the world is reset: nothing more is sent
      receiver.answerWith((d) => (d.path === '/reset' ? { status: 500 } : {}));
      await register(`${receiver.url}/reset`);
      await fetch(`${url}/api/v1/calendar/events/create`, { method: 'POST', headers, body: JSON.stringify({ title: 'Reset', start_time: '2031-01-02T10:00:00Z', end_time: '2031-01-02T10:30:00Z' }) });
      await until(() => receiver.at('/reset').length === 2, 3000);
      await fetch(`${url}/__mock/sessions/hosts/reset`, { method: 'POST' });
      await new Promise((resolve) => setTimeout(resolve, 1300)); // past the third attempt's time
      expect(receiver.at('/reset')).toHaveLength(2);
      const listed = (await (await fetch(`${url}/__mock/sessions/hosts/webhooks`)).json()) as any;
      expect(listed.webhooks).toEqual([]);
      expect(listed.allowed_hosts).toEqual(['127.0.0.1']);

      const journal = await (await fetch(`${url}/__mock/requests`)).text();
      expect(journal).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
      expect(lines.some((line) => line.includes('webhook calendar.created → ') && line.includes(' 500 '))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('the trigger, for every event on an object it is true of', () => {
  const sandbox = useSandbox({ clock: 'manual' });

  it('sends a payload valid against its schema: each event generated, then fired again for the object it made', async () => {
    const api = client(sandbox, 'trigger-each');
    await api.register(`${receiver.url}/trigger-each`);
    let expected = 0;
    for (const type of ALL_EVENTS) {
      const generated = await api.trigger({ event_type: type });
      expect(generated.status, type).toBe(201);
      const last = generated.body.events.at(-1);
      const again = await api.trigger({ event_type: type, ...(last.call ? { call_id: last.call.id } : { event_id: last.calendar_event.uuid }) });
      expect(again.status, `${type} again: ${JSON.stringify(again.body)}`).toBe(201);
      expected += generated.body.deliveries.length + again.body.deliveries.length;
    }
    await until(() => receiver.at('/trigger-each').length === expected);
    for (const { payload } of receiver.at('/trigger-each')) expect(webhookViolations(payload), payload.event_type).toEqual([]);
    expect(new Set(receiver.at('/trigger-each').map((r) => r.payload.event_type))).toEqual(new Set(ALL_EVENTS));
  });
});
