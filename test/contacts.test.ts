/**
 * The Contacts API over HTTP: Get Contacts (filters, search, pages, order), Get Contact Details,
 * Create Contact (every documented field and default, the documented errors), and Update Contact
 * by PUT (a full update) and PATCH (a partial one). Manual clock: dates are exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedErrors, requestExample } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const LIST = '/api/v1/contacts';
const CREATE = '/api/v1/contacts/create';
const DETAIL = '/api/v1/contacts/{contact_id}';
const UPDATE = '/api/v1/contacts/{contact_id}/update';
const NOW = '2025-05-01T12:00:00Z';

interface ContactFixture {
  id: number;
  first_name: string;
  last_name: string | null;
  full_name: string;
  email: string | null;
  stage: string;
  status: string;
  tags: string[];
  created_date: string;
  team: { id: number };
  phone_numbers: Array<{ phone_number: string; primary: boolean }>;
}
const CONTACTS = JSON.parse(readFileSync(new URL('../fixtures/contacts.json', import.meta.url), 'utf8')) as ContactFixture[];
const newestFirst = (a: ContactFixture, b: ContactFixture) => Date.parse(b.created_date) - Date.parse(a.created_date) || b.id - a.id;
const teamContacts = (team: number) => CONTACTS.filter((c) => c.team.id === team).sort(newestFirst);

/** Requests as one key, in one session (a fresh world per describe block). */
function client(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session };
  const json = { ...headers, 'Content-Type': 'application/json' };
  return {
    list: (query = '') => sandbox.call(`${LIST}${query}`, { headers }, LIST),
    get: (id: number | string, extra: Record<string, string> = {}) => sandbox.call(`${LIST}/${id}`, { headers: { ...headers, ...extra } }, DETAIL),
    create: (body: unknown, extra: Record<string, string> = {}) => sandbox.call(CREATE, { method: 'POST', headers: { ...json, ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) }, CREATE),
    put: (id: number, body: unknown) => sandbox.call(`${LIST}/${id}/update`, { method: 'PUT', headers: json, body: JSON.stringify(body) }, UPDATE),
    patch: (id: number, body: unknown, extra: Record<string, string> = {}) => sandbox.call(`${LIST}/${id}/update`, { method: 'PATCH', headers: { ...json, ...extra }, body: JSON.stringify(body) }, UPDATE),
  };
}

