/**
 * Registering a webhook over HTTP (POST /api/webhooks/create/, the overview's curl example): the
 * answer with its secret, the documented-style errors, the permissions a subscription needs, and
 * webhooks belonging to a world (sessions isolate them, reset removes them).
 */
import { describe, expect, it } from 'vitest';
import { adminViolations, requestExample } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const CREATE = '/api/webhooks/create/';
const ALL_EVENTS = ['call.started', 'call.ended', 'call.failed', 'call.transcript', 'call.recording', 'call.summary', 'calendar.created', 'calendar.updated', 'calendar.cancelled', 'calendar.completed', 'calendar.reminder'];

function client(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session, 'Content-Type': 'application/json' };
  return {
    create: (body: unknown, path = CREATE) => sandbox.call(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }, CREATE),
    listed: async () => {
      const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/webhooks`);
      const body = (await res.json()) as any;
      expect(adminViolations('/__mock/sessions/{name}/webhooks', 'get', res.status, body)).toEqual([]);
      return body.webhooks as any[];
    },
  };
}

describe('POST /api/webhooks/create/', () => {
  const api = client('webhooks-register');
  const example = requestExample(CREATE, 'post');

  it('registers the documented example: 201, the webhook with its whsec_ secret, Location; the admin API lists it without the secret', async () => {
    const { status, headers, body } = await api.create(example);
    expect(status).toBe(201);
    expect(body).toEqual({
      id: 1,
      name: 'Call Events Webhook',
      url: 'https://example.com/webhooks/klen',
      subscribed_events: ['call.started', 'call.ended', 'call.transcript'],
      is_active: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
      created_at: '2025-05-01T12:00:00Z',
      team: { id: 101, name: 'Sales Team' },
    });
    expect(headers.get('location')).toBe('/api/webhooks/1/');
    const listed = await api.listed();
    expect(listed).toEqual([{ id: 1, team_id: 101, name: 'Call Events Webhook', url: 'https://example.com/webhooks/klen', subscribed_events: ['call.started', 'call.ended', 'call.transcript'], is_active: true, secret_hint: `${body.secret.slice(0, 10)}…`, created_at: '2025-05-01T12:00:00Z' }]);
    expect(JSON.stringify(listed)).not.toContain(body.secret);
  });

  it('gives every webhook its own secret, keeps the events in the order sent, and answers the path without its slash the same', async () => {
    const a = await api.create({ name: 'All', url: 'http://127.0.0.1:9/hook', subscribed_events: [...ALL_EVENTS].reverse() });
    const b = await api.create({ name: 'All', url: 'http://127.0.0.1:9/hook', subscribed_events: ALL_EVENTS, is_active: false }, '/api/webhooks/create');
    expect(a.body.subscribed_events).toEqual([...ALL_EVENTS].reverse());
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ id: a.body.id + 1, is_active: false });
    expect(b.body.secret).not.toBe(a.body.secret);
  });

  it('answers missing_parameter naming the first missing field, invalid_url, invalid_event_type naming the name, validation_error for the rest', async () => {
    const base = { name: 'W', url: 'https://example.com/hook', subscribed_events: ['call.ended'] };
    for (const name of ['name', 'url', 'subscribed_events'] as const) {
      const { [name]: _left, ...body } = base;
      expect((await api.create(body)).body).toEqual({ error: 'missing_parameter', message: `Missing required parameter: ${name}` });
    }
    expect((await api.create({ ...base, name: '   ' })).body.message).toBe('Missing required parameter: name');
    for (const url of ['ftp://example.com/hook', 'example.com/hook', '/hook', 'https://', 'javascript:alert(1)']) {
      expect((await api.create({ ...base, url })).body).toEqual({ error: 'invalid_url', message: 'URL must be an absolute http or https URL' });
    }
    const unknown = await api.create({ ...base, subscribed_events: ['call.ended', 'call.completed'] });
    expect(unknown.body.error).toBe('invalid_event_type');
    expect(unknown.body.message).toBe(`Unknown event type: call.completed. Valid types: ${ALL_EVENTS.join(', ')}`);
    for (const subscribed_events of [[], ['call.ended', 'call.ended']]) {
      expect((await api.create({ ...base, subscribed_events })).body.error).toBe('validation_error');
    }
    expect((await api.create('{"name":')).body.error).toBe('invalid_json');
  });

  it('needs the read permission of each subscribed event: can_read_calls for call events, can_read_calendar for calendar events', async () => {
    const none = client('webhooks-register', 'klen_test_no_permissions');
    expect((await none.create({ name: 'W', url: 'https://example.com/hook', subscribed_events: ['calendar.created', 'call.ended'] })).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_read_calendar permission' });
    expect((await none.create({ name: 'W', url: 'https://example.com/hook', subscribed_events: ['call.ended'] })).status).toBe(403);
    expect((await client('webhooks-register', 'klen_test_read_only').create({ name: 'W', url: 'https://example.com/hook', subscribed_events: ALL_EVENTS })).status).toBe(201);
    expect((await sandbox.call(CREATE, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(example) }, CREATE)).body.error).toBe('authentication_required');
  });
});

describe('webhooks belong to a world', () => {
  it('a session’s webhooks are not another’s, and a reset removes them', async () => {
    const a = client('webhooks-a');
    await a.create({ name: 'A', url: 'https://example.com/a', subscribed_events: ['call.ended'] });
    expect((await a.listed()).map((w) => w.name)).toEqual(['A']);
    expect(await client('webhooks-b').listed()).toEqual([]);
    await fetch(`${sandbox.url}/__mock/sessions/webhooks-a/reset`, { method: 'POST' });
    expect(await a.listed()).toEqual([]);
  });
});
