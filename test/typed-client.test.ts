/**
 * A frontend team's view: the generated types, shipped as `klen-mock/types`, driving
 * openapi-fetch against a running sandbox. `npm run typecheck` checks this file, so a contract
 * change that breaks a consumer breaks CI.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import createClient from 'openapi-fetch';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { components, paths } from 'klen-mock/types';
import type { WebhookPayload, WebhookPayloadOf } from '../src/index.js';
import { useSandbox } from './helpers/sandbox.js';

type Call = components['schemas']['Call'];
const sandbox = useSandbox();
const client = () => createClient<paths>({ baseUrl: sandbox.url, headers: { Authorization: 'Bearer klen_abcdef123456789' } });

describe('openapi-fetch with the generated types', () => {
  it('the documented example, typed as Call', async () => {
    const { data, error, response } = await client().GET('/api/v1/calls/{call_id}', { params: { path: { call_id: '123' } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    if (!data) throw new Error('no data');
    expectTypeOf(data).toEqualTypeOf<Call>();
    expectTypeOf(data.status).toEqualTypeOf<'queued' | 'in-progress' | 'completed' | 'failed'>();
    expectTypeOf(data.contact).toEqualTypeOf<components['schemas']['CallContact'] | null>();
    expect(data.billing.total_charge).toBe(2.25);
    expect(data.contact?.name).toBe('John Doe');
  });

  it('a 404, narrowed by status', async () => {
    const { data, error, response } = await client().GET('/api/v1/calls/{call_id}', { params: { path: { call_id: 'call_missing' } } });
    expect(data).toBeUndefined();
    if (response.status !== 404 || !error) throw new Error(`expected a 404, got ${response.status}`);
    expectTypeOf(error.message).toEqualTypeOf<string>();
    expect(error).toEqual({ error: 'not_found', message: 'Call not found or you do not have access' });
  });

  it('a simulated 500, requested through the typed X-Mock-Error header', async () => {
    const { error, response } = await client().GET('/api/v1/calls/{call_id}', {
      params: { path: { call_id: '123' }, header: { 'X-Mock-Error': 'server_error' } },
    });
    expect(response.status).toBe(500);
    expect(error?.error).toBe('server_error');
  });

  it('lists calls, typed as CallList, with typed filters', async () => {
    const { data, response } = await client().GET('/api/v1/calls', { params: { query: { status: 'completed', limit: 5 } } });
    expect(response.status).toBe(200);
    if (!data) throw new Error('no data');
    expectTypeOf(data).toEqualTypeOf<components['schemas']['CallList']>();
    expectTypeOf(data.calls[0]!.id).toEqualTypeOf<string>();
    expect(data.calls).toHaveLength(5);
    expect(data.calls.every((c) => c.status === 'completed')).toBe(true);
  });

  it('initiates a call (201, typed as InitiatedCall) in a session, and reads a documented 400 narrowed by status', async () => {
    const headers = { 'X-Mock-Session': 'typed-client' };
    const created = await client().POST('/api/v1/calls', { params: { header: headers }, body: { phone_number: '+15551234567', agent_id: 'assistant_abc123' } });
    expect(created.response.status).toBe(201);
    if (!created.data) throw new Error('no data');
    expectTypeOf(created.data.status).toEqualTypeOf<'queued'>();
    expect(created.data.agent.id).toBe(456);
    const refused = await client().POST('/api/v1/calls', { params: { header: headers }, body: { phone_number: 'not a number', agent_id: 456 } });
    if (refused.response.status !== 400 || !refused.error) throw new Error(`expected a 400, got ${refused.response.status}`);
    expect(refused.error.error).toBe('invalid_phone_number');
    const agents = await client().GET('/api/v1/agents', { params: { header: headers } });
    expect(agents.data?.agents.find((a) => a.id === 456)?.assistant_id).toBe('assistant_abc123');
  });

  it('creates, reads, patches and lists a contact, and sets its context, all typed', async () => {
    const headers = { 'X-Mock-Session': 'typed-client-contacts' };
    const created = await client().POST('/api/v1/contacts/create', {
      params: { header: headers },
      body: { first_name: 'Typed', last_name: 'Client', phone_numbers: [{ phone_number: '+15550123456', phone_type: 'work' }], tags: ['VIP'] },
    });
    expect(created.response.status).toBe(201);
    if (!created.data) throw new Error('no data');
    expectTypeOf(created.data).toEqualTypeOf<components['schemas']['Contact']>();
    const id = created.data.id;
    const patched = await client().PATCH('/api/v1/contacts/{contact_id}/update', { params: { path: { contact_id: id }, header: headers }, body: { stage: 'prospect' } });
    expect(patched.data?.stage_display).toBe('Prospect');
    const context = await client().POST('/api/v1/contacts/{contact_id}/context', { params: { path: { contact_id: id }, header: headers }, body: { variables: { membership_level: 'Gold' } } });
    expectTypeOf(context.data?.contact_id).toEqualTypeOf<number | undefined>();
    expect(context.data).toEqual({ message: 'Contact context variables updated successfully', contact_id: id });
    const read = await client().GET('/api/v1/contacts/{contact_id}', { params: { path: { contact_id: id }, header: headers } });
    expect(read.data?.custom_context).toEqual({ membership_level: 'Gold' });
    const listed = await client().GET('/api/v1/contacts', { params: { query: { search: 'typed', limit: 5 }, header: headers } });
    expectTypeOf(listed.data?.contacts[0]?.phone).toEqualTypeOf<string | null | undefined>();
    expect(listed.data?.contacts.map((c) => c.phone)).toEqual(['+15550123456']);
    const refused = await client().POST('/api/v1/contacts/create', { params: { header: headers }, body: { first_name: '' } });
    if (refused.response.status !== 400 || !refused.error) throw new Error(`expected a 400, got ${refused.response.status}`);
    expect(refused.error.error).toBe('missing_first_name');
    const variables = await client().GET('/api/v1/context-variables', { params: { query: { context_type: 'business' } } });
    expectTypeOf(variables.data?.variables[0]?.variable_type).toEqualTypeOf<'text' | 'number' | 'date' | 'boolean' | 'select' | undefined>();
    expect(variables.data?.variables.map((v) => v.name)).toEqual(['support_hours', 'current_promotion']);
  });

  it('books, reads, moves and cancels a calendar event, and sees the slot in the availability, all typed', async () => {
    const headers = { 'X-Mock-Session': 'typed-client-calendar' };
    const before = await client().GET('/api/v1/calendar/availability', { params: { query: { start_date: '2031-03-03', end_date: '2031-03-03', duration: '60' }, header: headers } });
    expectTypeOf(before.data?.available_slots[0]?.start).toEqualTypeOf<string | undefined>();
    const slot = before.data?.available_slots[0];
    if (!slot) throw new Error('no free slot');
    const created = await client().POST('/api/v1/calendar/events/create', { params: { header: headers }, body: { title: 'Typed demo', start_time: slot.start, end_time: slot.end, event_type: 'video_call' } });
    expect(created.response.status).toBe(201);
    if (!created.data) throw new Error('no data');
    expectTypeOf(created.data.status).toEqualTypeOf<'scheduled' | 'confirmed' | 'cancelled' | 'completed' | 'no_show'>();
    const id = String(created.data.id);
    const read = await client().GET('/api/v1/calendar/events/{event_id}', { params: { path: { event_id: created.data.uuid }, header: headers } });
    expectTypeOf(read.data?.event_type_display).toEqualTypeOf<'Meeting' | 'Appointment' | 'Busy' | 'Voice Call' | 'Video Call' | undefined>();
    expect(read.data?.event_type_display).toBe('Video Call');
    const after = await client().GET('/api/v1/calendar/availability', { params: { query: { start_date: '2031-03-03', end_date: '2031-03-03', duration: '60' }, header: headers } });
    expect(after.data?.available_slots.map((s) => s.start)).not.toContain(slot.start);
    const moved = await client().PATCH('/api/v1/calendar/events/{event_id}/update', { params: { path: { event_id: id }, header: headers }, body: { status: 'confirmed' } });
    expect(moved.data?.message).toBe('Event updated successfully');
    const cancelled = await client().POST('/api/v1/calendar/events/{event_id}/cancel', { params: { path: { event_id: id }, header: headers }, body: { reason: 'typed' } });
    expect(cancelled.data?.status).toBe('cancelled');
    const refused = await client().POST('/api/v1/calendar/events/create', { params: { header: headers }, body: { title: 'x', start_time: 'soon', end_time: 'later' } });
    if (refused.response.status !== 400 || !refused.error) throw new Error(`expected a 400, got ${refused.response.status}`);
    expect(refused.error.error).toBe('invalid_datetime_format');
  });

  it('rejects, at compile time, paths and parameters the contract does not have', () => {
    // @ts-expect-error: first_name is required to create a contact
    void (() => client().POST('/api/v1/contacts/create', { body: { last_name: 'Doe' } }));
    // @ts-expect-error: context_type is contact or business
    void (() => client().GET('/api/v1/context-variables', { params: { query: { context_type: 'team' } } }));
    // @ts-expect-error: contact ids are numbers
    void (() => client().GET('/api/v1/contacts/{contact_id}', { params: { path: { contact_id: 'abc' } } }));
    // @ts-expect-error: phone_number is required by the contract
    void (() => client().POST('/api/v1/calls', { body: { agent_id: 123 } }));
    // @ts-expect-error: status is an enum
    void (() => client().GET('/api/v1/calls', { params: { query: { status: 'done' } } }));
    // @ts-expect-error: no such path in the contract
    void (() => client().GET('/api/v1/call/{call_id}', { params: { path: { call_id: '1' } } }));
    // @ts-expect-error: the path parameter is required
    void (() => client().GET('/api/v1/calls/{call_id}', { params: { path: {} } }));
  });
});

describe('a webhook receiver typed with WebhookPayload (from klen-mock)', () => {
  it('narrows a real delivery by event_type to its documented fields', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const headers = { 'X-Mock-Session': 'typed-webhooks' };
      const created = await client().POST('/api/webhooks/create/', { params: { header: headers }, body: { name: 'typed', url, subscribed_events: ['call.ended'] } });
      expect(created.response.status).toBe(201);
      await fetch(`${sandbox.url}/__mock/sessions/typed-webhooks/webhooks/trigger`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event_type: 'call.ended', call_id: 123 }) });
      for (let i = 0; i < 500 && received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      const payload = JSON.parse(received[0] as string) as WebhookPayload;
      if (payload.event_type !== 'call.ended') throw new Error(`expected call.ended, got ${payload.event_type}`);
      expectTypeOf(payload).toEqualTypeOf<WebhookPayloadOf<'call.ended'>>();
      expectTypeOf(payload.call.duration).toEqualTypeOf<number>();
      expectTypeOf(payload.call.summary).toEqualTypeOf<string | null>();
      expect(payload.call).toMatchObject({ id: 123, klen_call_id: 'call_def456', duration: 267 });
      // @ts-expect-error: call.ended carries no transcript (call.transcript does)
      void payload.call.transcript;
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('types/openapi.d.ts', () => {
  it('is what openapi-typescript generates from openapi.yaml today (run `npm run types` after editing the contract)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'klen-types-')), 'openapi.d.ts');
    const root = new URL('..', import.meta.url).pathname;
    // the arguments of `npm run types`, with another output file
    const script = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { types: string } }).scripts.types;
    const args = script.replace(/^openapi-typescript /, '').replace(/-o \S+/, `-o ${out}`).split(' ');
    await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'openapi-typescript'), args, { cwd: root });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(root, 'types', 'openapi.d.ts'), 'utf8'));
  });
});
