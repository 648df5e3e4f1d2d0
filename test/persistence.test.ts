/**
 * `--data-dir`: what a client wrote, it reads back after a restart, through every endpoint that
 * shows it, in the same world; timelines go on where they stopped; what cannot be trusted stops
 * start-up with one message naming the file.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEverything, startWorldClient as start, writeEverything } from './helpers/world-contents.js';
import { runCli } from './helpers/cli-process.js';
import { adminViolations } from './helpers/contract.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';

const newDir = () => mkdtempSync(path.join(tmpdir(), 'klen-mock-data-'));

/** Every file under `dir` with its text, to prove a refused start-up changed nothing. */
function contentsOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('--data-dir: a restart keeps every world', () => {
  it('reads back, after a clean restart, everything written in the default world and in a session, and the timelines go on', async () => {
    const dir = newDir();
    const receiver = createServer((req, res) => {
      req.resume();
      res.writeHead(500).end('not yet');
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const first = await start({ dataDir: dir, clock: 'manual', webhookRetries: [60] });
      const ids = { default: await writeEverything(first, undefined, hook), session: await writeEverything(first, 'saved-session', hook) };
      // the session's call connects (call.started is delivered, fails, and waits for its retry); the default world's stays queued
      expect((await first.admin('POST', '/sessions/saved-session/clock/advance', { seconds: 3 })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      const before = { default: await readEverything(first, undefined, ids.default), session: await readEverything(first, 'saved-session', ids.session) };
      // what is compared below is what was written, not a 404 on both sides
      for (const world of [before.default, before.session]) {
        expect(world.contact.first_name).toBe('Ada');
        expect(world.contacts.contacts.some((c: any) => c.first_name === 'Ada')).toBe(true);
        expect(world.seededContact.company).toBe('Saved Corp');
        expect(world.variables.variables.map((v: any) => v.name)).toContain('favourite_colour');
        expect(world.variables.variables.map((v: any) => v.id)).not.toContain(1);
        expect(world.event.title).toBe('Saved demo');
        expect(world.events.events.find((e: any) => e.id === 124)?.title).toBe('Renamed and saved');
        expect(world.webhooks.webhooks.length).toBe(1);
      }
      expect(before.default.call.status).toBe('queued');
      expect(before.session.call.status).toBe('in-progress');
      expect(before.session.deliveries.deliveries.filter((d: any) => d.state === 'pending' && d.next_attempt_at !== null).length).toBeGreaterThan(0);
      const lastRequest = (await first.admin('GET', '/requests?limit=1')).body.entries[0].id;
      await first.server.close();

      const second = await start({ dataDir: dir, clock: 'manual', webhookRetries: [60] });
      const after = { default: await readEverything(second, undefined, ids.default), session: await readEverything(second, 'saved-session', ids.session) };
      expect(after).toEqual(before);
      expect((await second.admin('GET', '/sessions')).body.sessions.map((s: any) => s.name)).toEqual(['default', 'saved-session']);
      // ids and request numbers go on; nothing is handed out twice
      const next = await second.request('POST', '/api/v1/contacts/create', { first_name: 'Grace', phone_numbers: [{ phone_number: '+14155550111' }] });
      expect(next.body.id).toBe(ids.default.contact + 1);
      const newest = (await second.admin('GET', '/requests?limit=1')).body.entries[0].id;
      expect(Number(newest.slice(4))).toBeGreaterThan(Number(lastRequest.slice(4)));
      // the session's timeline goes on: the call ends exactly when it would have, and the retry falls due on the same clock
      await second.admin('POST', '/sessions/saved-session/clock/advance', { seconds: 60 });
      const ended = (await second.request('GET', `/api/v1/calls/${ids.session.call}`, undefined, 'saved-session')).body;
      expect(ended.status).toBe('completed');
      expect(ended.duration_seconds).toBe(10);
      const timeline = (await second.admin('GET', '/sessions/saved-session/events')).body.events.filter((e: any) => e.call?.call_id === ids.session.call);
      // initiated at the manual clock's start, 12:00:00: connected 2 s later (before the restart), ended 10 s after that (after it)
      expect(timeline.map((e: any) => `${e.type} ${e.time}`).slice(0, 2)).toEqual(['call.started 2025-05-01T12:00:02Z', 'call.ended 2025-05-01T12:00:12Z']);
      await new Promise((r) => setTimeout(r, 300));
      const retried = (await second.admin('GET', '/sessions/saved-session/deliveries?event_type=call.started')).body.deliveries[0];
      expect(retried.attempts.length).toBe(2);
    } finally {
      receiver.close();
      receiver.closeAllConnections();
    }
  });

  it('removes a deleted session for good, and --reset-data starts again from the seed', async () => {
    const dir = newDir();
    const first = await start({ dataDir: dir });
    await first.request('POST', '/api/v1/contacts/create', { first_name: 'Kept', phone_numbers: [{ phone_number: '+14155550122' }] }, 'kept');
    await first.request('POST', '/api/v1/contacts/create', { first_name: 'Gone', phone_numbers: [{ phone_number: '+14155550133' }] }, 'gone');
    expect((await first.admin('DELETE', '/sessions/gone')).status).toBe(200);
    await first.server.close();
    expect(readdirSync(path.join(dir, 'worlds')).sort()).toEqual(['default.json', 'session-kept.json']);

    const second = await start({ dataDir: dir });
    expect((await second.admin('GET', '/sessions')).body.sessions.map((s: any) => s.name)).toEqual(['default', 'kept']);
    await second.server.close();

    const reset = await start({ dataDir: dir, resetData: true });
    expect((await reset.admin('GET', '/sessions')).body.sessions.map((s: any) => s.name)).toEqual(['default']);
    expect((await reset.request('GET', '/api/v1/contacts/942', undefined, 'kept')).status).toBe(404);
  });

  it('coalesces a burst of writes into a few saves, each on disk before GET /__mock/data says so', async () => {
    const dir = newDir();
    const api = await start({ dataDir: dir });
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => api.request('POST', '/api/v1/contacts/create', { first_name: `Burst ${i}`, phone_numbers: [{ phone_number: `+1415556${String(i).padStart(4, '0')}` }] }, 'burst')));
    expect(created.every((r) => r.status === 201)).toBe(true);
    const saved = (await api.admin('POST', '/data/save')).body;
    expect(adminViolations('/__mock/data/save', 'post', 200, saved)).toEqual([]);
    expect(adminViolations('/__mock/data', 'get', 200, (await api.admin('GET', '/data')).body)).toEqual([]);
    expect(saved.pending).toBe(0);
    expect(saved.saves).toBeLessThan(50);
    const file = JSON.parse(readFileSync(path.join(dir, 'worlds', 'session-burst.json'), 'utf8'));
    expect(file.world.contacts.created.map((c: any) => c.id).sort()).toEqual(created.map((r) => r.body.id).sort());
  });

  it('a hot reload that changes the fixtures starts the worlds again, and what is written after it is there at the next start', async () => {
    const dir = newDir();
    const fixtures = fixtureDir({ 'calls.json': shippedCalls() });
    const first = await start({ dataDir: dir, fixtures });
    await first.request('POST', '/api/v1/contacts/create', { first_name: 'Before', phone_numbers: [{ phone_number: '+14155550155' }] }, 'reloaded');
    const calls = shippedCalls();
    (calls[0] as any).summary = 'Edited while the sandbox ran';
    writeFileSync(path.join(fixtures, 'calls.json'), JSON.stringify(calls));
    expect(await first.server.reload()).toBe(true);
    const after = await first.request('POST', '/api/v1/contacts/create', { first_name: 'After', phone_numbers: [{ phone_number: '+14155550166' }] }, 'reloaded');
    await first.server.close();

    // the directory now belongs to the edited fixtures: it loads, with what was written since the reload
    const second = await start({ dataDir: dir, fixtures });
    const names = (await second.request('GET', '/api/v1/contacts?limit=100', undefined, 'reloaded')).body.contacts.map((c: any) => c.first_name);
    expect(names).toContain('After');
    expect(names).not.toContain('Before');
    expect((await second.request('GET', `/api/v1/contacts/${after.body.id}`, undefined, 'reloaded')).body.first_name).toBe('After');
  });

  it('says so when the sandbox keeps its worlds in memory only', async () => {
    const api = await start({});
    const answer = await api.admin('GET', '/data');
    expect(answer.body).toEqual({ error: 'not_found', message: 'This sandbox keeps its worlds in memory only (start it with --data-dir DIR to save them)' });
    expect(adminViolations('/__mock/data', 'get', 404, answer.body)).toEqual([]);
  });
});

describe('--data-dir: what cannot be trusted stops start-up, naming the file', () => {
  /** A data directory with the default world saved once (the CLI, from source). */
  async function savedDir(extra: string[] = []): Promise<string> {
    const dir = newDir();
    const api = await start({ dataDir: dir, ...(extra.includes('manual') ? { clock: 'manual' as const } : {}) });
    await api.request('POST', '/api/v1/contacts/create', { first_name: 'Saved', phone_numbers: [{ phone_number: '+14155550144' }] });
    await api.server.close();
    return dir;
  }

  it.each([
    ['a directory with other files in it', async () => {
      const dir = newDir();
      writeFileSync(path.join(dir, 'notes.txt'), 'mine');
      return { dir, file: dir, says: 'is not a klen-mock data directory (no klen-mock-data.json, but it holds notes.txt)' };
    }],
    ['a damaged world file', async () => {
      const dir = await savedDir();
      writeFileSync(path.join(dir, 'worlds', 'default.json'), '{"format":"klen-mock-world",');
      return { dir, file: path.join(dir, 'worlds', 'default.json'), says: 'is not JSON' };
    }],
    ['a world file of another shape', async () => {
      const dir = await savedDir();
      const file = path.join(dir, 'worlds', 'default.json');
      const json = JSON.parse(readFileSync(file, 'utf8'));
      delete json.world.contacts;
      writeFileSync(file, JSON.stringify(json));
      return { dir, file, says: "is not a saved klen-mock world: /world must have required property 'contacts'" };
    }],
    ['a directory from a newer klen-mock', async () => {
      const dir = await savedDir();
      const file = path.join(dir, 'klen-mock-data.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 2 }));
      return { dir, file, says: 'was written by a newer klen-mock (format 2; this one reads 1): upgrade klen-mock' };
    }],
    ['worlds saved with the other clock mode', async () => {
      const dir = await savedDir(['manual']);
      return { dir, file: path.join(dir, 'klen-mock-data.json'), says: 'the saved worlds were saved with --clock manual: start with --clock manual, or with --reset-data' };
    }],
  ])('%s', async (_what, make) => {
    const { dir, file, says } = await make();
    const before = contentsOf(dir);
    const { code, stderr } = await runCli(['--port', '0', '--data-dir', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`klen-mock: ${file}: ${says}`);
    // nothing was reset or rewritten: starting again from the seed is the user's call (--reset-data)
    expect(contentsOf(dir)).toEqual(before);
  });

  it('worlds built on other fixtures', async () => {
    const dir = await savedDir();
    const fixtures = fixtureDir({ 'calls.json': shippedCalls().slice(0, 3) });
    const { code, stderr } = await runCli(['--port', '0', '--data-dir', dir, '--fixtures', fixtures]);
    expect(code).toBe(1);
    expect(stderr).toContain(`klen-mock: ${path.join(dir, 'klen-mock-data.json')}: the saved worlds were built on other fixtures`);
  });

  it('--reset-data without --data-dir', async () => {
    const { code, stderr } = await runCli(['--reset-data']);
    expect(code).toBe(1);
    expect(stderr).toContain('klen-mock: --reset-data: resets the worlds saved in --data-dir: give --data-dir too');
  });
});
