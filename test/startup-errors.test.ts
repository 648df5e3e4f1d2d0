import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMockServer, silentLogger, StartupError } from '../src/index.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';

async function startupError(options: Parameters<typeof createMockServer>[0]): Promise<StartupError> {
  const error = await createMockServer({ logger: silentLogger, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

describe('bad fixtures stop start-up with one message naming file, record and field', () => {
  it('a field that breaks the Call schema', async () => {
    const calls = shippedCalls();
    calls[3]!.contact.email = 'not-an-email';
    const dir = fixtureDir({ 'calls.json': calls });
    const error = await startupError({ fixtures: dir });
    expect(error.message).toBe(`${path.join(dir, 'calls.json')}: record 3 (id 126): /contact/email must match format "email"`);
  });

  it.each([
    ['a wrong type', (c: any) => (c.duration_seconds = '267'), '/duration_seconds must be integer,null'],
    ['an undocumented field', (c: any) => (c.sentiment = 'happy'), '/ has a property the contract does not allow: "sentiment"'],
    ['a missing field', (c: any) => delete c.billing, "/ must have required property 'billing'"],
    ['a status outside the enum', (c: any) => (c.status = 'ringing'), '/status must be one of "queued", "in-progress", "completed", "failed"'],
    ['a phone number that is not E.164', (c: any) => (c.phone_number = '555-1234'), '/phone_number must match pattern'],
  ])('%s', async (_name, edit, detail) => {
    const calls = shippedCalls();
    edit(calls[0]);
    const error = await startupError({ fixtures: fixtureDir({ 'calls.json': calls }) });
    expect(error.message).toContain(`calls.json: record 0 (id 123): ${detail}`);
  });

  it('a duplicate id, or a call_id that reads as another call’s id', async () => {
    const calls = shippedCalls();
    calls[5]!.id = 123;
    expect((await startupError({ fixtures: fixtureDir({ 'calls.json': calls }) })).message).toContain('record 5 (id 123): /id "123" is already used by record 0');
    const calls2 = shippedCalls();
    calls2[5]!.call_id = '123';
    expect((await startupError({ fixtures: fixtureDir({ 'calls.json': calls2 }) })).message).toContain('/call_id "123" is only digits: it would read as a database id');
    const calls3 = shippedCalls();
    calls3[5]!.call_id = 'call_def456';
    expect((await startupError({ fixtures: fixtureDir({ 'calls.json': calls3 }) })).message).toContain('/call_id "call_def456" is already used by record 0');
  });

  const shipped = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
  const byId = (records: any[], id: number) => records.find((r) => r.id === id);
  it.each([
    ['a call whose agent is of another team', 'calls.json', (c: any[]) => (c[3].agent = { id: 456, name: 'Sales Representative', assistant_id: 'assistant_abc123' }), "calls.json: record 3 (id 126): /agent/id 456 belongs to team 101, not to the call's team 202"],
    ['a call whose agent is renamed', 'calls.json', (c: any[]) => (c[0].agent.name = 'Someone'), 'calls.json: record 0 (id 123): /agent differs from agents.json (id 456 is "Sales Representative", assistant_abc123)'],
    ['a call of an unknown team', 'calls.json', (c: any[]) => (c[0].team = { id: 999, name: 'Nobody' }), 'calls.json: record 0 (id 123): /team/id 999 is not a team of teams.json'],
    ['a call whose contact differs from contacts.json', 'calls.json', (c: any[]) => (c[1].contact = { ...c[0].contact, name: 'Jane Doe' }), 'calls.json: record 1 (id 124): /contact/name "Jane Doe" differs from contact 789 in contacts.json ("John Doe")'],
    ['a call of a contact contacts.json lacks', 'calls.json', (c: any[]) => (c[0].contact.id = 4242), 'calls.json: record 0 (id 123): /contact/id 4242 is not a contact of contacts.json'],
    ['a call to a number its contact does not have', 'calls.json', (c: any[]) => (c[0].phone_number = '+15550000000'), 'calls.json: record 0 (id 123): /phone_number +15550000000 is not a number of its contact 789 (contacts.json)'],
    ['a contact whose full_name is not its names', 'contacts.json', (c: any[]) => (byId(c, 789).full_name = 'Johnny Doe'), '(id 789): /full_name must be "John Doe" (derived from the contact\'s other fields)'],
    ['a contact whose stage_display is not its stage', 'contacts.json', (c: any[]) => (byId(c, 789).stage_display = 'Qualified'), '(id 789): /stage_display must be "Qualified Lead"'],
    ['a contact with two primary numbers', 'contacts.json', (c: any[]) => (byId(c, 789).phone_numbers[1].primary = true), '(id 789): /phone_numbers must have exactly one primary number, has 2'],
    ['a Do Not Call number without its date', 'contacts.json', (c: any[]) => (byId(c, 789).phone_numbers[1].do_not_call = true), '(id 789): /phone_numbers/1/dnc_date must be set exactly when do_not_call is true'],
    ['a phone number id used twice', 'contacts.json', (c: any[]) => (byId(c, 124).phone_numbers[0].id = 456), '(id 789): /phone_numbers/0/id 456 is already used by contact record'],
    ['a contact of an unknown team', 'contacts.json', (c: any[]) => (byId(c, 789).team = { id: 999, name: 'Nobody' }), '(id 789): /team/id 999 is not a team of teams.json'],
    ['a timezone that is not IANA', 'contacts.json', (c: any[]) => (byId(c, 789).timezone = 'Mars/Olympus_Mons'), '(id 789): /timezone "Mars/Olympus_Mons" is not an IANA timezone'],
    ['a context value outside its select options', 'contacts.json', (c: any[]) => (byId(c, 124).custom_context.membership_level = 'Diamond'), '(id 124): /custom_context/membership_level "Diamond" does not fit the select variable 2: it must be one of "Bronze", "Silver", "Gold", "Platinum"'],
    ['a context value not stored normalized', 'contacts.json', (c: any[]) => (byId(c, 789).custom_context.last_payment_date = '2025-02-30'), '(id 789): /custom_context/last_payment_date "2025-02-30" does not fit the date variable 1'],
    ['a default variable that belongs to a team', 'context-variables.json', (v: any[]) => (v[2].team_id = 101), 'context-variables.json: record 2 (id 3): /is_default must be true exactly when team_id is null'],
    ['a select variable without options', 'context-variables.json', (v: any[]) => (v[1].select_options = null), 'context-variables.json: record 1 (id 2): /select_options must be a list exactly when variable_type is "select"'],
    ['a variable name a team already sees', 'context-variables.json', (v: any[]) => (v[8].name = 'support_hours'), 'context-variables.json: record 8 (id 9): /name "support_hours" is already a business variable (id 3) that the same team sees'],
    ['business context of an undefined variable', 'teams.json', (t: any[]) => (t[0].business_context.office_hours = '9-5'), 'teams.json: record 0 (id 101): /business_context/office_hours is not a business variable of context-variables.json that the team sees'],
    ['business context of the wrong type', 'teams.json', (t: any[]) => (t[1].business_context.after_hours_support = 'yes'), 'teams.json: record 1 (id 202): /business_context/after_hours_support must be stored normalized: true, not "yes"'],
    ['a Do Not Call number of a contact', 'do-not-call.json', (d: any[]) => d.push({ team_id: 101, phone_number: '+15552345678', reason: 'x' }), 'do-not-call.json: record 3 (phone_number +15552345678): is a number of contact 789 (contacts.json): mark it "do_not_call": true there instead'],
    ['an agent whose can_make_calls contradicts its number', 'agents.json', (a: any[]) => (a[3].can_make_calls = true), 'agents.json: record 3 (id 458): /can_make_calls must be true exactly when the agent has a phone_number'],
    ['an agent of an unknown team', 'agents.json', (a: any[]) => (a[0].team_id = 999), 'agents.json: record 0 (id 123): /team_id 999 is not a team of teams.json'],
    ['a duplicate assistant_id', 'agents.json', (a: any[]) => (a[1].assistant_id = 'assistant_ghi789'), 'agents.json: record 1: /assistant_id "assistant_ghi789" is already used by record 0'],
    ['a key of an unknown team', 'keys.json', (k: any[]) => (k[0].team_id = 999), 'keys.json: record 0 (key "klen_abcdef123456789"): /team_id 999 is not a team of teams.json'],
    ['a team without a rate', 'teams.json', (t: any[]) => delete t[0].rate_per_minute, "teams.json: record 0 (id 101): / must have required property 'rate_per_minute'"],
    ['a Do Not Call number that is not E.164', 'do-not-call.json', (d: any[]) => (d[0].phone_number = '555'), 'do-not-call.json: record 0 (phone_number 555): /phone_number must match pattern'],
    ['an event of an unknown team', 'calendar-events.json', (e: any[]) => (e[0].team_id = 999), 'calendar-events.json: record 0 (id 123): /team_id 999 is not a team of teams.json'],
    ['an event whose agent is of another team', 'calendar-events.json', (e: any[]) => (e[0].ai_agent_id = 512), 'calendar-events.json: record 0 (id 123): /ai_agent_id 512 belongs to team 202, not to the event\'s team 101'],
    ['an event that ends before it starts', 'calendar-events.json', (e: any[]) => (e[0].end_time = '2025-05-01T13:00:00.000Z'), 'calendar-events.json: record 0 (id 123): /end_time 2025-05-01T13:00:00.000Z must be after /start_time 2025-05-01T14:00:00.000Z'],
    ['an event with both fixed and relative times', 'calendar-events.json', (e: any[]) => Object.assign(e[0], { starts: { day: 1, time: '10:00' }, duration_minutes: 30 }), 'calendar-events.json: record 0 (id 123): /start_time cannot be given with /starts'],
    ['an event without times', 'calendar-events.json', (e: any[]) => delete e[0].start_time, 'calendar-events.json: record 0 (id 123): needs /start_time, /end_time, /created_at and /updated_at, or /starts and /duration_minutes'],
    ['an event time without milliseconds', 'calendar-events.json', (e: any[]) => (e[0].start_time = '2025-05-01T14:00:00Z'), 'calendar-events.json: record 0 (id 123): /start_time must match pattern'],
    ['a UUID used twice', 'calendar-events.json', (e: any[]) => (e[1].uuid = e[0].uuid), 'calendar-events.json: record 1 (id 124): /uuid f47ac10b-58cc-4372-a567-0e02b2c3d479 is already used by record 0'],
    ['a calendar timezone that is not IANA', 'teams.json', (t: any[]) => (t[0].calendar.timezone = 'Pacific Time'), 'teams.json: record 0 (id 101): /calendar/timezone "Pacific Time" is not an IANA timezone'],
    ['working hours that overlap', 'teams.json', (t: any[]) => (t[1].calendar.working_hours.monday = [['08:00', '12:00'], ['11:00', '18:00']]), 'teams.json: record 1 (id 202): /calendar/working_hours/monday/1: 11:00–18:00 overlaps the interval before it'],
    ['working hours that end before they start', 'teams.json', (t: any[]) => (t[0].calendar.working_hours.friday = [['17:00', '09:00']]), 'teams.json: record 0 (id 101): /calendar/working_hours/friday/0: 17:00 must be before 09:00'],
  ])('%s', async (_name, file, edit, detail) => {
    const records = shipped(file);
    edit(records);
    const error = await startupError({ fixtures: fixtureDir({ [file]: records }) });
    expect(error.message).toContain(detail);
  });

  it('invalid JSON', async () => {
    const error = await startupError({ fixtures: fixtureDir({ 'calls.json': '[{"id": 1,' }) });
    expect(error.message).toMatch(/calls\.json: is not valid JSON: /);
  });

  it('not an array', async () => {
    const error = await startupError({ fixtures: fixtureDir({ 'keys.json': { keys: [] } }) });
    expect(error.message).toMatch(/keys\.json: must contain a JSON array of records$/);
  });

  it('a key with an unknown permission', async () => {
    const keys = JSON.parse(readFileSync(new URL('../fixtures/keys.json', import.meta.url), 'utf8'));
    keys[1].permissions = ['can_read_everything'];
    const error = await startupError({ fixtures: fixtureDir({ 'keys.json': keys }) });
    expect(error.message).toContain('keys.json: record 1 (key "klen_test_no_permissions"): /permissions/0 must be one of "can_read_calls"');
  });

  it('a JSON file klen-mock does not read (so nothing is silently ignored)', async () => {
    const error = await startupError({ fixtures: fixtureDir({ 'events.json': [] }) });
    expect(error.message).toMatch(/events\.json: not a fixture file klen-mock reads \(it reads calls\.json, agents\.json, teams\.json, contacts\.json, context-variables\.json, do-not-call\.json, calendar-events\.json, keys\.json\)$/);
  });

  it('a directory that does not exist', async () => {
    const error = await startupError({ fixtures: '/nonexistent/klen-fixtures' });
    expect(error.message).toBe('/nonexistent/klen-fixtures: fixtures directory does not exist');
  });
});

describe('a user fixtures directory', () => {
  it('replaces the shipped files it contains and keeps the others', async () => {
    const only = shippedCalls().slice(0, 2);
    const dir = fixtureDir({ 'calls.json': only });
    const server = await createMockServer({ fixtures: dir, logger: silentLogger });
    expect(server.info.calls).toBe(2);
    expect(server.info.keys).toBe(8);
    expect(server.info.fixtures['calls.json']).toBe(path.join(dir, 'calls.json'));
    const url = await server.listen(0);
    const res = await fetch(`${url}/api/v1/calls/124`, { headers: { 'X-API-Key': 'klen_abcdef123456789' } });
    expect(res.status).toBe(200);
    expect((await fetch(`${url}/api/v1/calls/125`, { headers: { 'X-API-Key': 'klen_abcdef123456789' } })).status).toBe(404);
    await server.close();
    await server.close(); // idempotent
  });
});

describe('a broken contract stops start-up naming the file and the field', () => {
  const contractText = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

  it('an operation without x-klen-permission', async () => {
    const dir = fixtureDir({ 'openapi.yaml': contractText.replace('      x-klen-permission: can_read_calls\n', '') });
    const error = await startupError({ contract: path.join(dir, 'openapi.yaml') });
    expect(error.message).toContain('openapi.yaml: paths["/api/v1/calls"].get.x-klen-permission is missing');
  });

  it('an error code without a named example', async () => {
    const dir = fixtureDir({ 'openapi.yaml': contractText.replace('            invalid_key:\n              summary: The API key is invalid or inactive\n', '            invalid_keys:\n              summary: The API key is invalid or inactive\n') });
    const error = await startupError({ contract: path.join(dir, 'openapi.yaml') });
    expect(error.message).toContain('.examples["invalid_key"] must be { error: "invalid_key", message: "…" }');
  });

  it('a document that is not valid OpenAPI', async () => {
    const dir = fixtureDir({ 'openapi.yaml': contractText.replace('openapi: 3.1.0', 'openapi: 3.1.0\nbogus: true') });
    const error = await startupError({ contract: path.join(dir, 'openapi.yaml') });
    expect(error.message).toMatch(/openapi\.yaml: .*bogus/);
  });

  it('YAML that does not parse', async () => {
    const dir = fixtureDir({ 'openapi.yaml': 'openapi: 3.1.0\ninfo: [\n' });
    const error = await startupError({ contract: path.join(dir, 'openapi.yaml') });
    expect(error.message).toMatch(/openapi\.yaml: /);
  });
});
