/**
 * Worlds and sessions over HTTP: X-Mock-Session isolates writes, the admin API lists, resets
 * and drops worlds, the limits evict and expire sessions, and a hot reload keeps or reseeds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../src/index.js';
import { adminViolations } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';
import { fixtureDir } from './helpers/temp-fixtures.js';

const sandbox = useSandbox({ clock: 'manual', maxSessions: 3 });
const CALLS = '/api/v1/calls';
const headers = (session?: string): Record<string, string> => ({ Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json', ...(session ? { 'X-Mock-Session': session } : {}) });
const initiate = (session?: string) => sandbox.call(CALLS, { method: 'POST', headers: headers(session), body: JSON.stringify({ phone_number: '+15551234567', agent_id: 123 }) }, CALLS);
const count = async (session?: string) => (await sandbox.call(CALLS, { headers: headers(session) }, CALLS)).body.count as number;
async function admin(method: 'get' | 'post' | 'delete', pathname: string, template = pathname) {
  const res = await fetch(`${sandbox.url}${pathname}`, { method: method.toUpperCase() });
  const body = (await res.json()) as any;
  expect(adminViolations(template, method, res.status, body)).toEqual([]);
  return { status: res.status, body };
}

describe('X-Mock-Session', () => {
  it('gives each session its own world: writes in one are invisible in the others and in the default world', async () => {
    const seeded = await count();
    await initiate('iso-a');
    await initiate('iso-a');
    await initiate('iso-b');
    expect(await count('iso-a')).toBe(seeded + 2);
    expect(await count('iso-b')).toBe(seeded + 1);
    expect(await count()).toBe(seeded);
    const created = (await initiate('iso-b')).body;
    expect((await sandbox.call(`${CALLS}/${created.id}`, { headers: headers('iso-b') })).status).toBe(200);
    expect((await sandbox.call(`${CALLS}/${created.id}`, { headers: headers('iso-a') })).status).toBe(200); // the same id, but iso-a's own 2nd call
    expect((await sandbox.call(`${CALLS}/${created.call_id}`, { headers: headers() })).status).toBe(404);
  });

  it('"default" names the default world', async () => {
    await initiate('default');
    const seeded = await count('iso-never-used');
    expect(await count()).toBe(seeded + 1);
    await admin('post', '/__mock/sessions/default/reset', '/__mock/sessions/{name}/reset');
    expect(await count()).toBe(seeded);
  });

  it.each(['', 'with space', 'x'.repeat(65), 'ünïcode', 'a/b'])('an invalid name %j → 400 validation_error', async (name) => {
    const res = await fetch(`${sandbox.url}${CALLS}`, { headers: { ...headers(), 'X-Mock-Session': name } });
    const body = (await res.json()) as any;
    expect(res.status).toBe(400);
    expect(body.error).toBe('validation_error');
    expect(body.message).toMatch(/^X-Mock-Session must be 1 to 64 letters, digits/);
  });

  it('the journal records the session and filters by it', async () => {
    await fetch(`${sandbox.url}/__mock/requests`, { method: 'DELETE' });
    await initiate('journal-1');
    await count();
    const { body } = await admin('get', '/__mock/requests?session=journal-1', '/__mock/requests');
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ method: 'POST', session: 'journal-1', status: 201, body: { text: '{"phone_number":"+15551234567","agent_id":123}', truncated: false } });
    expect((await admin('get', '/__mock/requests?session=default', '/__mock/requests')).body.entries[0]).toMatchObject({ method: 'GET', session: null, body: null });
  });
});

describe('the admin API of worlds', () => {
  it('lists the worlds with their size and last use, the default first', async () => {
    await initiate('listed');
    const { body } = await admin('get', '/__mock/sessions');
    expect(body.limits).toEqual({ maxSessions: 3, idleSeconds: 3600 });
    expect(body.sessions[0]).toMatchObject({ name: 'default', default: true, clock: { mode: 'manual', now: '2025-05-01T12:00:00.000Z' } });
    expect(body.sessions.at(-1)).toMatchObject({ name: 'listed', default: false, callsCreated: 1, pendingSteps: 2, pendingCallSteps: 1 }); // the call's next step and the seeded calendar's
    expect((await admin('get', '/__mock/sessions/listed', '/__mock/sessions/{name}')).body).toMatchObject({ name: 'listed', callsCreated: 1 });
  });

  it('resets one session back to the seed, clock included', async () => {
    await initiate('to-reset');
    sandbox.server.world('to-reset').advance(100);
    const { body } = await admin('post', '/__mock/sessions/to-reset/reset', '/__mock/sessions/{name}/reset');
    expect(body).toMatchObject({ name: 'to-reset', callsCreated: 0, events: 0, clock: { now: '2025-05-01T12:00:00.000Z' } });
    expect(await count('to-reset')).toBe(await count());
  });

  it('drops a session; the default world cannot be dropped; unknown sessions are 404', async () => {
    await initiate('to-drop');
    expect((await admin('delete', '/__mock/sessions/to-drop', '/__mock/sessions/{name}')).body).toEqual({ deleted: 'to-drop' });
    expect((await admin('get', '/__mock/sessions/to-drop', '/__mock/sessions/{name}')).status).toBe(404);
    expect((await admin('delete', '/__mock/sessions/default', '/__mock/sessions/{name}')).status).toBe(400);
    expect((await admin('get', '/__mock/sessions/bad%20name', '/__mock/sessions/{name}')).status).toBe(400);
  });

  it('POST /__mock/reset puts everything back: the default world reset, every session dropped', async () => {
    await initiate();
    await initiate('all-1');
    const { body } = await admin('post', '/__mock/reset');
    expect(body.sessionsDropped).toBeGreaterThanOrEqual(1);
    expect((await admin('get', '/__mock/sessions')).body.sessions.map((s: any) => s.name)).toEqual(['default']);
    expect(sandbox.server.sessions()).toHaveLength(1);
  });

  it('rejects a clock advance without a valid number of seconds', async () => {
    for (const body of ['{}', '{"seconds":-1}', '{"seconds":"10"}', 'nope']) {
      const res = await fetch(`${sandbox.url}/__mock/sessions/default/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toBe('validation_error');
    }
  });
});

describe('limits', () => {
  it('evicts the least recently used session past --max-sessions (3 here)', async () => {
    await admin('post', '/__mock/reset');
    for (const name of ['lru-1', 'lru-2', 'lru-3']) await initiate(name);
    await count('lru-1'); // lru-1 is now the most recently used
    await initiate('lru-4'); // evicts lru-2
    const names = (await admin('get', '/__mock/sessions')).body.sessions.map((s: any) => s.name);
    expect(names).toEqual(['default', 'lru-3', 'lru-1', 'lru-4']);
    // an evicted session starts again from the seed
    expect(await count('lru-2')).toBe(await count());
  });

  it('drops sessions idle for longer than --session-idle', async () => {
    const server = await createMockServer({ logger: { info() {}, warn() {}, error() {} }, sessionIdleSeconds: 1 });
    const url = await server.listen(0);
    try {
      await fetch(`${url}${CALLS}`, { headers: { ...headers(), 'X-Mock-Session': 'idle-1' } });
      expect(server.sessions().map((s) => s.name)).toEqual(['default', 'idle-1']);
      await sleep(1100);
      expect(server.sessions().map((s) => s.name)).toEqual(['default']);
    } finally {
      await server.close();
    }
  });
});

describe('a hot reload and the worlds', () => {
  it('keeps every world when only the contract changed, and reseeds them all when the fixtures changed', async () => {
    const dir = fixtureDir({ 'openapi.yaml': readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'), 'calls.json': readFileSync(new URL('../fixtures/calls.json', import.meta.url), 'utf8') });
    const messages: string[] = [];
    const server = await createMockServer({ contract: path.join(dir, 'openapi.yaml'), fixtures: dir, logger: { info: (_f, m) => messages.push(m), warn() {}, error() {} } });
    const url = await server.listen(0);
    const post = (session?: string) => fetch(`${url}${CALLS}`, { method: 'POST', headers: headers(session), body: JSON.stringify({ phone_number: '+15551234567', agent_id: 123 }) });
    const total = async (session?: string) => ((await (await fetch(`${url}${CALLS}`, { headers: headers(session) })).json()) as any).count as number;
    try {
      const seeded = await total();
      await post();
      await post('kept');
      writeFileSync(path.join(dir, 'openapi.yaml'), readFileSync(path.join(dir, 'openapi.yaml'), 'utf8').replace('summary: Get Agents', 'summary: Get the agents'));
      expect(await server.reload()).toBe(true);
      expect(messages.at(-1)).toBe('reloaded the contract and fixtures; the fixtures are unchanged, every world kept');
      expect(await total()).toBe(seeded + 1);
      expect(await total('kept')).toBe(seeded + 1);

      const calls = JSON.parse(readFileSync(path.join(dir, 'calls.json'), 'utf8')) as any[];
      writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(calls.filter((c) => c.id !== 124)));
      expect(await server.reload()).toBe(true);
      expect(messages.at(-1)).toBe('reloaded the contract and fixtures; the fixtures changed, so the default world was reset and 1 session world(s) dropped');
      expect(await total()).toBe(seeded - 1);
      expect(await total('kept')).toBe(seeded - 1);
    } finally {
      await server.close();
    }
  });
});
