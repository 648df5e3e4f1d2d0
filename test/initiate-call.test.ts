/**
 * POST /api/v1/calls over HTTP: bodies (JSON, size, content type), the documented 400 codes
 * mapped from the contract, the outcomes on demand (agents, Do Not Call, wallet) and the
 * documented response. Each test writes in a session world of its own.
 */
import { describe, expect, it } from 'vitest';
import { documentedErrors } from './helpers/contract.js';
import { bearer, EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const CALLS = '/api/v1/calls';
let sessions = 0;

/** POSTs `body` (JSON-encoded unless a string) in a fresh session world, checked against the contract. */
function initiate(body: unknown, options: { key?: string; headers?: Record<string, string>; session?: string } = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Mock-Session': options.session ?? `initiate-${++sessions}`, ...options.headers };
  if (options.key !== '') headers['Authorization'] = `Bearer ${options.key ?? EXAMPLE_KEY}`;
  return sandbox.call(CALLS, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }, CALLS);
}

const DOCUMENTED_BODY = {
  phone_number: '+15551234567',
  agent_id: 123,
  contact_id: 456,
  variables: { customer_name: 'John Doe', appointment_time: '3:30 PM tomorrow', custom_context: { previous_purchase: 'Premium Plan', account_status: 'Active' } },
};

describe('POST /api/v1/calls: success', () => {
  it('queues the documented example request: 201, the documented shape, Location, times from the world’s clock', async () => {
    const { status, headers, body } = await initiate(DOCUMENTED_BODY);
    expect(status).toBe(201);
    expect(body).toEqual({
      id: 191,
      call_id: expect.stringMatching(/^call_[a-z0-9]{10}$/),
      status: 'queued',
      type: 'outbound',
      phone_number: '+15551234567',
      agent: { id: 123, name: 'Appointment Scheduler', assistant_id: 'assistant_ghi789' },
      created_at: '2025-05-01T12:00:00Z',
      estimated_start: '2025-05-01T12:00:02Z',
    });
    expect(headers.get('location')).toBe('/api/v1/calls/191');
  });

  it('gives every world the same ids for the same sequence of calls (deterministic for CI)', async () => {
    const a = await initiate(DOCUMENTED_BODY, { session: 'same-ids-a' });
    const b = await initiate(DOCUMENTED_BODY, { session: 'same-ids-b' });
    expect(a.body.call_id).toBe(b.body.call_id);
    const second = await initiate(DOCUMENTED_BODY, { session: 'same-ids-a' });
    expect(second.body.id).toBe(192);
    expect(second.body.call_id).not.toBe(a.body.call_id);
  });

  it.each([
    ['the database id as a number', 456],
    ['the database id as a string', '456'],
    ['the assistant_id', 'assistant_abc123'],
  ])('takes agent_id as %s', async (_name, agentId) => {
    const { status, body } = await initiate({ phone_number: '+15551234567', agent_id: agentId });
    expect(status).toBe(201);
    expect(body.agent).toEqual({ id: 456, name: 'Sales Representative', assistant_id: 'assistant_abc123' });
  });

  it('links the call to the contact_id given, or to the team’s contact with that number', async () => {
    const session = 'contacts';
    const given = await initiate({ phone_number: '+15550000001', agent_id: 123, contact_id: 456 }, { session });
    const detail = await sandbox.call(`${CALLS}/${given.body.id}`, bearer(undefined, { 'X-Mock-Session': session }));
    expect(detail.body.contact.id).toBe(456);
    const byNumber = await initiate({ phone_number: '+15551234567', agent_id: 123 }, { session }); // John Doe's number (call 123)
    const detail2 = await sandbox.call(`${CALLS}/${byNumber.body.id}`, bearer(undefined, { 'X-Mock-Session': session }));
    expect(detail2.body.contact).toMatchObject({ id: 789, name: 'John Doe' });
    const unknown = await initiate({ phone_number: '+15550000002', agent_id: 123 }, { session });
    expect((await sandbox.call(`${CALLS}/${unknown.body.id}`, bearer(undefined, { 'X-Mock-Session': session }))).body.contact).toBeNull();
  });

  it('ignores properties the page does not list', async () => {
    expect((await initiate({ ...DOCUMENTED_BODY, callback_url: 'https://example.com' })).status).toBe(201);
  });
});