describe('GET /api/v1/contacts', () => {
  const api = client('contacts-list');

  it('answers the first page: 25 of the team’s contacts, newest first, with count and pages', async () => {
    const team = teamContacts(101);
    const { status, body } = await api.list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ count: team.length, page: 1, limit: 25, pages: Math.ceil(team.length / 25) });
    expect(body.contacts.map((c: any) => c.id)).toEqual(team.slice(0, 25).map((c) => c.id));
    // the last page holds the rest, a page past it is empty
    const last = await api.list(`?page=${body.pages}`);
    expect(last.body.contacts.map((c: any) => c.id)).toEqual(team.slice((body.pages - 1) * 25).map((c) => c.id));
    expect((await api.list(`?page=${body.pages + 1}`)).body).toMatchObject({ count: team.length, contacts: [] });
  });

  it('gives each item the Get Contacts shape of the contact: phone is the primary number, team its team', async () => {
    const { body } = await api.list('?search=jane.smith');
    expect(body.contacts).toEqual([
      {
        id: 124,
        first_name: 'Jane',
        last_name: 'Smith',
        full_name: 'Jane Smith',
        email: 'jane.smith@example.com',
        company: 'XYZ Inc',
        stage: 'customer',
        status: 'active',
        phone: '+15559876543',
        created_date: '2025-01-10T08:45:00Z',
        last_call_date: '2025-04-20T11:30:00Z',
        tags: ['Customer', 'Enterprise'],
        team: { id: 101, name: 'Sales Team' },
      },
    ]);
    // and every item is its detail object, in the list's fields
    for (const item of (await api.list('?limit=100')).body.contacts) {
      const detail = (await api.get(item.id)).body;
      for (const field of ['id', 'first_name', 'last_name', 'full_name', 'email', 'company', 'stage', 'status', 'created_date', 'last_call_date', 'tags', 'team'] as const) expect(item[field]).toEqual(detail[field]);
      expect(item.phone).toBe(detail.phone_numbers.find((p: any) => p.primary)?.phone_number ?? null);
    }
  });

  it.each([
    ['stage=qualified_lead', (c: ContactFixture) => c.stage === 'qualified_lead'],
    ['status=not_contacted', (c: ContactFixture) => c.status === 'not_contacted'],
    ['tag=vip', (c: ContactFixture) => c.tags.some((t) => t.toLowerCase() === 'vip')],
    ['tag=Hot%20Lead', (c: ContactFixture) => c.tags.includes('Hot Lead')],
    ['search=DOE', (c: ContactFixture) => [c.first_name, c.last_name, c.full_name, c.email].some((t) => t?.toLowerCase().includes('doe'))],
    ['search=john%20doe', (c: ContactFixture) => c.full_name.toLowerCase().includes('john doe')],
    ['search=example.com&stage=lead&status=not_contacted', (c: ContactFixture) => (c.email ?? '').includes('example.com') && c.stage === 'lead' && c.status === 'not_contacted'],
  ])('filters by %s (the filters combine)', async (query, matches) => {
    const expected = teamContacts(101).filter(matches);
    expect(expected.length).toBeGreaterThan(0);
    const { body } = await api.list(`?${query}&limit=100`);
    expect(body.count).toBe(expected.length);
    expect(body.contacts.map((c: any) => c.id)).toEqual(expected.map((c) => c.id));
  });

  it('searches names in any script, ignoring case', async () => {
    const named = CONTACTS.find((c) => c.team.id === 101 && /[^\u0000-\u007f]/.test(c.full_name)) as ContactFixture;
    const part = (named.last_name ?? named.first_name).toUpperCase();
    const { body } = await api.list(`?search=${encodeURIComponent(part)}&limit=100`);
    expect(body.contacts.map((c: any) => c.id)).toContain(named.id);
  });

  it('lists only the key’s team’s contacts', async () => {
    const other = client('contacts-list', 'klen_test_other_team');
    const { body } = await other.list('?limit=100');
    expect(body.contacts.map((c: any) => c.id)).toEqual(teamContacts(202).map((c) => c.id));
    expect((await other.list('?search=john%20doe')).body.count).toBe(0);
  });

  it.each([
    ['limit=101', 'query parameter limit must be <= 100'],
    ['limit=0', 'query parameter limit must be >= 1'],
    ['page=0', 'query parameter page must be >= 1'],
    ['stage=Qualified%20Lead', 'query parameter stage must match pattern "^[a-z][a-z0-9_]*$"'],
  ])('answers %s with 400 validation_error naming the parameter', async (query, message) => {
    expect((await api.list(`?${query}`)).body).toEqual({ error: 'validation_error', message: `Invalid request: ${message}` });
  });

  it('answers every documented error on demand', async () => {
    for (const { status, code, message } of documentedErrors(LIST, 'get')) {
      const res = await sandbox.call(LIST, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Error': code } }, LIST);
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });
});

