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
  it.each([
    ['a call whose agent is of another team', 'calls.json', (c: any[]) => (c[3].agent = { id: 456, name: 'Sales Representative', assistant_id: 'assistant_abc123' }), "calls.json: record 3 (id 126): /agent/id 456 belongs to team 101, not to the call's team 202"],
    ['a call whose agent is renamed', 'calls.json', (c: any[]) => (c[0].agent.name = 'Someone'), 'calls.json: record 0 (id 123): /agent differs from agents.json (id 456 is "Sales Representative", assistant_abc123)'],
    ['a call of an unknown team', 'calls.json', (c: any[]) => (c[0].team = { id: 999, name: 'Nobody' }), 'calls.json: record 0 (id 123): /team/id 999 is not a team of teams.json'],
    ['a contact that differs between two calls', 'calls.json', (c: any[]) => (c[1].contact = { ...c[0].contact, name: 'Jane Doe' }), 'calls.json: record 1 (id 124): /contact (id 789) differs from the same contact in record 0'],
    ['an agent whose can_make_calls contradicts its number', 'agents.json', (a: any[]) => (a[3].can_make_calls = true), 'agents.json: record 3 (id 458): /can_make_calls must be true exactly when the agent has a phone_number'],
    ['an agent of an unknown team', 'agents.json', (a: any[]) => (a[0].team_id = 999), 'agents.json: record 0 (id 123): /team_id 999 is not a team of teams.json'],
    ['a duplicate assistant_id', 'agents.json', (a: any[]) => (a[1].assistant_id = 'assistant_ghi789'), 'agents.json: record 1: /assistant_id "assistant_ghi789" is already used by record 0'],
    ['a key of an unknown team', 'keys.json', (k: any[]) => (k[0].team_id = 999), 'keys.json: record 0 (key "klen_abcdef123456789"): /team_id 999 is not a team of teams.json'],
    ['a team without a rate', 'teams.json', (t: any[]) => delete t[0].rate_per_minute, "teams.json: record 0 (id 101): / must have required property 'rate_per_minute'"],
    ['a Do Not Call number that is not E.164', 'do-not-call.json', (d: any[]) => (d[0].phone_number = '555'), 'do-not-call.json: record 0 (phone_number 555): /phone_number must match pattern'],
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
    const error = await startupError({ fixtures: fixtureDir({ 'contacts.json': [] }) });
    expect(error.message).toMatch(/contacts\.json: not a fixture file klen-mock reads \(it reads calls\.json, agents\.json, teams\.json, do-not-call\.json, keys\.json\)$/);
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
    expect(server.info.keys).toBe(7);
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