describe('POST /api/v1/calls: the documented 400s, mapped by x-klen-validation-errors', () => {
  it.each([
    ['no phone_number', { agent_id: 123 }, 'missing_phone_number'],
    ['an empty phone_number', { phone_number: '', agent_id: 123 }, 'missing_phone_number'],
    ['no agent_id', { phone_number: '+15551234567' }, 'missing_agent_id'],
    ['an empty agent_id', { phone_number: '+15551234567', agent_id: '' }, 'missing_agent_id'],
    ['neither (phone_number first, as the docs list them)', {}, 'missing_phone_number'],
    ['a number that is not E.164', { phone_number: '555-1234', agent_id: 123 }, 'invalid_phone_number'],
    ['a number without +', { phone_number: '15551234567', agent_id: 123 }, 'invalid_phone_number'],
    ['a number as a JSON number', { phone_number: 15551234567, agent_id: 123 }, 'invalid_phone_number'],
    ['a missing agent_id beats an invalid number', { phone_number: 'x' }, 'missing_agent_id'],
  ])('%s → %s', async (_name, body, code) => {
    const { status, body: answer } = await initiate(body);
    expect(status).toBe(400);
    expect(answer.error).toBe(code);
    expect(answer.message).toBe(documentedErrors(CALLS, 'post').find((e) => e.code === code)?.message);
  });

  it.each([
    ['contact_id of the wrong type', { ...DOCUMENTED_BODY, contact_id: 'x' }, 'Invalid request: /contact_id must be integer'],
    ['agent_id of the wrong type', { phone_number: '+15551234567', agent_id: true }, 'Invalid request: /agent_id must be string,integer'],
    ['variables that are not an object', { phone_number: '+15551234567', agent_id: 123, variables: [1] }, 'Invalid request: /variables must be object'],
    ['a body that is not an object', [DOCUMENTED_BODY], 'Invalid request: the body must be object'],
    ['a contact of another team', { ...DOCUMENTED_BODY, contact_id: 802 }, 'Invalid request: /contact_id 802 is not a contact of your team'],
  ])('%s → 400 validation_error naming the field', async (_name, body, message) => {
    const { status, body: answer } = await initiate(body);
    expect({ status, answer }).toEqual({ status: 400, answer: { error: 'validation_error', message } });
  });

  it.each([
    ['not JSON', '{"phone_number": '],
    ['empty', ''],
    ['JSON with a trailing comma', '{"phone_number":"+15551234567","agent_id":123,}'],
  ])('a body that is %s → 400 invalid_json', async (_name, text) => {
    const { status, body } = await initiate(text);
    expect({ status, body }).toEqual({ status: 400, body: { error: 'invalid_json', message: 'Invalid JSON payload' } });
  });

  it('a body nested deeper than 64 levels → 400 validation_error, without recursing through it', async () => {
    const deep = `{"phone_number":"+15551234567","agent_id":123,"variables":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const { status, body } = await initiate(deep);
    expect({ status, body }).toEqual({ status: 400, body: { error: 'validation_error', message: 'Invalid request: the body nests deeper than 64 levels' } });
  });

  it('a body over 1 MiB → 413 payload_too_large, and the connection is closed', async () => {
    const { status, headers, body } = await initiate({ ...DOCUMENTED_BODY, variables: { note: 'x'.repeat(1024 * 1024) } });
    expect({ status, body }).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'The request body is larger than 1 MiB' } });
    expect(headers.get('connection')).toBe('close');
  });

  it('a Content-Type other than JSON → 415; none at all is read as JSON', async () => {
    const form = await initiate('phone_number=%2B15551234567&agent_id=123', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe('unsupported_media_type');
    const none = await fetch(`${sandbox.url}${CALLS}`, { method: 'POST', headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': 'no-type' }, body: new Blob([JSON.stringify(DOCUMENTED_BODY)]) });
    expect(none.status).toBe(201);
    const charset = await initiate(DOCUMENTED_BODY, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(charset.status).toBe(201);
  });

  it('checks the key before the body: an unknown key with a bad body is 401, a key without permission 403', async () => {
    expect((await initiate('{nope', { key: 'klen_unknown_1234' })).body.error).toBe('invalid_key');
    expect((await initiate('{nope', { key: '' })).body.error).toBe('authentication_required');
    expect((await initiate({}, { key: 'klen_test_no_permissions' })).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_initiate_calls permission' });
  });
});

describe('POST /api/v1/calls: outcomes on demand', () => {
  it('an unknown agent, or another team’s → 404 agent_not_found', async () => {
    for (const agentId of [999, 'assistant_nobody', 512, 'assistant_s7p4x1']) {
      expect((await initiate({ phone_number: '+15551234567', agent_id: agentId })).body).toEqual({ error: 'agent_not_found', message: 'AI agent not found or you do not have access' });
    }
  });

  it('an agent without a phone number → 404 no_phone_number', async () => {
    expect((await initiate({ phone_number: '+15551234567', agent_id: 458 })).body).toEqual({ error: 'no_phone_number', message: 'The agent does not have an assigned phone number' });
  });

  it('a number on the team’s Do Not Call list → 403 do_not_call', async () => {
    for (const number of ['+15005550009', '+15559876543']) {
      expect((await initiate({ phone_number: number, agent_id: 123 })).body).toEqual({ error: 'do_not_call', message: 'The phone number is on your Do Not Call list' });
    }
    // +15559876543 is only on team 101's list
    expect((await initiate({ phone_number: '+15559876543', agent_id: 512 }, { key: 'klen_test_other_team' })).status).toBe(201);
  });

  it('a team whose wallet is empty → 402 insufficient_funds with the balance and the rate', async () => {
    const { status, body } = await initiate({ phone_number: '+15551234567', agent_id: 601 }, { key: 'klen_test_no_balance' });
    expect(status).toBe(402);
    expect(body).toEqual({ error: 'insufficient_funds', message: 'Insufficient funds to make call', current_balance: 0, required_rate: 0.5 });
  });

  it('answers every documented error on demand (X-Mock-Error), 402 with its documented details', async () => {
    for (const { status, code } of documentedErrors(CALLS, 'post')) {
      const res = await initiate(DOCUMENTED_BODY, { headers: { 'X-Mock-Error': code } });
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(code);
    }
    expect((await initiate(DOCUMENTED_BODY, { headers: { Prefer: 'code=402' } })).body).toEqual({ error: 'insufficient_funds', message: 'Insufficient funds to make call', current_balance: 0, required_rate: 0.5 });
  });

  it('the special keys work here too', async () => {
    expect((await initiate(DOCUMENTED_BODY, { key: 'klen_test_server_error' })).status).toBe(500);
    const limited = await initiate(DOCUMENTED_BODY, { key: 'klen_test_rate_limited' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
  });

  it('a refused call creates nothing', async () => {
    const session = 'refused';
    await initiate({ phone_number: '+15005550009', agent_id: 123 }, { session });
    await initiate({ agent_id: 123 }, { session });
    const { body } = await sandbox.call(`${CALLS}?status=queued&limit=100`, bearer(undefined, { 'X-Mock-Session': session }), CALLS);
    expect(body.calls.map((c: any) => c.id)).toEqual(['call_r46j3rwi18']); // the one seeded queued call of team 101
  });
});
