import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureFileTexts } from '../scripts/fixture-files.js';
import { DOCUMENTED_EXAMPLE as GENERATOR_EXAMPLE, REFERENCE_DATE } from '../scripts/generate-calls.js';
import { contract, DOCUMENTED_EXAMPLE } from './helpers/contract.js';

const callsText = readFileSync(new URL('../fixtures/calls.json', import.meta.url), 'utf8');
const calls = JSON.parse(callsText) as Array<Record<string, any>>;
const keys = JSON.parse(readFileSync(new URL('../fixtures/keys.json', import.meta.url), 'utf8')) as Array<Record<string, any>>;
const statusEnum = (contract.components?.schemas?.['Call'] as any).properties.status.enum as string[];

describe('fixtures/calls.json', () => {
  it.each(Object.keys(fixtureFileTexts()))('%s is exactly what the seeded generator writes (run `npm run fixtures` after changing it)', (name) => {
    expect(fixtureFileTexts()[name]).toBe(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
  });

  it('regenerates byte-identically: same seed, same output, whatever the clock says', () => {
    expect(fixtureFileTexts()).toEqual(fixtureFileTexts());
  });

  it('holds the documented example verbatim as id 123 / call_def456', () => {
    const example = calls.find((c) => c.id === 123);
    expect(example).toEqual(DOCUMENTED_EXAMPLE.value);
    expect(GENERATOR_EXAMPLE).toEqual(DOCUMENTED_EXAMPLE.value);
    expect(example?.call_id).toBe('call_def456');
  });

  it('has at least 50 more calls, covering every status, both types, both teams', () => {
    expect(calls.length).toBeGreaterThanOrEqual(51);
    expect(new Set(calls.map((c) => c.status))).toEqual(new Set(statusEnum));
    expect(new Set(calls.map((c) => c.type))).toEqual(new Set(['inbound', 'outbound']));
    const teams = new Map(calls.map((c) => [c.team.id, c.team.name]));
    expect(Object.fromEntries(teams)).toEqual({ 101: 'Sales Team', 202: 'Support Team', 303: 'Starter Team' });
  });

  it('has calls with and without a recording, multi-line transcripts and non-ASCII names', () => {
    expect(calls.some((c) => c.recording_url === null && c.status === 'completed')).toBe(true);
    expect(calls.some((c) => typeof c.recording_url === 'string')).toBe(true);
    expect(calls.filter((c) => (c.transcript ?? '').split('\n').length >= 4).length).toBeGreaterThan(10);
    expect(calls.some((c) => /[^\u0000-\u007f]/.test(c.contact?.name ?? ''))).toBe(true);
    expect(calls.some((c) => c.contact === null)).toBe(true);
  });

  it('has a call of every agent that has a phone number', () => {
    const agents = JSON.parse(readFileSync(new URL('../fixtures/agents.json', import.meta.url), 'utf8')) as Array<Record<string, any>>;
    const withCalls = new Set(calls.map((c) => c.agent.id));
    for (const agent of agents.filter((a) => a.phone_number !== null)) expect(withCalls, `agent ${agent.id}`).toContain(agent.id);
  });

  it('gives queued calls no start, no end and a pending bill of 0', () => {
    const queued = calls.filter((c) => c.status === 'queued');
    expect(queued.length).toBeGreaterThan(0);
    for (const call of queued) {
      expect(call).toMatchObject({ started_at: null, ended_at: null, duration_seconds: null, summary: null, transcript: null, recording_url: null });
      expect(call.billing).toEqual({ status: 'pending', initial_charge: 0, final_charge: null, total_charge: null });
    }
  });

  it('gives in-progress calls the inferred nulls and failed calls the inferred zeros', () => {
    for (const call of calls.filter((c) => c.status === 'in-progress')) {
      expect(call).toMatchObject({ ended_at: null, duration_seconds: null, summary: null, transcript: null, recording_url: null });
      expect(call.billing).toMatchObject({ status: 'pending', final_charge: null, total_charge: null });
      expect(Date.parse(call.started_at)).toBeLessThan(REFERENCE_DATE.getTime());
    }
    for (const call of calls.filter((c) => c.status === 'failed')) {
      expect(call).toMatchObject({ duration_seconds: 0, summary: null, transcript: null, recording_url: null });
      expect(call.billing).toEqual({ status: 'not_billed', initial_charge: 0, final_charge: 0, total_charge: 0 });
    }
  });

  it('keeps ended_at = started_at + duration for completed calls', () => {
    for (const call of calls.filter((c) => c.status === 'completed')) {
      expect((Date.parse(call.ended_at) - Date.parse(call.started_at)) / 1000).toBe(call.duration_seconds);
    }
  });
});

describe('fixtures/keys.json', () => {
  const byKey = new Map(keys.map((k) => [k.key, k]));
  it('has the documented example key: active, team 101, every permission', () => {
    expect(byKey.get('klen_abcdef123456789')).toMatchObject({ active: true, team_id: 101 });
    expect(byKey.get('klen_abcdef123456789')?.permissions).toContain('can_read_calls');
    expect(byKey.get('klen_abcdef123456789')?.permissions).toHaveLength(7);
  });
  it('has one key per documented error', () => {
    expect(byKey.get('klen_test_no_permissions')).toMatchObject({ active: true, team_id: 101, permissions: [] });
    expect(byKey.get('klen_test_inactive')).toMatchObject({ active: false });
    expect(byKey.get('klen_test_other_team')).toMatchObject({ active: true, team_id: 202 });
    expect(byKey.get('klen_test_server_error')).toMatchObject({ active: true, simulate: 'server_error' });
    expect(byKey.get('klen_test_rate_limited')).toMatchObject({ active: true, simulate: 'rate_limit_exceeded' });
  });
});

describe('fixtures/contacts.json', () => {
  const contacts = JSON.parse(readFileSync(new URL('../fixtures/contacts.json', import.meta.url), 'utf8')) as Array<Record<string, any>>;
  const byId = new Map(contacts.map((c) => [c.id, c]));

  it('holds the people of the seeded calls, as the calls show them', () => {
    for (const call of calls.filter((c) => c.contact !== null)) {
      const contact = byId.get(call.contact.id);
      expect(contact, `contact ${call.contact.id}`).toBeDefined();
      expect({ name: contact?.full_name, email: contact?.email, company: contact?.company, status: contact?.status, stage: contact?.stage, last_call_date: contact?.last_call_date }).toEqual({
        name: call.contact.name,
        email: call.contact.email,
        company: call.contact.company,
        status: call.contact.status,
        stage: call.contact.stage,
        last_call_date: call.contact.last_call_date,
      });
    }
  });

  it('has the documented contacts: John Doe (789, as the documented call has him) and Jane Smith (124, her number Do Not Call)', () => {
    expect(byId.get(789)).toMatchObject({ full_name: 'John Doe', tags: ['VIP', 'Interested', 'Follow-up'], custom_context: { lead_source: 'Website', budget: '$5,000-$10,000', decision_maker: true } });
    expect(byId.get(124)?.phone_numbers[0]).toMatchObject({ phone_number: '+15559876543', do_not_call: true });
    expect(byId.get(456)).toBeDefined(); // the Initiate Call page's contact_id
  });

  it('has more than a page of 25 for team 101, leads never called, and the odd cases a UI must show', () => {
    expect(contacts.filter((c) => c.team.id === 101).length).toBeGreaterThan(50);
    for (const team of [101, 202, 303]) expect(contacts.some((c) => c.team.id === team)).toBe(true);
    expect(contacts.some((c) => c.status === 'not_contacted' && c.last_call_date === null)).toBe(true);
    expect(contacts.some((c) => c.last_name === null)).toBe(true);
    expect(contacts.some((c) => c.email === null)).toBe(true);
    expect(contacts.some((c) => c.phone_numbers.length === 0)).toBe(true);
    expect(contacts.some((c) => c.phone_numbers.length > 1)).toBe(true);
    expect(contacts.some((c) => c.timezone === null)).toBe(true);
    expect(contacts.some((c) => /[^\u0000-\u007f]/.test(c.full_name))).toBe(true);
    expect(contacts.some((c) => c.recent_notes.some((n: any) => n.note_type === 'call_note'))).toBe(true);
    expect(new Set(contacts.map((c) => c.address.country)).size).toBeGreaterThan(4);
  });

  it('gives every completed call of a contact a call note with its summary', () => {
    for (const call of calls.filter((c) => c.contact !== null && c.status === 'completed')) {
      expect(byId.get(call.contact.id)?.recent_notes.some((n: any) => n.content === call.summary && n.created_at === call.ended_at)).toBe(true);
    }
  });
});
