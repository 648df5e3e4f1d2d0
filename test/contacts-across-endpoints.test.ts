/**
 * One world, consistent across endpoints: what a client writes through the Contacts and Context
 * Variables endpoints is what Get Call Details, Get Calls and Initiate Call show and do, and what
 * calls do to a contact shows in the Contacts endpoints. Manual clock: every step is exact.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });

function client(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const post = (path: string, template: string, body: unknown, method = 'POST') => sandbox.call(path, { method, headers: json, body: JSON.stringify(body) }, template);
  return {
    call: (id: number | string) => sandbox.call(`/api/v1/calls/${id}`, { headers }),
    calls: (query = '') => sandbox.call(`/api/v1/calls${query}`, { headers }, '/api/v1/calls'),
    initiate: (body: unknown) => post('/api/v1/calls', '/api/v1/calls', body),
    contact: (id: number) => sandbox.call(`/api/v1/contacts/${id}`, { headers }, '/api/v1/contacts/{contact_id}'),
    contacts: (query = '') => sandbox.call(`/api/v1/contacts${query}`, { headers }, '/api/v1/contacts'),
    createContact: (body: unknown) => post('/api/v1/contacts/create', '/api/v1/contacts/create', body),
    patchContact: (id: number, body: unknown) => post(`/api/v1/contacts/${id}/update`, '/api/v1/contacts/{contact_id}/update', body, 'PATCH'),
    setContext: (id: number, body: unknown) => post(`/api/v1/contacts/${id}/context`, '/api/v1/contacts/{contact_id}/context', body),
    setBusiness: (body: unknown) => post('/api/v1/business/context', '/api/v1/business/context', body),
    variables: () => sandbox.call('/api/v1/context-variables', { headers }, '/api/v1/context-variables'),
    advance: (seconds: number) => fetch(`${sandbox.url}/__mock/sessions/${session}/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds }) }),
  };
}

describe('the seeded calls’ people are the seeded contacts', () => {
  const api = client('across-seed');

  it('every call’s contact is the contact record, in Get Call Details and in Get Calls', async () => {
    for (const key of [EXAMPLE_KEY, 'klen_test_other_team', 'klen_test_no_balance']) {
      const team = client('across-seed', key);
      const { body } = await team.calls('?limit=100');
      let checked = 0;
      for (const item of body.calls) {
        const detail = (await team.call(item.id)).body;
        if (detail.contact === null) {
          expect(item.contact).toBeNull();
          continue;
        }
        const contact = (await team.contact(detail.contact.id)).body;
        expect(detail.contact).toEqual({ id: contact.id, name: contact.full_name, email: contact.email, company: contact.company, status: contact.status, stage: contact.stage, last_call_date: contact.last_call_date });
        expect(item.contact).toEqual({ id: contact.id, name: contact.full_name, email: contact.email, company: contact.company });
        expect(contact.phone_numbers.map((p: any) => p.phone_number)).toContain(detail.phone_number);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(0);
    }
  });

  it('a contact edited through Update Contact shows so in every call with them', async () => {
    await api.patchContact(789, { first_name: 'Johnathan', email: 'jd@acme.example.com', company: 'Acme Inc', stage: 'customer' });
    expect((await api.call(123)).body.contact).toEqual({ id: 789, name: 'Johnathan Doe', email: 'jd@acme.example.com', company: 'Acme Inc', status: 'contacted', stage: 'customer', last_call_date: '2025-04-23T14:35:12Z' });
    expect((await api.call('call_def456')).body.contact.name).toBe('Johnathan Doe');
    expect((await api.calls('?limit=100')).body.calls.find((c: any) => c.id === 'call_def456').contact).toEqual({ id: 789, name: 'Johnathan Doe', email: 'jd@acme.example.com', company: 'Acme Inc' });
    // the default world still serves the documented example
    expect((await sandbox.call('/api/v1/calls/123', { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } })).body.contact.name).toBe('John Doe');
  });
});

describe('Do Not Call, wherever it is marked', () => {
  const api = client('across-dnc');
  const other = client('across-dnc', 'klen_test_other_team');

  it('a seeded number marked do_not_call (Jane Smith’s) is refused', async () => {
    expect((await api.initiate({ phone_number: '+15559876543', agent_id: 123 })).body).toEqual({ error: 'do_not_call', message: 'The phone number is on your Do Not Call list' });
    // the list is the team's: another team may call it
    expect((await other.initiate({ phone_number: '+15559876543', agent_id: 512 })).status).toBe(201);
  });

  it('a created contact’s number marked do_not_call is refused at once; unmarking it allows the call', async () => {
    const contact = (await api.createContact({ first_name: 'Dana', phone_numbers: [{ phone_number: '+15550177001', do_not_call: true }] })).body;
    expect((await api.initiate({ phone_number: '+15550177001', agent_id: 123 })).status).toBe(403);
    const phone = contact.phone_numbers[0];
    await api.patchContact(contact.id, { phone_numbers: [{ id: phone.id, phone_number: phone.phone_number, do_not_call: false }] });
    expect((await api.initiate({ phone_number: '+15550177001', agent_id: 123 })).status).toBe(201);
  });

  it('marking a seeded contact’s number do_not_call by update is refused from then on', async () => {
    expect((await api.initiate({ phone_number: '+15552345678', agent_id: 123 })).status).toBe(201);
    await api.patchContact(789, { phone_numbers: [{ id: 457, phone_number: '+15552345678', do_not_call: true }] });
    expect((await api.initiate({ phone_number: '+15552345678', agent_id: 123 })).body.error).toBe('do_not_call');
    // a number changed on the contact leaves the list; the new one is on it
    await api.patchContact(789, { phone_numbers: [{ id: 457, phone_number: '+15552345679', do_not_call: true }] });
    expect((await api.initiate({ phone_number: '+15552345678', agent_id: 123 })).status).toBe(201);
    expect((await api.initiate({ phone_number: '+15552345679', agent_id: 123 })).status).toBe(403);
  });
});

describe('calls to a contact', () => {
  const api = client('across-lifecycle');

  it('contact_id links the call to that contact; an unknown or another team’s contact is a declared 400', async () => {
    const contact = (await api.createContact({ first_name: 'Lin', last_name: 'Park', email: 'lin@example.com', company: 'Park & Co' })).body;
    const created = await api.initiate({ phone_number: '+15550188001', agent_id: 456, contact_id: contact.id });
    expect(created.status).toBe(201);
    expect((await api.call(created.body.id)).body.contact).toEqual({ id: contact.id, name: 'Lin Park', email: 'lin@example.com', company: 'Park & Co', status: 'not_contacted', stage: 'lead', last_call_date: null });
    expect((await api.calls()).body.calls[0].contact).toEqual({ id: contact.id, name: 'Lin Park', email: 'lin@example.com', company: 'Park & Co' });
    for (const id of [999_999, 802]) {
      expect((await api.initiate({ phone_number: '+15550188001', agent_id: 456, contact_id: id })).body).toEqual({ error: 'validation_error', message: `Invalid request: /contact_id ${id} is not a contact of your team` });
    }
  });

  it('without contact_id, a call to a contact’s number is linked to that contact, also a number added by update', async () => {
    const contact = (await api.createContact({ first_name: 'Ola', phone_numbers: [{ phone_number: '+15550188002' }] })).body;
    expect((await api.call((await api.initiate({ phone_number: '+15550188002', agent_id: 123 })).body.id)).body.contact.id).toBe(contact.id);
    await api.patchContact(contact.id, { phone_numbers: [{ phone_number: '+15550188003' }] });
    expect((await api.call((await api.initiate({ phone_number: '+15550188003', agent_id: 123 })).body.id)).body.contact.id).toBe(contact.id);
  });

  it('a completed call moves the contact’s last_call_date and status, and leaves a call note with its summary', async () => {
    const contact = (await api.createContact({ first_name: 'Mia', phone_numbers: [{ phone_number: '+15550188004' }] })).body;
    await api.advance(60);
    const { body: queued } = await api.initiate({ phone_number: '+15550188004', agent_id: 123 });
    await api.advance(12); // connects at +2 s, ends at +12 s
    const ended = (await api.call(queued.id)).body.ended_at;
    expect(ended).toBe('2025-05-01T12:01:12Z');
    let now = (await api.contact(contact.id)).body;
    expect(now).toMatchObject({ last_call_date: ended, status: 'contacted', status_display: 'Contacted', recent_notes: [] });
    expect((await api.contacts('?search=mia')).body.contacts[0]).toMatchObject({ last_call_date: ended, status: 'contacted' });
    await api.advance(4); // transcript, then summary
    const summary = (await api.call(queued.id)).body.summary;
    now = (await api.contact(contact.id)).body;
    expect(now.recent_notes).toEqual([{ id: expect.any(Number), content: summary, created_at: '2025-05-01T12:01:16Z', note_type: 'call_note', call_result: 'completed' }]);
  });

  it('a failed call leaves a note with the reason, and no last call date', async () => {
    const contact = (await api.createContact({ first_name: 'Noor', phone_numbers: [{ phone_number: '+15005550002' }] })).body;
    const { body } = await api.initiate({ phone_number: '+15005550002', agent_id: 123 });
    await api.advance(2);
    expect((await api.call(body.id)).body.status).toBe('failed');
    const now = (await api.contact(contact.id)).body;
    expect(now.last_call_date).toBeNull();
    expect(now.recent_notes).toEqual([{ id: expect.any(Number), content: 'Call to +15005550002 failed: busy.', created_at: expect.any(String), note_type: 'call_note', call_result: 'busy' }]);
  });

  it('keeps the 10 most recent notes', async () => {
    const contact = (await api.createContact({ first_name: 'Oz', phone_numbers: [{ phone_number: '+15005550001' }] })).body;
    for (let i = 0; i < 12; i += 1) await api.initiate({ phone_number: '+15005550001', agent_id: 123, contact_id: contact.id });
    await api.advance(2);
    const notes = (await api.contact(contact.id)).body.recent_notes;
    expect(notes).toHaveLength(10);
    expect(notes.map((n: any) => n.id)).toEqual([...notes.map((n: any) => n.id)].sort((a, b) => a - b));
  });
});

describe('context personalises the simulated call', () => {
  const api = client('across-personal');

  it('the request’s variables, the contact’s stored context and the business context show in the transcript and summary', async () => {
    const contact = (await api.createContact({ first_name: 'Rae', phone_numbers: [{ phone_number: '+15550199100' }] })).body;
    await api.setContext(contact.id, { variables: { membership_level: 'Platinum', renewal_month: 'June' }, auto_create_variables: true });
    await api.setBusiness({ variables: { support_hours: 'Weekdays 8-20', current_promotion: null } });
    const { body } = await api.initiate({ phone_number: '+15550199100', agent_id: 123, variables: { customer_name: 'Rae Lee', appointment_time: 'Tuesday 3pm', order_number: 'A-1001' } });
    await api.advance(30);
    const call = (await api.call(body.id)).body;
    expect(call.transcript).toContain('Agent: Hello Rae Lee, this is Appointment Scheduler from Sales Team.');
    expect(call.transcript).toContain('Agent: I am calling to confirm your appointment for Tuesday 3pm.');
    expect(call.transcript).toContain('Agent: I see your order number is A-1001.');
    expect(call.transcript).toContain('Agent: I see your membership level is Platinum.');
    expect(call.transcript).toContain('Agent: I see your renewal month is June.');
    expect(call.transcript).toContain('Agent: Before you go, from Sales Team: support hours: Weekdays 8-20.');
    expect(call.summary).toBe(
      "Appointment Scheduler called Rae Lee at +15550199100. The customer confirmed the appointment for Tuesday 3pm. The agent reviewed the customer's order number (A-1001), membership level (Platinum), renewal month (June). The agent shared the business's support hours (Weekdays 8-20). The call ended normally.",
    );
  });
});

describe('team scoping', () => {
  const mine = client('across-teams');
  const theirs = client('across-teams', 'klen_test_other_team');

  it('another team’s contacts and variables are absent from lists and 404 everywhere', async () => {
    const created = (await mine.createContact({ first_name: 'Private', email: 'private@example.com' })).body;
    await mine.setContext(created.id, { variables: { secret_code: 'x' }, auto_create_variables: true });
    expect((await theirs.contacts('?search=private')).body.count).toBe(0);
    expect((await theirs.contact(created.id)).status).toBe(404);
    expect((await theirs.patchContact(created.id, { first_name: 'Mine now' })).status).toBe(404);
    expect((await theirs.setContext(created.id, { variables: {} })).status).toBe(404);
    expect((await theirs.variables()).body.variables.map((v: any) => v.name)).not.toContain('secret_code');
    expect((await mine.variables()).body.variables.map((v: any) => v.name)).toContain('secret_code');
  });
});