describe('GET /api/v1/contacts/{contact_id}', () => {
  const api = client('contacts-detail');

  it('answers John Doe, the contact of the documented call, with the Get Contact Details page’s values', async () => {
    const { status, body } = await api.get(789);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 789,
      first_name: 'John',
      last_name: 'Doe',
      full_name: 'John Doe',
      email: 'john.doe@example.com',
      company: 'Acme Corp',
      website: 'https://acme.example.com',
      stage: 'qualified_lead',
      stage_display: 'Qualified Lead',
      status: 'contacted',
      status_display: 'Contacted',
      address: { street: '123 Main St', city: 'San Francisco', state: 'CA', zip_code: '94105', country: 'US' },
      timezone: 'America/Los_Angeles',
      created_date: '2025-03-15T10:30:00Z',
      // the documented call's end, which Get Call Details shows as his last call
      last_call_date: '2025-04-23T14:35:12Z',
      tags: ['VIP', 'Interested', 'Follow-up'],
      custom_context: { lead_source: 'Website', budget: '$5,000-$10,000', decision_maker: true },
      team: { id: 101, name: 'Sales Team' },
    });
    expect(body.phone_numbers).toEqual([
      { id: 456, phone_number: '+15551234567', phone_type: 'mobile', primary: true, do_not_call: false, dnc_date: null, dnc_reason: null },
      { id: 457, phone_number: '+15552345678', phone_type: 'work', primary: false, do_not_call: false, dnc_date: null, dnc_reason: null },
    ]);
    expect(body.recent_notes.slice(0, 2).map((n: any) => n.id)).toEqual([789, 790]);
  });

  it('shows a Do Not Call number with its date and reason (Jane Smith)', async () => {
    expect((await api.get(124)).body.phone_numbers).toEqual([
      { id: 459, phone_number: '+15559876543', phone_type: 'mobile', primary: true, do_not_call: true, dnc_date: '2025-04-20T11:35:00Z', dnc_reason: 'The customer asked not to be called' },
    ]);
  });

  it('answers another team’s contact exactly like a missing one', async () => {
    const missing = await api.get(999_999);
    const other = await client('contacts-detail', 'klen_test_other_team').get(789);
    expect([missing.status, missing.body]).toEqual([404, { error: 'not_found', message: 'Contact not found or you do not have access' }]);
    expect([other.status, other.body]).toEqual([missing.status, missing.body]);
    expect((await client('contacts-detail', 'klen_test_other_team').get(802)).status).toBe(200);
  });

  it.each([['abc'], ['1.5'], ['0'], ['2147483648']])('answers contact_id %s with 400 validation_error', async (id) => {
    const { status, body } = await api.get(id);
    expect(status).toBe(400);
    expect(body.error).toBe('validation_error');
    expect(body.message).toContain('path parameter contact_id');
  });

  it('answers every documented error on demand, and refuses keys as documented', async () => {
    for (const { status, code, message } of documentedErrors(DETAIL, 'get')) {
      const res = await api.get(789, { 'X-Mock-Error': code });
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
    expect((await client('contacts-detail', 'klen_test_no_permissions').get(789)).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_read_contacts permission' });
  });
});

