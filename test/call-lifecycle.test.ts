/**
 * An initiated call lives through its lifecycle on the world's clock, and every endpoint that
 * shows it agrees at every step. With `--clock manual` the timestamps are exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adminViolations } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';
import { fixtureDir } from './helpers/temp-fixtures.js';

const sandbox = useSandbox({ clock: 'manual' });
const teams = JSON.parse(readFileSync(new URL('../fixtures/teams.json', import.meta.url), 'utf8')) as Array<Record<string, any>>;
const poor = useSandbox({ clock: 'manual', fixtures: fixtureDir({ 'teams.json': teams.map((t) => (t.id === 101 ? { ...t, wallet_balance: 0.6 } : t)) }) });
const CALLS = '/api/v1/calls';

function inSession(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session };
  return {
    initiate: (body: unknown) => sandbox.call(CALLS, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, CALLS),
    detail: (id: string | number) => sandbox.call(`${CALLS}/${id}`, { headers }),
    list: (query = '') => sandbox.call(`${CALLS}${query}`, { headers }, CALLS),
    agents: () => sandbox.call('/api/v1/agents', { headers }, '/api/v1/agents'),
    advance: async (seconds: number) => {
      const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds }) });
      const body = (await res.json()) as any;
      expect(adminViolations('/__mock/sessions/{name}/clock/advance', 'post', res.status, body)).toEqual([]);
      return body;
    },
  };
}

describe('a completed call, step by step (manual clock from 2025-05-01T12:00:00Z)', () => {
  const world = inSession('lifecycle-completed');
  let id = 0;
  let callId = '';

  it('starts queued: no start, pending bill of 0, listed first', async () => {
    const created = await world.initiate({ phone_number: '+15551234567', agent_id: 456, variables: { customer_name: 'Ada', appointment_time: 'Friday 10:00', custom_context: { plan: 'Premium Plan' } } });
    ({ id, call_id: callId } = created.body);
    const { body } = await world.detail(id);
    expect(body).toMatchObject({ id, call_id: callId, status: 'queued', started_at: null, ended_at: null, duration_seconds: null, transcript: null, summary: null, recording_url: null });
    expect(body.billing).toEqual({ status: 'pending', initial_charge: 0, final_charge: null, total_charge: null });
    expect(body.contact).toMatchObject({ id: 789, name: 'John Doe' });
    expect((await world.list()).body.calls[0]).toMatchObject({ id: callId, status: 'queued', started_at: null });
    expect((await world.list('?status=queued')).body.calls.map((c: any) => c.id)).toContain(callId);
  });

  it('connects at estimated_start: in-progress, started_at, one minute charged up front', async () => {
    const advanced = await world.advance(2);
    expect(advanced.now).toBe('2025-05-01T12:00:02.000Z');
    expect(advanced.events).toEqual([{ sequence: 1, type: 'call.started', time: '2025-05-01T12:00:02Z', request_id: expect.stringMatching(/^req_[0-9]+$/), call: { id, call_id: callId } }]);
    const { body } = await world.detail(callId);
    expect(body).toMatchObject({ status: 'in-progress', started_at: '2025-05-01T12:00:02Z', ended_at: null });
    expect(body.billing).toEqual({ status: 'pending', initial_charge: 0.5, final_charge: null, total_charge: null });
    expect((await world.list('?status=in-progress')).body.calls[0].id).toBe(callId);
  });

  it('completes after the talk time: ended_at, duration, billed; then transcript, summary, recording in the docs’ order', async () => {
    const advanced = await world.advance(10);
    expect(advanced.events.map((e: any) => [e.type, e.time])).toEqual([['call.ended', '2025-05-01T12:00:12Z']]);
    let { body } = await world.detail(id);
    expect(body).toMatchObject({ status: 'completed', ended_at: '2025-05-01T12:00:12Z', duration_seconds: 10, transcript: null, summary: null, recording_url: null });
    expect(body.billing).toEqual({ status: 'billed', initial_charge: 0.5, final_charge: 0.5, total_charge: 0.5 });
    // the contact's last call is this one now, in every call that shows the contact
    expect(body.contact.last_call_date).toBe('2025-05-01T12:00:12Z');
    expect((await world.detail(123)).body.contact.last_call_date).toBe('2025-05-01T12:00:12Z');

    expect((await world.advance(2)).events.map((e: any) => e.type)).toEqual(['call.transcript']);
    ({ body } = await world.detail(id));
    expect(body.transcript).toBe(
      [
        'Agent: Hello Ada, this is Sales Representative from Sales Team. Is now a good time to talk?',
        'Customer: Yes, I have a few minutes.',
        'Agent: I am calling to confirm your appointment for Friday 10:00.',
        'Customer: Yes, Friday 10:00 still works for me.',
        'Agent: I see your plan is Premium Plan.',
        'Customer: That is right.',
        // then what the contact's stored context adds (John Doe's custom_context in contacts.json)
        'Agent: I see your lead source is Website.',
        'Customer: That is right.',
        'Agent: I see your budget is $5,000-$10,000.',
        'Customer: That is right.',
        'Agent: I see your decision maker is yes.',
        'Customer: That is right.',
        // and the team's business context (teams.json)
        'Agent: Before you go, from Sales Team: support hours: Mon-Fri 9am-5pm PT; current promotion: 10% off annual plans until June 30.',
        'Customer: Good to know.',
        'Agent: Thank you for your time. Have a great day!',
        'Customer: Thanks, goodbye.',
      ].join('\n'),
    );
    expect(body.summary).toBeNull();
    expect((await world.advance(4)).events.map((e: any) => [e.type, e.time])).toEqual([
      ['call.summary', '2025-05-01T12:00:16Z'],
      ['call.recording', '2025-05-01T12:00:18Z'],
    ]);
    ({ body } = await world.detail(id));
    expect(body.summary).toBe(
      "Sales Representative called Ada at +15551234567. The customer confirmed the appointment for Friday 10:00. The agent reviewed the customer's plan (Premium Plan), lead source (Website), budget ($5,000-$10,000), decision maker (yes). The agent shared the business's support hours (Mon-Fri 9am-5pm PT), current promotion (10% off annual plans until June 30). The call ended normally.",
    );
    expect(body.recording_url).toBe(`https://storage.example.com/recordings/${callId}.mp3`);
    const item = (await world.list()).body.calls[0];
    expect(item).toMatchObject({ id: callId, status: 'completed', duration_seconds: 10, summary: body.summary, recording_url: body.recording_url });
  });

  it('counts the call in its agent’s total_calls and minutes_used', async () => {
    const agent = (await world.agents()).body.agents.find((a: any) => a.id === 456);
    expect(agent).toMatchObject({ total_calls: 133, minutes_used: 512.42 });
  });

  it('lists the world’s events through the admin API', async () => {
    const res = await fetch(`${sandbox.url}/__mock/sessions/lifecycle-completed/events`);
    const body = (await res.json()) as any;
    expect(adminViolations('/__mock/sessions/{name}/events', 'get', res.status, body)).toEqual([]);
    expect(body.events.map((e: any) => e.type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary', 'call.recording']);
  });
});

describe('magic numbers fail with the documented reasons', () => {
  it.each([
    ['+15005550001', 'no-answer'],
    ['+15005550002', 'busy'],
    ['+15005550003', 'rejected'],
    ['+15005550004', 'invalid-number'],
    ['+15005550005', 'disconnected'],
    ['+15005550006', 'twilio-failed-to-connect-call'],
    ['+15005550007', 'canceled'],
    ['+15005550008', 'failed'],
  ])('%s → failed (%s), never in progress, not billed', async (number, reason) => {
    const world = inSession(`magic-${reason}`);
    const { body: created } = await world.initiate({ phone_number: number, agent_id: 123 });
    const { events } = await world.advance(60);
    expect(events).toEqual([{ sequence: 1, type: 'call.failed', time: '2025-05-01T12:00:02Z', request_id: expect.stringMatching(/^req_[0-9]+$/), call: { id: created.id, call_id: created.call_id }, reason }]);
    const { body } = await world.detail(created.id);
    expect(body).toMatchObject({ status: 'failed', started_at: '2025-05-01T12:00:02Z', ended_at: '2025-05-01T12:00:02Z', duration_seconds: 0, transcript: null, summary: null, recording_url: null });
    expect(body.billing).toEqual({ status: 'not_billed', initial_charge: 0, final_charge: 0, total_charge: 0 });
    expect((await world.list('?status=failed')).body.calls[0].id).toBe(created.call_id);
  });
});

describe('the clock', () => {
  it('jumping far ahead runs every step at its own time', async () => {
    const world = inSession('jump');
    const { body } = await world.initiate({ phone_number: '+15551234567', agent_id: 123 });
    const { events, now } = await world.advance(3600);
    expect(now).toBe('2025-05-01T13:00:00.000Z');
    expect(events.map((e: any) => e.time)).toEqual(['2025-05-01T12:00:02Z', '2025-05-01T12:00:12Z', '2025-05-01T12:00:14Z', '2025-05-01T12:00:16Z', '2025-05-01T12:00:18Z']);
    expect((await world.detail(body.id)).body).toMatchObject({ status: 'completed', duration_seconds: 10 });
  });

  it('is per world: advancing one session leaves the others where they were', async () => {
    const a = inSession('clock-a');
    const b = inSession('clock-b');
    const callA = (await a.initiate({ phone_number: '+15551234567', agent_id: 123 })).body;
    const callB = (await b.initiate({ phone_number: '+15551234567', agent_id: 123 })).body;
    await a.advance(30);
    expect((await a.detail(callA.id)).body.status).toBe('completed');
    expect((await b.detail(callB.id)).body.status).toBe('queued');
    const clock = (await (await fetch(`${sandbox.url}/__mock/sessions/clock-b/clock`)).json()) as any;
    expect(clock).toEqual({
      session: 'clock-b',
      mode: 'manual',
      now: '2025-05-01T12:00:00.000Z',
      pending: [
        { at: '2025-05-01T12:00:02.000Z', call: callB.call_id, step: 'connect' },
        // the seeded calendar's next step (one at a time): event 123's reminder, 30 minutes before its 14:00 start
        { at: '2025-05-01T13:30:00.000Z', calendar_event: { id: 123, uuid: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' }, step: 'reminder' },
      ],
    });
  });

  it('a new call’s times follow the world’s clock', async () => {
    const world = inSession('later');
    await world.advance(86_400);
    expect((await world.initiate({ phone_number: '+15551234567', agent_id: 123 })).body).toMatchObject({ created_at: '2025-05-02T12:00:00Z', estimated_start: '2025-05-02T12:00:02Z' });
  });

  it('the wallet pays for completed calls, and refuses the next one when it runs dry', async () => {
    // team 101 with 0.60 at 0.50 per minute: one call (charged its 0.50 minimum) leaves 0.10
    const poorSandbox = poor;
    const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json' };
    const post = () => poorSandbox.call(CALLS, { method: 'POST', headers, body: JSON.stringify({ phone_number: '+15551234567', agent_id: 123 }) }, CALLS);
    expect((await post()).status).toBe(201);
    // a queued call is not charged yet: a second one is still allowed
    expect((await post()).status).toBe(201);
    poorSandbox.server.world().advance(30);
    const refused = await post();
    expect(refused.status).toBe(402);
    expect(refused.body).toEqual({ error: 'insufficient_funds', message: 'Insufficient funds to make call', current_balance: -0.4, required_rate: 0.5 });
  });
});

describe('the library API drives the same clock', () => {
  it('server.world(name).advance moves a session and its calls', async () => {
    const world = inSession('library');
    const { body } = await world.initiate({ phone_number: '+15551234567', agent_id: 123 });
    const handle = sandbox.server.world('library');
    expect(handle.now()).toBe('2025-05-01T12:00:00.000Z');
    expect(handle.advance(12)).toBe('2025-05-01T12:00:12.000Z');
    expect(handle.events().map((e) => e.type)).toEqual(['call.started', 'call.ended']);
    expect((await world.detail(body.id)).body.status).toBe('completed');
  });
});

describe('on a real clock', () => {
  const live = useSandbox({ callTiming: { queueSeconds: 1, talkSeconds: 1, processingSeconds: 1 } });

  it('moves by itself, in wall-clock time: queued, in progress, completed, then transcript, summary, recording', async () => {
    const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': 'real-clock' };
    const created = await live.call(CALLS, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ phone_number: '+15551234567', agent_id: 123 }) }, CALLS);
    expect(Date.parse(created.body.estimated_start) - Date.parse(created.body.created_at)).toBe(1000);
    const seen = new Set<string>();
    const started = Date.now();
    for (;;) {
      const { body } = await live.call(`${CALLS}/${created.body.id}`, { headers });
      seen.add(body.status);
      if (body.recording_url !== null) {
        expect(body).toMatchObject({ status: 'completed', duration_seconds: 1 });
        expect(body.transcript).toContain('Appointment Scheduler');
        expect(body.summary).toContain('+15551234567');
        break;
      }
      if (Date.now() - started > 10_000) throw new Error(`the call did not finish in 10 s: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seen]).toEqual(['queued', 'in-progress', 'completed']);
    expect(live.server.world('real-clock').events().map((e) => e.type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary', 'call.recording']);
  });
});
