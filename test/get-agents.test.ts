/** GET /api/v1/agents over HTTP. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedErrors } from './helpers/contract.js';
import { bearer, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox();
const AGENTS = '/api/v1/agents';
const seeded = JSON.parse(readFileSync(new URL('../fixtures/agents.json', import.meta.url), 'utf8')) as Array<Record<string, any>>;

describe('GET /api/v1/agents', () => {
  it('lists the key’s team’s agents, in id order, as fixtures/agents.json has them', async () => {
    const { status, body } = await sandbox.call(AGENTS, bearer(), AGENTS);
    expect(status).toBe(200);
    expect(body).toEqual({ agents: seeded.filter((a) => a.team_id === 101) });
    expect(body.agents.map((a: any) => a.id)).toEqual([123, 456, 457, 458, 460]);
  });

  it('holds the agents the docs name: 456 Sales Representative (assistant_abc123), 123 Appointment Scheduler, one without a number', async () => {
    const { body } = await sandbox.call(AGENTS, bearer(), AGENTS);
    const byId = new Map(body.agents.map((a: any) => [a.id, a]));
    expect(byId.get(456)).toMatchObject({ name: 'Sales Representative', assistant_id: 'assistant_abc123', can_make_calls: true });
    expect(byId.get(123)).toMatchObject({ name: 'Appointment Scheduler', can_make_calls: true });
    expect(byId.get(458)).toMatchObject({ phone_number: null, can_make_calls: false });
  });

  it('is per team', async () => {
    const { body } = await sandbox.call(AGENTS, bearer('klen_test_other_team'), AGENTS);
    expect(body.agents.map((a: any) => a.id)).toEqual([512, 513, 514]);
  });

  it('answers every documented error on demand, and refuses keys as documented', async () => {
    for (const { status, code, message } of documentedErrors(AGENTS, 'get')) {
      const res = await sandbox.call(AGENTS, bearer(undefined, { 'X-Mock-Error': code }), AGENTS);
      expect({ status: res.status, body: res.body }).toEqual({ status, body: { error: code, message } });
    }
    expect((await sandbox.call(AGENTS, bearer('klen_test_no_permissions'), AGENTS)).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_read_agents permission' });
  });
});
