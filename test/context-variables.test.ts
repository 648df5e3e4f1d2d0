/**
 * The Context Variables API over HTTP: the definitions (list, create, update by PUT and PATCH,
 * delete, the default system variables), and setting values for a contact and for the business
 * profile, with the pages' type validation and auto-creation.
 */
import { describe, expect, it } from 'vitest';
import { adminViolations, documentedErrors } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const LIST = '/api/v1/context-variables';
const CREATE = '/api/v1/context-variables/create';
const UPDATE = '/api/v1/context-variables/{variable_id}/update';
const DELETE = '/api/v1/context-variables/{variable_id}/delete';
const CONTACT_CONTEXT = '/api/v1/contacts/{contact_id}/context';
const BUSINESS_CONTEXT = '/api/v1/business/context';

function client(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const send = (method: string, path: string, template: string, body?: unknown, extra: Record<string, string> = {}) =>
    sandbox.call(path, { method, headers: { ...json, ...extra }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) }, template);
  return {
    list: (query = '') => sandbox.call(`${LIST}${query}`, { headers }, LIST),
    create: (body: unknown, extra?: Record<string, string>) => send('POST', CREATE, CREATE, body, extra),
    update: (method: 'PUT' | 'PATCH', id: number | string, body: unknown) => send(method, `/api/v1/context-variables/${id}/update`, UPDATE, body),
    remove: (id: number | string) => send('DELETE', `/api/v1/context-variables/${id}/delete`, DELETE),
    setContact: (id: number, body: unknown) => send('POST', `/api/v1/contacts/${id}/context`, CONTACT_CONTEXT, body),
    setBusiness: (body: unknown) => send('POST', BUSINESS_CONTEXT, BUSINESS_CONTEXT, body),
    contact: (id: number) => sandbox.call(`/api/v1/contacts/${id}`, { headers }, '/api/v1/contacts/{contact_id}'),
    businessContext: async () => {
      const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/business-context`);
      const body = (await res.json()) as any;
      expect(adminViolations('/__mock/sessions/{name}/business-context', 'get', res.status, body)).toEqual([]);
      return body.teams as Array<{ team_id: number; business_context: Record<string, unknown> }>;
    },
  };
}

const DOCUMENTED_LIST = [
  { id: 1, name: 'last_payment_date', display_name: 'Last Payment Date', description: "Date of customer's last payment", variable_type: 'date', context_type: 'contact', is_default: false, select_options: null },
  { id: 2, name: 'membership_level', display_name: 'Membership Level', description: "Customer's current membership tier", variable_type: 'select', context_type: 'contact', is_default: false, select_options: ['Bronze', 'Silver', 'Gold', 'Platinum'] },
  { id: 3, name: 'support_hours', display_name: 'Support Hours', description: 'Business support hours', variable_type: 'text', context_type: 'business', is_default: true, select_options: null },
];

describe('GET /api/v1/context-variables', () => {
  const api = client('variables-list');

  it('lists the team’s own definitions and the default system ones, in id order, the documented three first', async () => {
    const { status, body } = await api.list();
    expect(status).toBe(200);
    expect(body.variables.map((v: any) => v.id)).toEqual([1, 2, 3, 4, 5, 9]);
    expect(body.count).toBe(6);
    expect(body.variables.slice(0, 3)).toEqual(DOCUMENTED_LIST);
    expect(body.variables.filter((v: any) => v.is_default).map((v: any) => v.name)).toEqual(['support_hours', 'preferred_language', 'best_time_to_call']);
  });

  it('filters by context_type, and another team sees its own and the defaults only', async () => {
    expect((await api.list('?context_type=business')).body.variables.map((v: any) => v.name)).toEqual(['support_hours', 'current_promotion']);
    expect((await api.list('?context_type=contact')).body.count).toBe(4);
    expect((await client('variables-list', 'klen_test_other_team').list()).body.variables.map((v: any) => v.id)).toEqual([3, 4, 5, 6, 7, 8]);
    expect((await api.list('?context_type=team')).body).toEqual({ error: 'validation_error', message: 'Invalid request: query parameter context_type must be equal to one of the allowed values' });
  });

  it('answers every documented error on demand; reading needs can_read_contacts', async () => {
    for (const { status, code, message } of documentedErrors(LIST, 'get')) {
      const res = await sandbox.call(LIST, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Error': code } }, LIST);
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
    expect((await client('variables-list', 'klen_test_read_only').list()).status).toBe(200);
  });
});

describe('POST /api/v1/context-variables/create', () => {
  const api = client('variables-create');

  it('creates the documented example in another team (team 101 has it already): 201, the documented response, then listed', async () => {
    const other = client('variables-create', 'klen_test_other_team');
    const body = { name: 'membership_level', display_name: 'Membership Level', description: "Customer's membership tier", variable_type: 'select', context_type: 'contact', select_options: ['Bronze', 'Silver', 'Gold', 'Platinum'] };
    const created = await other.create(body);
    expect([created.status, created.body]).toEqual([201, { id: 10, name: 'membership_level', display_name: 'Membership Level', message: 'Variable definition created successfully' }]);
    expect((await other.list()).body.variables.at(-1)).toEqual({ id: 10, ...body, is_default: false });
    // not visible to team 101, which has its own
    expect((await api.list()).body.variables.filter((v: any) => v.name === 'membership_level').map((v: any) => v.id)).toEqual([2]);
  });

  it('answers a name the team already sees in that context type with 400 duplicate_variable (a default one too)', async () => {
    const duplicate = await api.create({ name: 'membership_level', display_name: 'Tier', variable_type: 'text', context_type: 'contact' });
    expect([duplicate.status, duplicate.body]).toEqual([400, { error: 'duplicate_variable', message: 'A contact variable named "membership_level" already exists (id 2)' }]);
    expect((await api.create({ name: 'support_hours', display_name: 'Hours', variable_type: 'text', context_type: 'business' })).body.error).toBe('duplicate_variable');
    // names are unique within their context type: the same name as a business variable is fine
    expect((await api.create({ name: 'membership_level', display_name: 'Partner tier', variable_type: 'text', context_type: 'business' })).status).toBe(201);
  });

  it.each([
    ['no name', { display_name: 'X', variable_type: 'text', context_type: 'contact' }, 'missing_parameter', 'Missing required parameter: name'],
    ['an empty display_name', { name: 'x', display_name: '', variable_type: 'text', context_type: 'contact' }, 'missing_parameter', 'Missing required parameter: display_name'],
    ['no variable_type', { name: 'x', display_name: 'X', context_type: 'contact' }, 'missing_parameter', 'Missing required parameter: variable_type'],
    ['no context_type', { name: 'x', display_name: 'X', variable_type: 'text' }, 'missing_parameter', 'Missing required parameter: context_type'],
    ['nothing at all (the first parameter is named)', {}, 'missing_parameter', 'Missing required parameter: name'],
    ['a select variable without options', { name: 'tier', display_name: 'Tier', variable_type: 'select', context_type: 'contact' }, 'missing_parameter', 'Missing required parameter: select_options (a select variable needs its options)'],
    ['options on a text variable', { name: 'x', display_name: 'X', variable_type: 'text', context_type: 'contact', select_options: ['a'] }, 'validation_error', 'Invalid request: /select_options is only for select variables'],
    ['a name that is not lowercase snake_case', { name: 'Last Payment', display_name: 'X', variable_type: 'text', context_type: 'contact' }, 'validation_error', 'Invalid request: /name must be lowercase letters, digits and underscores, start with a letter, and have at most 64 characters'],
    ['an unknown type', { name: 'x', display_name: 'X', variable_type: 'money', context_type: 'contact' }, 'validation_error', 'Invalid request: /variable_type must be equal to one of the allowed values'],
  ])('answers %s with 400', async (_name, body, code, message) => {
    const res = await api.create(body);
    expect([res.status, res.body]).toEqual([400, { error: code, message }]);
  });

  it('needs can_write_contacts, and answers every documented error on demand', async () => {
    const body = { name: 'x', display_name: 'X', variable_type: 'text', context_type: 'contact' };
    expect((await client('variables-create', 'klen_test_read_only').create(body)).body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_write_contacts permission' });
    for (const { status, code, message } of documentedErrors(CREATE, 'post')) {
      const res = await api.create(body, { 'X-Mock-Error': code });
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });
});

describe('PUT and PATCH /api/v1/context-variables/{variable_id}/update', () => {
  const api = client('variables-update');

  it('applies the documented PUT example: the fields sent change, the others stay', async () => {
    const res = await api.update('PUT', 2, { display_name: 'Updated Display Name', description: 'Updated description', select_options: ['Option 1', 'Option 2', 'Option 3'] });
    expect([res.status, res.body]).toEqual([200, { id: 2, name: 'membership_level', display_name: 'Updated Display Name', message: 'Variable definition updated successfully' }]);
    expect((await api.list()).body.variables[1]).toEqual({ ...DOCUMENTED_LIST[1], display_name: 'Updated Display Name', description: 'Updated description', select_options: ['Option 1', 'Option 2', 'Option 3'] });
  });

  it('PATCH changes a type: to text drops the options; to select needs them', async () => {
    expect((await api.update('PATCH', 1, { variable_type: 'select' })).body).toEqual({ error: 'validation_error', message: 'Invalid request: a select variable needs /select_options' });
    expect((await api.update('PATCH', 1, { variable_type: 'text', select_options: ['a'] })).body.error).toBe('validation_error');
    await api.update('PATCH', 2, { variable_type: 'text' });
    expect((await api.list()).body.variables[1]).toMatchObject({ variable_type: 'text', select_options: null });
    // the name and context type may come back unchanged (a client that PUTs back what it read)
    expect((await api.update('PUT', 2, { name: 'membership_level', context_type: 'contact', description: null })).status).toBe(200);
    expect((await api.list()).body.variables[1].description).toBeNull();
  });

  it('refuses to change the name or context type, a default variable, another team’s', async () => {
    expect((await api.update('PATCH', 1, { name: 'paid_on' })).body).toEqual({ error: 'validation_error', message: 'Invalid request: /name cannot be changed (delete the definition and create a new one)' });
    expect((await api.update('PUT', 1, { context_type: 'business' })).body.error).toBe('validation_error');
    expect((await api.update('PATCH', 3, { display_name: 'Hours' })).body).toEqual({ error: 'update_not_allowed', message: 'Cannot modify default variables' });
    expect((await api.update('PATCH', 6, { display_name: 'Renewal' })).body).toEqual({ error: 'not_found', message: 'Variable definition not found' });
    expect((await api.update('PATCH', 999, {})).status).toBe(404);
    expect((await api.update('PATCH', 'abc', {})).body.error).toBe('validation_error');
  });

  it('answers every documented error on demand, for PUT and PATCH', async () => {
    for (const method of ['put', 'patch'] as const) {
      for (const { status, code, message } of documentedErrors(UPDATE, method)) {
        const res = await sandbox.call('/api/v1/context-variables/1/update', { method: method.toUpperCase(), headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json', 'X-Mock-Error': code }, body: '{}' }, UPDATE);
        expect([res.status, res.body]).toEqual([status, { error: code, message }]);
      }
    }
  });
});

describe('DELETE /api/v1/context-variables/{variable_id}/delete', () => {
  const api = client('variables-delete');

  it('deletes a definition (the documented response); the values already stored stay; the name can be defined again', async () => {
    await api.setContact(789, { variables: { membership_level: 'Gold' } });
    const res = await api.remove(2);
    expect([res.status, res.body]).toEqual([200, { message: 'Variable definition deleted successfully' }]);
    expect((await api.list()).body.variables.map((v: any) => v.id)).toEqual([1, 3, 4, 5, 9]);
    expect((await api.contact(789)).body.custom_context.membership_level).toBe('Gold');
    // without its definition the value can no longer be set, only removed (null needs no definition)
    expect((await api.setContact(789, { variables: { membership_level: 'Silver' } })).body.error).toBe('undefined_variable');
    expect((await api.setContact(789, { variables: { membership_level: null } })).status).toBe(200);
    expect((await api.contact(789)).body.custom_context).not.toHaveProperty('membership_level');
    expect((await api.remove(2)).status).toBe(404);
    expect((await api.create({ name: 'membership_level', display_name: 'Tier', variable_type: 'text', context_type: 'contact' })).status).toBe(201);
  });

  it('refuses a default variable (403 delete_not_allowed), another team’s or a missing one (404)', async () => {
    expect((await api.remove(3)).body).toEqual({ error: 'delete_not_allowed', message: 'Cannot delete default variables' });
    expect((await api.remove(7)).body).toEqual({ error: 'not_found', message: 'Variable definition not found' });
    expect((await api.remove(4242)).status).toBe(404);
    for (const { status, code, message } of documentedErrors(DELETE, 'delete')) {
      const res = await sandbox.call('/api/v1/context-variables/1/delete', { method: 'DELETE', headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Error': code } }, DELETE);
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });
});

describe('POST /api/v1/contacts/{contact_id}/context', () => {
  const api = client('context-contact');

  it('sets the documented example: values land in custom_context, undefined ones are created with an inferred type', async () => {
    const body = { variables: { last_payment_date: '2023-12-01', membership_level: 'Gold', account_balance: 250.5, is_active: true }, auto_create_variables: true };
    const res = await api.setContact(789, body);
    expect([res.status, res.body]).toEqual([200, { message: 'Contact context variables updated successfully', contact_id: 789 }]);
    expect((await api.contact(789)).body.custom_context).toEqual({ lead_source: 'Website', budget: '$5,000-$10,000', decision_maker: true, ...body.variables });
    const created = (await api.list()).body.variables.filter((v: any) => v.id > 9);
    expect(created).toEqual([
      { id: 10, name: 'account_balance', display_name: 'Account Balance', description: null, variable_type: 'number', context_type: 'contact', is_default: false, select_options: null },
      { id: 11, name: 'is_active', display_name: 'Is Active', description: null, variable_type: 'boolean', context_type: 'contact', is_default: false, select_options: null },
    ]);
  });

  it('checks every value against its type, as the pages’ table says, and stores it normalized', async () => {
    await api.setContact(124, { variables: { account_balance: '42', is_active: 'YES', since: '2024-02-29T08:00:00Z', note: 'hi' }, auto_create_variables: true });
    const { custom_context } = (await api.contact(124)).body;
    expect(custom_context).toMatchObject({ account_balance: 42, is_active: true, since: '2024-02-29T08:00:00Z', note: 'hi' });
    expect((await api.list()).body.variables.find((v: any) => v.name === 'since').variable_type).toBe('date');
  });

  it.each([
    ['a select value that is no option', { membership_level: 'Diamond' }, 'Invalid value for "membership_level" (a select variable): expected one of "Bronze", "Silver", "Gold", "Platinum", got "Diamond"'],
    ['a date that is no calendar date', { last_payment_date: '2023-02-30' }, 'Invalid value for "last_payment_date" (a date variable): expected an ISO date ("2023-12-01") or date-time ("2023-01-15T14:30:00Z"), got "2023-02-30"'],
    ['a number that is not one', { account_balance: 'lots' }, 'Invalid value for "account_balance" (a number variable): expected a number or a numeric string, got "lots"'],
    ['a boolean word it does not know', { is_active: 'maybe' }, 'Invalid value for "is_active" (a boolean variable): expected true, false, or one of "true", "false", "yes", "no", "1", "0", got "maybe"'],
    ['a number for a text variable', { best_time_to_call: 9 }, 'Invalid value for "best_time_to_call" (a text variable): expected a string of at most 10000 characters, got 9'],
  ])('answers %s with 400 invalid_value naming the variable, and stores nothing', async (_name, variables, message) => {
    const before = (await api.contact(789)).body.custom_context;
    const res = await api.setContact(789, { variables: { preferred_language: 'French', ...variables } });
    expect([res.status, res.body]).toEqual([400, { error: 'invalid_value', message }]);
    expect((await api.contact(789)).body.custom_context).toEqual(before);
  });

  it('answers an undefined variable with 400 undefined_variable unless auto-create is on; an object cannot be auto-created', async () => {
    expect((await api.setContact(789, { variables: { favourite_colour: 'green' } })).body).toEqual({
      error: 'undefined_variable',
      message: 'Variable "favourite_colour" is not defined for contact context (create it first, or send "auto_create_variables": true)',
    });
    // a business variable is not a contact one
    expect((await api.setContact(789, { variables: { support_hours: '9-5' } })).body.error).toBe('undefined_variable');
    expect((await api.setContact(789, { variables: { prefs: { a: 1 } }, auto_create_variables: true })).body.error).toBe('invalid_value');
    expect((await api.setContact(789, { variables: { 'Bad Name': 1 }, auto_create_variables: true })).body.error).toBe('validation_error');
    expect((await api.setContact(789, { auto_create_variables: true })).body).toEqual({ error: 'validation_error', message: 'Invalid request: /variables is required' });
  });

  it('merges: names not sent keep their values and place, null removes one', async () => {
    await api.setContact(800, { variables: { preferred_language: 'German', best_time_to_call: 'mornings' } });
    const before = (await api.contact(800)).body.custom_context;
    await api.setContact(800, { variables: { preferred_language: 'Polish', best_time_to_call: null } });
    const after = (await api.contact(800)).body.custom_context;
    expect(Object.keys(after)).toEqual(Object.keys(before).filter((k) => k !== 'best_time_to_call'));
    expect(after.preferred_language).toBe('Polish');
  });

  it('answers a missing or another team’s contact with 404, and needs can_write_contacts', async () => {
    expect((await api.setContact(999_999, { variables: {} })).body).toEqual({ error: 'not_found', message: 'Contact not found or you do not have access' });
    expect((await api.setContact(802, { variables: {} })).status).toBe(404);
    expect((await client('context-contact', 'klen_test_read_only').setContact(789, { variables: {} })).body.error).toBe('permission_denied');
    for (const { status, code, message } of documentedErrors(CONTACT_CONTEXT, 'post')) {
      const res = await sandbox.call('/api/v1/contacts/789/context', { method: 'POST', headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json', 'X-Mock-Error': code }, body: '{"variables":{}}' }, CONTACT_CONTEXT);
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });
});

describe('POST /api/v1/business/context', () => {
  const api = client('context-business');

  it('sets the team’s business variables, auto-creates business ones, and the admin API shows them', async () => {
    const res = await api.setBusiness({ variables: { support_hours: 'Mon-Sat 8am-8pm', office_hours: '9-5', after_hours: 'no' }, auto_create_variables: true });
    expect([res.status, res.body]).toEqual([200, { message: 'Business context variables updated successfully' }]);
    const teams = await api.businessContext();
    expect(teams.find((t) => t.team_id === 101)?.business_context).toEqual({ support_hours: 'Mon-Sat 8am-8pm', current_promotion: '10% off annual plans until June 30', office_hours: '9-5', after_hours: 'no' });
    // another team's profile is untouched
    expect(teams.find((t) => t.team_id === 202)?.business_context).toEqual({ support_hours: '24/7', after_hours_support: true });
    expect((await api.list('?context_type=business')).body.variables.map((v: any) => [v.name, v.variable_type])).toEqual([
      ['support_hours', 'text'],
      ['current_promotion', 'text'],
      ['office_hours', 'text'],
      ['after_hours', 'text'],
    ]);
  });

  it('checks types as for contacts (team 202’s boolean), and names business variables only', async () => {
    const other = client('context-business', 'klen_test_other_team');
    expect((await other.setBusiness({ variables: { after_hours_support: 'no' } })).status).toBe(200);
    expect((await api.businessContext()).find((t) => t.team_id === 202)?.business_context.after_hours_support).toBe(false);
    expect((await other.setBusiness({ variables: { after_hours_support: 'sometimes' } })).body.error).toBe('invalid_value');
    expect((await api.setBusiness({ variables: { membership_level: 'Gold' } })).body.error).toBe('undefined_variable');
    for (const { status, code, message } of documentedErrors(BUSINESS_CONTEXT, 'post')) {
      const res = await sandbox.call(BUSINESS_CONTEXT, { method: 'POST', headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'Content-Type': 'application/json', 'X-Mock-Error': code }, body: '{"variables":{}}' }, BUSINESS_CONTEXT);
      expect([res.status, res.body]).toEqual([status, { error: code, message }]);
    }
  });

  it('is part of the world: a reset restores the seed’s business context and definitions', async () => {
    await fetch(`${sandbox.url}/__mock/sessions/context-business/reset`, { method: 'POST' });
    expect((await api.businessContext()).find((t) => t.team_id === 101)?.business_context).toEqual({ support_hours: 'Mon-Fri 9am-5pm PT', current_promotion: '10% off annual plans until June 30' });
    expect((await api.list()).body.count).toBe(6);
  });
});
