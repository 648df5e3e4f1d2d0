/** GET /api/v1/calls over HTTP: filters, pagination, the list shape and its relation to the detail object. */
import { describe, expect, it } from 'vitest';
import { documentedErrors } from './helpers/contract.js';
import { bearer, useSandbox } from './helpers/sandbox.js';
import { shippedCalls } from './helpers/temp-fixtures.js';

const sandbox = useSandbox();
const LIST = '/api/v1/calls';
const list = (query = '', init = bearer()) => sandbox.call(`${LIST}${query}`, init, LIST);
const team101 = shippedCalls().filter((c) => c.team.id === 101);

describe('GET /api/v1/calls', () => {
  it('answers the default page: 10 of the team’s calls, newest first, with count and pages', async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ count: team101.length, page: 1, limit: 10, pages: Math.ceil(team101.length / 10) });
    expect(body.calls).toHaveLength(10);
    const newestFirst = [...team101].sort((a, b) => b.id - a.id).slice(0, 10).map((c) => c.call_id);
    expect(body.calls.map((c: any) => c.id)).toEqual(newestFirst);
  });

  it('gives each item the Get Calls shape of the same call: id is call_id, agent_id the assistant id', async () => {
    const { body } = await list('?limit=100');
    const item = body.calls.find((c: any) => c.id === 'call_def456');
    expect(item).toEqual({
      id: 'call_def456',
      agent_id: 'assistant_abc123',
      agent_name: 'Sales Representative',
      status: 'completed',
      type: 'outbound',
      phone_number: '+15551234567',
      started_at: '2025-04-23T14:30:45Z',
      ended_at: '2025-04-23T14:35:12Z',
      duration_seconds: 267,
      summary: 'The agent discussed product pricing with the customer and answered questions about delivery times. The customer expressed interest in the premium package and requested a follow-up call next week.',
      recording_url: 'https://storage.example.com/recordings/call_def456.mp3',
      contact: { id: 789, name: 'John Doe', email: 'john.doe@example.com', company: 'Acme Corp' },
    });
    // every item, fetched by its id, is the same call in the detail shape
    for (const listed of body.calls.slice(0, 5)) {
      const detail = (await sandbox.call(`/api/v1/calls/${listed.id}`, bearer())).body;
      expect(detail.call_id).toBe(listed.id);
      expect(detail.agent.assistant_id).toBe(listed.agent_id);
      expect(detail.agent.name).toBe(listed.agent_name);
      for (const field of ['status', 'type', 'phone_number', 'started_at', 'ended_at', 'duration_seconds', 'summary', 'recording_url'] as const) expect(detail[field]).toEqual(listed[field]);
    }
  });

  it.each([
    ['status=completed', (c: any) => c.status === 'completed'],
    ['status=failed', (c: any) => c.status === 'failed'],
    ['status=in-progress', (c: any) => c.status === 'in-progress'],
    ['status=queued', (c: any) => c.status === 'queued'],
    ['type=inbound', (c: any) => c.type === 'inbound'],
    ['agent_id=456', (c: any) => c.agent.id === 456],
    ['agent_id=assistant_abc123', (c: any) => c.agent.assistant_id === 'assistant_abc123'],
    ['agent_id=457&status=completed&type=outbound', (c: any) => c.agent.id === 457 && c.status === 'completed' && c.type === 'outbound'],
  ])('filters by %s', async (query, matches) => {
    const { status, body } = await list(`?${query}&limit=100`);
    expect(status).toBe(200);
    const expected = team101.filter(matches).sort((a, b) => b.id - a.id).map((c) => c.call_id);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.count).toBe(expected.length);
    expect(body.calls.map((c: any) => c.id)).toEqual(expected);
  });

  it('an agent of another team, or no agent at all, matches nothing', async () => {
    for (const agent of ['512', 'assistant_s7p4x1', 'nobody']) {
      const { body } = await list(`?agent_id=${agent}`);
      expect(body).toEqual({ count: 0, page: 1, limit: 10, pages: 1, calls: [] });
    }
  });

  it('pages through every call exactly once', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(team101.length / 7); page += 1) {
      const { body } = await list(`?limit=7&page=${page}`);
      expect(body).toMatchObject({ page, limit: 7, count: team101.length });
      seen.push(...body.calls.map((c: any) => c.id));
    }
    expect(new Set(seen).size).toBe(team101.length);
    expect((await list(`?limit=7&page=${Math.ceil(team101.length / 7) + 1}`)).body.calls).toEqual([]);
  });

  it('lists only the key’s team', async () => {
    const { body } = await list('?limit=100', bearer('klen_test_other_team'));
    expect(body.count).toBe(shippedCalls().filter((c) => c.team.id === 202).length);
    expect(body.calls.map((c: any) => c.id)).not.toContain('call_def456');
  });

  it.each([
    ['limit=101', 'query parameter limit must be <= 100'],
    ['limit=0', 'query parameter limit must be >= 1'],
    ['page=0', 'query parameter page must be >= 1'],
    ['page=two', 'query parameter page must be integer'],
    ['status=done', 'query parameter status must be equal to one of the allowed values'],
    ['type=sideways', 'query parameter type must be equal to one of the allowed values'],
  ])('answers %s with 400 validation_error naming the parameter', async (query, message) => {
    const { status, body } = await list(`?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'validation_error', message: `Invalid request: ${message}` });
  });

  it('answers every documented error on demand', async () => {
    for (const { status, code, message } of documentedErrors(LIST, 'get')) {
      const res = await list('', bearer(undefined, { 'X-Mock-Error': code }));
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: code, message });
    }
  });

  it('refuses keys as documented', async () => {
    expect((await list('', {})).body.error).toBe('authentication_required');
    expect((await list('', bearer('klen_test_inactive'))).body.error).toBe('invalid_key');
    expect((await list('', bearer('klen_test_no_permissions'))).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_read_calls permission' });
  });
});
