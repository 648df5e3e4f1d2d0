/**
 * A sandbox on loopback for tests of what a world holds (persistence, export and import): writes
 * through every kind of endpoint, and reads back everything a client can see of a world.
 */
import { afterAll, expect } from 'vitest';
import { createMockServer, silentLogger, type MockServer, type MockServerOptions } from '../../src/index.js';

const KEY = 'klen_abcdef123456789';
const servers: MockServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

export type WorldClient = Awaited<ReturnType<typeof startWorldClient>>;

/** A sandbox with `options` (closed after the test file), and its API and admin API as JSON calls. */
export async function startWorldClient(options: MockServerOptions) {
  const server = await createMockServer({ logger: silentLogger, ...options });
  servers.push(server);
  const url = await server.listen(0);
  const request = async (method: string, pathAndQuery: string, body?: unknown, session?: string) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${KEY}` };
    if (session) headers['X-Mock-Session'] = session;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${url}${pathAndQuery}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const admin = async (method: string, pathAndQuery: string, body?: unknown) => {
    const res = await fetch(`${url}/__mock${pathAndQuery}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { server, url, request, admin };
}

/** Everything a client can read of a world, through every endpoint that shows what was written. */
export async function readEverything(api: WorldClient, session: string | undefined, ids: { contact: number; call: string; event: number }) {
  const get = async (p: string) => (await api.request('GET', p, undefined, session)).body;
  return {
    calls: await get('/api/v1/calls?limit=100'),
    call: await get(`/api/v1/calls/${ids.call}`),
    contacts: await get('/api/v1/contacts?limit=100'),
    contact: await get(`/api/v1/contacts/${ids.contact}`),
    seededContact: await get('/api/v1/contacts/789'),
    variables: await get('/api/v1/context-variables'),
    events: await get('/api/v1/calendar/events?start_date=2025-04-01&end_date=2025-06-30&limit=100'),
    event: await get(`/api/v1/calendar/events/${ids.event}`),
    availability: await get('/api/v1/calendar/availability?start_date=2025-05-05&end_date=2025-05-06&duration=30'),
    agents: await get('/api/v1/agents'),
    worldEvents: (await api.admin('GET', `/sessions/${session ?? 'default'}/events`)).body,
    webhooks: (await api.admin('GET', `/sessions/${session ?? 'default'}/webhooks`)).body,
    deliveries: (await api.admin('GET', `/sessions/${session ?? 'default'}/deliveries`)).body,
  };
}

/** Writes through every kind of endpoint, in `session` (the default world when undefined). */
export async function writeEverything(api: WorldClient, session: string | undefined, receiver: string) {
  const write = async (method: string, p: string, body: unknown) => {
    const res = await api.request(method, p, body, session);
    expect(res.status, `${method} ${p}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  await write('POST', '/api/webhooks/create/', { name: 'Saved', url: receiver, subscribed_events: ['call.started', 'call.ended', 'calendar.created'] });
  const contact = await write('POST', '/api/v1/contacts/create', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone_numbers: [{ phone_number: '+14155550100' }], tags: ['vip'] });
  await write('PATCH', '/api/v1/contacts/789/update', { company: 'Saved Corp', stage: 'customer' });
  await write('POST', `/api/v1/contacts/${contact.id}/context`, { variables: { membership_level: 'Gold' } });
  await write('POST', '/api/v1/context-variables/create', { name: 'favourite_colour', display_name: 'Favourite colour', variable_type: 'text', context_type: 'contact' });
  await write('DELETE', '/api/v1/context-variables/1/delete', undefined);
  await write('POST', '/api/v1/business/context', { variables: { support_hours: '9-5' } });
  const event = await write('POST', '/api/v1/calendar/events/create', { title: 'Saved demo', start_time: '2025-05-05T15:00:00Z', end_time: '2025-05-05T15:30:00Z', contact_id: contact.id });
  await write('PATCH', '/api/v1/calendar/events/124/update', { title: 'Renamed and saved' });
  const call = await write('POST', '/api/v1/calls', { phone_number: '+14155550100', agent_id: 123 });
  return { contact: contact.id as number, call: call.call_id as string, event: event.id as number };
}

