/**
 * Export and import of a world through the admin API: a colleague who imports a world reads
 * exactly what its author wrote, through every endpoint, and its timeline goes on; an import that
 * does not fit the sandbox is refused as fixtures are, naming the field, and changes nothing.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminViolations } from './helpers/contract.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';
import { readEverything, startWorldClient as start, writeEverything, type WorldClient } from './helpers/world-contents.js';

/** A receiver no delivery reaches (deliveries are not what these tests look at). */
const HOOK = 'http://127.0.0.1:9/hook';

async function exported(api: WorldClient, name: string): Promise<{ status: number; body: any; disposition: string | null }> {
  const res = await fetch(`${api.url}/__mock/sessions/${name}/export`);
  return { status: res.status, body: await res.json(), disposition: res.headers.get('content-disposition') };
}

/** A world written through every endpoint, in `bug-42` of a manual-clock sandbox, and its export. */
async function authoredWorld() {
  const author = await start({ clock: 'manual' });
  const ids = await writeEverything(author, 'bug-42', HOOK);
  // the call connects; its end, transcript and the rest are still on the timeline
  await author.admin('POST', '/sessions/bug-42/clock/advance', { seconds: 3 });
  const before = await readEverything(author, 'bug-42', ids);
  const file = await exported(author, 'bug-42');
  return { author, ids, before, file };
}