describe('POST /api/v1/contacts/create', () => {
  const api = client('contacts-create');
  /** The Create Contact page's Example Request Body, as openapi.yaml holds it. */
  const documented = requestExample('/api/v1/contacts/create', 'post');

  it('creates the documented example: 201, Location, the whole contact, as Get Contact Details then shows it', async () => {
    const { status, headers, body } = await api.create(documented);
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/contacts/${body.id}`);
    expect(body).toEqual({
      id: body.id,
      first_name: 'John',
      last_name: 'Doe',
      full_name: 'John Doe',
      email: 'john.doe@example.com',
      company: 'Acme Corp',
      website: 'https://acme.example.com',
      stage: 'lead',
      stage_display: 'Lead',
      status: 'not_contacted',
      status_display: 'Not Contacted',
      address: { street: '123 Main St', city: 'San Francisco', state: 'CA', zip_code: '94105', country: 'US' },
      timezone: 'America/Los_Angeles',
      created_date: NOW,
      last_call_date: null,
      phone_numbers: [
        { id: expect.any(Number), phone_number: '+15551234567', phone_type: 'mobile', primary: true, do_not_call: false, dnc_date: null, dnc_reason: null },
        { id: expect.any(Number), phone_number: '+15552345678', phone_type: 'work', primary: false, do_not_call: false, dnc_date: null, dnc_reason: null },
      ],
      tags: ['New Lead', 'Website Inquiry'],
      recent_notes: [],
      custom_context: {},
      industry_context: {},
      team: { id: 101, name: 'Sales Team' },
    });
    expect((await sandbox.call(headers.get('location') as string, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': 'contacts-create' } }, DETAIL)).body).toEqual(body);
    // newest first: it heads the list
    expect((await api.list('?limit=1')).body.contacts[0].id).toBe(body.id);
  });

  it('fills in the documented defaults: country US, status not_contacted, stage lead; the first number is primary', async () => {
    const { body } = await api.create({ first_name: 'Ada', phone_numbers: [{ phone_number: '+442079460000' }, { phone_number: '+442079460001', phone_type: 'home' }] });
    expect(body).toMatchObject({ first_name: 'Ada', last_name: null, full_name: 'Ada', email: null, stage: 'lead', status: 'not_contacted', timezone: null });
    expect(body.address).toEqual({ street: null, city: null, state: null, zip_code: null, country: 'US' });
    expect(body.phone_numbers.map((p: any) => [p.phone_type, p.primary])).toEqual([['mobile', true], ['home', false]]);
  });

  it('derives the timezone from the address, keeps custom fields, normalizes defined context variables and tags', async () => {
    const { body } = await api.create({
      first_name: 'Émile',
      last_name: 'Zoë',
      country: 'GB',
      tags: ['VIP', 'VIP', 'Referral'],
      custom_context: { membership_level: 'Gold', last_payment_date: '2025-04-01', lead_source: 'Fair', nested: { a: [1, 2] } },
      industry_context: { industry: 'Retail' },
    });
    expect(body).toMatchObject({ full_name: 'Émile Zoë', timezone: 'Europe/London', tags: ['VIP', 'Referral'], industry_context: { industry: 'Retail' } });
    expect(body.custom_context).toEqual({ membership_level: 'Gold', last_payment_date: '2025-04-01', lead_source: 'Fair', nested: { a: [1, 2] } });
  });

  it('marks a number Do Not Call at once: dnc_date now, the API’s reason', async () => {
    const { body } = await api.create({ first_name: 'Dee', phone_numbers: [{ phone_number: '+15550199001', do_not_call: true }] });
    expect(body.phone_numbers[0]).toMatchObject({ do_not_call: true, dnc_date: NOW, dnc_reason: 'Marked do_not_call through the API' });
  });

  it.each([
    ['no first_name', 'missing_first_name', { last_name: 'Doe' }, 'First name is required'],
    ['an empty first_name', 'missing_first_name', { first_name: '' }, 'First name is required'],
    ['a first_name of spaces', 'missing_first_name', { first_name: '   ' }, 'First name is required'],
    ['a first_name that is not a string', 'validation_error', { first_name: 5 }, 'Invalid request: /first_name must be string'],
    ['an email that is not one', 'validation_error', { first_name: 'A', email: 'not-an-email' }, 'Invalid request: /email must match format "email"'],
    ['a number that is not E.164', 'validation_error', { first_name: 'A', phone_numbers: [{ phone_number: '555-1234' }] }, 'Invalid request: /phone_numbers/0/phone_number must match pattern "^\\+[1-9][0-9]{1,14}$"'],
    ['two primary numbers', 'validation_error', { first_name: 'A', phone_numbers: [{ phone_number: '+15550100001', primary: true }, { phone_number: '+15550100002', primary: true }] }, 'Invalid request: at most one phone number can be primary'],
    ['a number listed twice', 'validation_error', { first_name: 'A', phone_numbers: [{ phone_number: '+15550100001' }, { phone_number: '+15550100001' }] }, 'Invalid request: phone number +15550100001 is listed twice'],
    ['a phone number id (a new contact has none)', 'validation_error', { first_name: 'A', phone_numbers: [{ id: 456, phone_number: '+15550100001' }] }, 'Invalid request: /phone_numbers/0/id 456 is not a phone number of this contact (leave the id out to add a number)'],
    ['a context value that does not fit its variable', 'validation_error', { first_name: 'A', custom_context: { membership_level: 'Diamond' } }, 'Invalid request: /custom_context/membership_level is a select context variable: it must be one of "Bronze", "Silver", "Gold", "Platinum"'],
    ['a stage that is not snake_case', 'validation_error', { first_name: 'A', stage: 'Hot Lead' }, 'Invalid request: /stage must match pattern "^[a-z][a-z0-9_]*$"'],
  ])('answers %s with 400 %s', async (_name, code, body, message) => {
    const res = await api.create(body);
    expect([res.status, res.body]).toEqual([400, { error: code, message }]);
  });

  it('answers a body that is not JSON with 400 invalid_json', async () => {
    expect((await api.create('{"first_name": ')).body).toEqual({ error: 'invalid_json', message: 'Invalid JSON payload' });
  });

  it('assigns the key’s team: another team is 403 team_access_denied, an unknown one 404 team_not_found', async () => {
    expect((await api.create({ first_name: 'A', team_id: 101 })).status).toBe(201);
    expect((await api.create({ first_name: 'A', team_id: 202 })).body).toEqual({ error: 'team_access_denied', message: 'You do not have access to this team' });
    expect((await api.create({ first_name: 'A', team_id: 999 })).body).toEqual({ error: 'team_not_found', message: 'Team not found' });
  });

  it('takes the documented permission, can_read_contacts (sic), and nothing stored on refusal', async () => {
    const before = (await api.list()).body.count;
    expect((await client('contacts-create', 'klen_test_read_only').create({ first_name: 'Read Only' })).status).toBe(201);
    expect((await client('contacts-create', 'klen_test_no_permissions').create({ first_name: 'Nobody' })).body).toEqual({
      error: 'permission_denied',
      message: 'This API key does not have can_read_contacts permission',
    });
    expect((await api.create({ first_name: 'A', team_id: 202 })).status).toBe(403);
    expect((await api.list()).body.count).toBe(before + 1);
  });

  it('numbers new contacts the same way in every world', async () => {
    const a = await client('contacts-ids-a').create({ first_name: 'A' });
    const b = await client('contacts-ids-b').create({ first_name: 'B' });
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.id).toBe(Math.max(...CONTACTS.map((c) => c.id)) + 1);
  });

  it('answers every documented error on demand', async () => {
    for (const { status, code, message } of documentedErrors(CREATE, 'post')) {
      const res = await api.create({ first_name: 'A' }, { 'X-Mock-Error': code });
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });
});

describe('PUT and PATCH /api/v1/contacts/{contact_id}/update', () => {
  const api = client('contacts-update');

  it('PATCH changes only the fields sent; tags replace the old list', async () => {
    const before = (await api.get(789)).body;
    const { status, body } = await api.patch(789, { email: 'john@acme.example.com', status: 'interested', stage: 'customer', tags: ['Qualified', 'High Priority'] });
    expect(status).toBe(200);
    expect(body).toEqual({ ...before, email: 'john@acme.example.com', status: 'interested', status_display: 'Interested', stage: 'customer', stage_display: 'Customer', tags: ['Qualified', 'High Priority'] });
    expect((await api.get(789)).body).toEqual(body);
  });

  it('PATCH phone numbers: an id updates that number (only the fields sent), no id adds one, the others stay', async () => {
    const { body } = await api.patch(789, {
      phone_numbers: [
        { id: 457, phone_number: '+15552345678', do_not_call: true },
        { phone_number: '+15553456789', phone_type: 'home', primary: true },
      ],
    });
    expect(body.phone_numbers).toEqual([
      { id: 456, phone_number: '+15551234567', phone_type: 'mobile', primary: false, do_not_call: false, dnc_date: null, dnc_reason: null },
      { id: 457, phone_number: '+15552345678', phone_type: 'work', primary: false, do_not_call: true, dnc_date: NOW, dnc_reason: 'Marked do_not_call through the API' },
      { id: expect.any(Number), phone_number: '+15553456789', phone_type: 'home', primary: true, do_not_call: false, dnc_date: null, dnc_reason: null },
    ]);
    // clearing Do Not Call clears its date and reason
    const cleared = (await api.patch(789, { phone_numbers: [{ id: 457, phone_number: '+15552345678', do_not_call: false }] })).body;
    expect(cleared.phone_numbers[1]).toMatchObject({ do_not_call: false, dnc_date: null, dnc_reason: null });
  });

  it('PATCH null clears an optional field; {} changes nothing; the address re-derives the timezone', async () => {
    const before = (await api.get(124)).body;
    expect((await api.patch(124, {})).body).toEqual(before);
    const { body } = await api.patch(124, { last_name: null, company: null, state: 'NY', city: 'New York' });
    expect(body).toMatchObject({ last_name: null, full_name: 'Jane', company: null, timezone: 'America/New_York', address: { ...before.address, state: 'NY', city: 'New York' } });
  });

  it('PUT replaces the whole contact: what it leaves out goes back to its default, numbers not listed are removed', async () => {
    const before = (await api.get(800)).body;
    const keep = before.phone_numbers[0];
    const { status, body } = await api.put(800, { first_name: 'Tracy', phone_numbers: [{ id: keep.id, phone_number: keep.phone_number }, { phone_number: '+15550123123' }] });
    expect(status).toBe(200);
    expect(body).toEqual({
      ...before,
      first_name: 'Tracy',
      last_name: null,
      full_name: 'Tracy',
      email: null,
      company: null,
      website: null,
      stage: 'lead',
      stage_display: 'Lead',
      status: 'not_contacted',
      status_display: 'Not Contacted',
      address: { street: null, city: null, state: null, zip_code: null, country: 'US' },
      timezone: null,
      phone_numbers: [keep, { id: expect.any(Number), phone_number: '+15550123123', phone_type: 'mobile', primary: false, do_not_call: false, dnc_date: null, dnc_reason: null }],
      tags: [],
      custom_context: {},
      industry_context: {},
      // what clients do not write stays
      created_date: before.created_date,
      last_call_date: before.last_call_date,
      recent_notes: before.recent_notes,
    });
  });

  it.each([
    ['PUT without first_name', 'missing_first_name', 'put', { last_name: 'X' }],
    ['PATCH emptying first_name', 'missing_first_name', 'patch', { first_name: '' }],
    ['a phone number id of another contact', 'validation_error', 'patch', { phone_numbers: [{ id: 459, phone_number: '+15559876543' }] }],
    ['the same number id twice', 'validation_error', 'patch', { phone_numbers: [{ id: 456, phone_number: '+15551234567' }, { id: 456, phone_number: '+15551234567' }] }],
  ] as const)('answers %s with 400 %s and changes nothing', async (_name, code, method, body) => {
    const before = (await api.get(789)).body;
    const res = method === 'put' ? await api.put(789, body) : await api.patch(789, body);
    expect([res.status, res.body.error]).toEqual([400, code]);
    expect((await api.get(789)).body).toEqual(before);
  });

  it('answers a missing or another team’s contact with 404 not_found, another team_id with 403, an unknown team with 404', async () => {
    expect((await api.patch(999_999, { status: 'contacted' })).body).toEqual({ error: 'not_found', message: 'Contact not found or you do not have access' });
    expect((await client('contacts-update', 'klen_test_other_team').patch(789, { status: 'contacted' })).status).toBe(404);
    expect((await api.patch(789, { team_id: 202 })).body.error).toBe('team_access_denied');
    expect((await api.put(789, { first_name: 'John', team_id: 4242 })).body).toEqual({ error: 'team_not_found', message: 'Team not found' });
  });

  it('answers every documented error on demand, for PUT and PATCH', async () => {
    for (const method of ['put', 'patch'] as const) {
      for (const { status, code, message } of documentedErrors(UPDATE, method)) {
        const res = await sandbox.call(`${LIST}/789/update`, { method: method.toUpperCase(), headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json', 'X-Mock-Error': code }, body: '{}' }, UPDATE);
        expect([res.status, res.body]).toEqual([status, { error: code, message }]);
      }
    }
  });
});

describe('contacts live in worlds', () => {
  it('a session’s writes are its own, and a reset restores the seed', async () => {
    const a = client('contacts-world-a');
    const created = (await a.create({ first_name: 'Only In A' })).body;
    await a.patch(789, { first_name: 'Johnny' });
    expect((await client('contacts-world-b').get(created.id)).status).toBe(404);
    expect((await client('contacts-world-b').get(789)).body.first_name).toBe('John');
    expect((await sandbox.call(`${LIST}/789`, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } }, DETAIL)).body.first_name).toBe('John');
    await fetch(`${sandbox.url}/__mock/sessions/contacts-world-a/reset`, { method: 'POST' });
    expect((await a.get(created.id)).status).toBe(404);
    expect((await a.get(789)).body.first_name).toBe('John');
  });
});