describe('GET /__mock/sessions/{name}/export and POST …/import', () => {
  it('hands a world to another sandbox: it reads back the same through every endpoint, and its timeline goes on', async () => {
    const { ids, before, file } = await authoredWorld();
    expect(file.status).toBe(200);
    expect(file.disposition).toBe('attachment; filename="klen-mock-world-bug-42.json"');
    expect(file.body).toMatchObject({ format: 'klen-mock-world', version: 1, world: { name: 'bug-42' } });
    expect(adminViolations('/__mock/sessions/{name}/export', 'get', 200, file.body)).toEqual([]);
    expect(before.call.status).toBe('in-progress');

    const colleague = await start({ clock: 'manual' });
    const imported = await colleague.admin('POST', '/sessions/bug-42/import', file.body);
    expect(imported.status).toBe(200);
    expect(adminViolations('/__mock/sessions/{name}/import', 'post', 200, imported.body)).toEqual([]);
    expect(imported.body).toMatchObject({ imported: { name: 'bug-42', from: { name: 'bug-42', saved_at: file.body.saved_at } }, session: { name: 'bug-42', callsCreated: 1 } });
    expect(await readEverything(colleague, 'bug-42', ids)).toEqual(before);

    // the call goes on from where the author's clock left it
    await colleague.admin('POST', '/sessions/bug-42/clock/advance', { seconds: 60 });
    const ended = (await colleague.request('GET', `/api/v1/calls/${ids.call}`, undefined, 'bug-42')).body;
    expect(ended).toMatchObject({ status: 'completed', duration_seconds: 10 });
    // and ids go on after the imported ones
    const next = await colleague.request('POST', '/api/v1/contacts/create', { first_name: 'Next', phone_numbers: [{ phone_number: '+14155550177' }] }, 'bug-42');
    expect(next.body.id).toBe(ids.contact + 1);
  });

  it('imports under another name, or into the default world, replacing what was there', async () => {
    const { ids, before, file } = await authoredWorld();
    const colleague = await start({ clock: 'manual' });
    await colleague.request('POST', '/api/v1/contacts/create', { first_name: 'Overwritten', phone_numbers: [{ phone_number: '+14155550188' }] });
    for (const target of ['default', 'repro']) {
      expect((await colleague.admin('POST', `/sessions/${target}/import`, file.body)).status).toBe(200);
      const after = await readEverything(colleague, target === 'default' ? undefined : target, ids);
      const apiOnly = ({ worldEvents, webhooks, deliveries, ...api }: typeof before) => api;
      expect(apiOnly(after)).toEqual(apiOnly(before));
      expect(after.webhooks.webhooks).toEqual(before.webhooks.webhooks);
      expect(after.contacts.contacts.some((c: any) => c.first_name === 'Overwritten')).toBe(false);
    }
  });

  it('is the file a data directory saves: dropped into one, the world is there after a start', async () => {
    const { ids, before, file } = await authoredWorld();
    const dir = mkdtempSync(path.join(tmpdir(), 'klen-mock-data-'));
    await (await start({ dataDir: dir, clock: 'manual' })).server.close();
    writeFileSync(path.join(dir, 'worlds', 'session-bug-42.json'), JSON.stringify(file.body));
    const restarted = await start({ dataDir: dir, clock: 'manual' });
    expect(await readEverything(restarted, 'bug-42', ids)).toEqual(before);
  });

  it('is saved at once by a data directory, like any write', async () => {
    const { ids, before, file } = await authoredWorld();
    const dir = mkdtempSync(path.join(tmpdir(), 'klen-mock-data-'));
    const first = await start({ dataDir: dir, clock: 'manual' });
    expect((await first.admin('POST', '/sessions/shared/import', file.body)).status).toBe(200);
    await first.server.close();
    const copy = mkdtempSync(path.join(tmpdir(), 'klen-mock-data-'));
    cpSync(dir, copy, { recursive: true });
    const second = await start({ dataDir: copy, clock: 'manual' });
    const after = await readEverything(second, 'shared', ids);
    expect(after.contact).toEqual(before.contact);
    expect(after.calls).toEqual(before.calls);
  });

  it('answers 404 for a session that does not exist', async () => {
    const api = await start({});
    expect(await exported(api, 'nobody')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});

describe('an import that does not fit is refused, naming the field, and changes nothing', () => {
  /** `file` with `edit` applied to a deep copy. */
  const edited = (file: any, edit: (copy: any) => void) => {
    const copy = structuredClone(file);
    edit(copy);
    return copy;
  };

  it.each([
    ['not an exported world', () => ({ hello: 'world' }), 400, /^This is not a world exported by klen-mock \(no "format": "klen-mock-world"\)/],
    ['a newer format', (f: any) => edited(f, (c) => (c.version = 99)), 400, /exported by a newer klen-mock \(format 99; this one reads 1\)/],
    ['a contact the contract refuses', (f: any) => edited(f, (c) => (c.world.contacts.created[0].email = 'not an email')), 400, /^\/world\/contacts\/created\/0\/email must match format "email"/],
    ['a contact of a team the fixtures lack', (f: any) => edited(f, (c) => (c.world.contacts.created[0].team.id = 999)), 400, /^\/world\/contacts\/created\/0\/team\/id 999 is not a team of this sandbox's fixtures/],
    ['a call with an unknown status', (f: any) => edited(f, (c) => (c.world.calls[0].status = 'teleported')), 400, /^\/world\/calls\/0\/status must be one of "queued", "in-progress", "completed", "failed"/],
    ['a call of an agent the fixtures lack', (f: any) => edited(f, (c) => (c.world.calls[0].agent_id = 31337)), 400, /^\/world\/calls\/0\/agent_id 31337 is not an agent/],
    ['a calendar event with an extra field', (f: any) => edited(f, (c) => (c.world.calendar.changed[0].colour = 'red')), 400, /^\/world\/calendar\/changed\/0 has a property the contract does not allow: "colour"/],
    ['a webhook to a URL deliveries cannot use', (f: any) => edited(f, (c) => (c.world.webhooks.webhooks[0].url = 'ftp://example.com/hook')), 400, /^\/world\/webhooks\/webhooks\/0\/url must be an absolute http or https URL/],
    ['a webhook for an undocumented event', (f: any) => edited(f, (c) => (c.world.webhooks.webhooks[0].subscribed_events = ['call.teleported'])), 400, /^\/world\/webhooks\/webhooks\/0\/subscribed_events\/0 must be one of "call.started"/],
    ['a scheduled step of a call the world lacks', (f: any) => edited(f, (c) => (c.world.clock.tasks.find((t: any) => t.task.kind === 'call').task.callId = 99999)), 400, /^\/world\/clock\/tasks\/\d+\/task\/callId 99999 is not a call in \/world\/calls/],
    ['a delivery of a webhook the world lacks', (f: any) => edited(f, (c) => (c.world.deliveries.deliveries[0].webhook_id = 77)), 400, /^\/world\/deliveries\/deliveries\/0\/webhook_id 77 is not a webhook of the world/],
    ['a world from a real-clock sandbox', (f: any) => edited(f, (c) => (c.world.clock.mode = 'real')), 409, /exported from a sandbox with --clock real; this one runs --clock manual/],
  ])('%s', async (_label, make, status, message) => {
    const { file } = await authoredWorld();
    const target = await start({ clock: 'manual' });
    await target.request('POST', '/api/v1/contacts/create', { first_name: 'Untouched', phone_numbers: [{ phone_number: '+14155550199' }] }, 'bug-42');
    const before = (await target.request('GET', '/api/v1/contacts?limit=100', undefined, 'bug-42')).body;
    const answer = await target.admin('POST', '/sessions/bug-42/import', make(file.body));
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(status === 409 ? 'conflict' : 'validation_error');
    expect(answer.body.message).toMatch(message);
    expect(adminViolations('/__mock/sessions/{name}/import', 'post', status, answer.body)).toEqual([]);
    expect((await target.request('GET', '/api/v1/contacts?limit=100', undefined, 'bug-42')).body).toEqual(before);
  });

  it('a world built on other fixtures: 409', async () => {
    const { file } = await authoredWorld();
    const calls = shippedCalls();
    (calls[0] as any).summary = 'Other fixtures';
    const other = await start({ clock: 'manual', fixtures: fixtureDir({ 'calls.json': calls }) });
    const answer = await other.admin('POST', '/sessions/bug-42/import', file.body);
    expect(answer).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(answer.body.message).toContain('other fixtures');
  });

  it('a webhook host the sandbox does not deliver to (--webhook-hosts)', async () => {
    const { file } = await authoredWorld();
    const locked = await start({ clock: 'manual', webhookHosts: ['hooks.internal'] });
    const answer = await locked.admin('POST', '/sessions/bug-42/import', file.body);
    expect(answer).toMatchObject({ status: 400, body: { error: 'validation_error' } });
    expect(answer.body.message).toBe('/world/webhooks/webhooks/0/url: its host is not one this sandbox delivers to (--webhook-hosts: hooks.internal)');
  });

  it('a body that is not JSON, or a bad session name', async () => {
    const api = await start({});
    const text = await fetch(`${api.url}/__mock/sessions/x/import`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ error: 'unsupported_media_type', message: 'Send the exported world as JSON (Content-Type: application/json)' });
    const broken = await fetch(`${api.url}/__mock/sessions/x/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"format":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toBe('validation_error');
    expect((await api.admin('POST', '/sessions/bad%20name/import', {})).body.error).toBe('validation_error');
  });
});
