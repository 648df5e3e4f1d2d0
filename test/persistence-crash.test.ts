/**
 * The durability promise under SIGKILL: a write storm in three worlds, the process killed at a
 * random moment, restarted on the same data directory, many times over. Every restart must load
 * (no damaged file), the state must be consistent (each world's created contacts are the first
 * k of its ids, each listed and readable), and it must contain every write acknowledged before
 * the capture of the last save the client saw completed (GET /__mock/data).
 *
 * KLEN_CRASH_RUNS=<n> sets the number of kills (default 6); KLEN_CRASH_SEED=<n> the seed of the
 * kill moments.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random/mulberry32.js';
import { startCli, type RunningCli } from './helpers/cli-process.js';

const KEY = 'klen_abcdef123456789';
const RUNS = Number(process.env['KLEN_CRASH_RUNS'] ?? 6);
const SEED = Number(process.env['KLEN_CRASH_SEED'] ?? Date.now() % 100_000);
const WORLDS = [undefined, 'crash-a', 'crash-b'] as const;
/** The first id a world gives a contact it creates (the shipped fixtures end at 941). */
const FIRST_CONTACT_ID = 942;

interface Ack {
  world: string;
  contactId: number;
  /** The company written by this request (`v<n>`, n rising per contact), or undefined for a create. */
  company?: number;
  at: number;
}

function client(url: string, session: string | undefined) {
  const headers: Record<string, string> = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
  if (session) headers['X-Mock-Session'] = session;
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/** Writes until the process dies: creates contacts and updates their company with rising versions. */
async function storm(cli: RunningCli, acks: Ack[], stop: { dead: boolean }, lane: number): Promise<void> {
  const session = WORLDS[lane % WORLDS.length];
  const world = session ?? 'default';
  const send = client(cli.url, session);
  const mine: Array<{ id: number; version: number }> = [];
  for (let n = 0; !stop.dead; n += 1) {
    try {
      if (n % 3 === 2 && mine.length > 0) {
        const target = mine[n % mine.length] as { id: number; version: number };
        const version = target.version + 1;
        const res = await send('PATCH', `/api/v1/contacts/${target.id}/update`, { company: `v${version}` });
        if (res.status === 200) {
          target.version = version;
          acks.push({ world, contactId: target.id, company: version, at: Date.now() });
        }
      } else {
        const phone = `+1415${String(lane).padStart(2, '0')}${String(n % 100000).padStart(5, '0')}`;
        const res = await send('POST', '/api/v1/contacts/create', { first_name: 'Crash', last_name: `L${lane}`, phone_numbers: [{ phone_number: phone }] });
        if (res.status === 201) {
          mine.push({ id: res.body.id, version: 0 });
          acks.push({ world, contactId: res.body.id, at: Date.now() });
        }
      }
    } catch {
      return; // the process was killed under this request: it was never acknowledged
    }
  }
}

/** Polls GET /__mock/data: the capture instant of the last save seen completed. */
async function watchSaves(cli: RunningCli, stop: { dead: boolean }, seen: { capturedAt: number; longestMs: number }): Promise<void> {
  while (!stop.dead) {
    try {
      const data = (await (await fetch(`${cli.url}/__mock/data`)).json()) as any;
      if (data.last_save) {
        seen.capturedAt = Math.max(seen.capturedAt, Date.parse(data.last_save.captured_at));
        seen.longestMs = Math.max(seen.longestMs, data.last_save.duration_ms);
      }
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every contact a world created, through Get Contacts' pages, checked against Get Contact Details. */
async function createdContacts(url: string, session: string | undefined): Promise<Map<number, string | null>> {
  const send = client(url, session);
  const found = new Map<number, string | null>();
  for (let page = 1; ; page += 1) {
    const { body } = await send('GET', `/api/v1/contacts?limit=100&page=${page}`);
    for (const contact of body.contacts) if (contact.id >= FIRST_CONTACT_ID) found.set(contact.id, contact.company);
    if (page >= body.pages) break;
  }
  return found;
}

describe('--data-dir under SIGKILL', () => {
  it(`loads a consistent state holding every write acknowledged before the last save seen, after ${RUNS} kills at random moments (seed ${SEED})`, { timeout: 60_000 + RUNS * 20_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klen-mock-crash-'));
    const random = (() => {
      let state = SEED >>> 0;
      return () => {
        const draw = mulberry32(state);
        state = draw.state;
        return draw.value;
      };
    })();
    // what every world must hold at least: contact id → the lowest company version it may show
    const floor = new Map<string, Map<number, number>>(WORLDS.map((w) => [w ?? 'default', new Map()]));
    let longestSaveMs = 0;
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const cli = await startCli(['--port', '0', '--data-dir', dir, '--log-level', 'warn']);
      // the state the last run left must be consistent and hold what it promised
      for (const session of WORLDS) {
        const world = session ?? 'default';
        const contacts = await createdContacts(cli.url, session);
        const ids = [...contacts.keys()].sort((a, b) => a - b);
        expect(ids, `run ${run}, world ${world}: created ids are the first ${ids.length}`).toEqual(ids.map((_, i) => FIRST_CONTACT_ID + i));
        for (const [id, version] of floor.get(world) as Map<number, number>) {
          expect(contacts.has(id), `run ${run}, world ${world}: contact ${id}, acknowledged before a completed save, is there`).toBe(true);
          const company = contacts.get(id);
          expect(company === null ? 0 : Number(String(company).slice(1)), `run ${run}, world ${world}: contact ${id}'s company`).toBeGreaterThanOrEqual(version);
        }
        const send = client(cli.url, session);
        for (const id of ids.slice(-3)) expect((await send('GET', `/api/v1/contacts/${id}`)).status).toBe(200);
      }
      // a storm in three worlds, killed at a random moment
      const acks: Ack[] = [];
      const stop = { dead: false };
      const seen = { capturedAt: 0, longestMs: 0 };
      const lanes = Array.from({ length: 6 }, (_, lane) => storm(cli, acks, stop, lane));
      const watcher = watchSaves(cli, stop, seen);
      await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 700)));
      cli.child.kill('SIGKILL');
      await new Promise((r) => cli.child.once('exit', r));
      stop.dead = true;
      await Promise.all([...lanes, watcher]);
      longestSaveMs = Math.max(longestSaveMs, seen.longestMs);
      // what was acknowledged before the capture of the last save seen completed must survive
      for (const ack of acks) {
        if (ack.at >= seen.capturedAt) continue;
        const world = floor.get(ack.world) as Map<number, number>;
        world.set(ack.contactId, Math.max(world.get(ack.contactId) ?? 0, ack.company ?? 0));
        acknowledged += 1;
      }
      expect(acks.length, `run ${run}: the storm wrote`).toBeGreaterThan(0);
    }
    // the last kill's promises, checked by one more start
    const cli = await startCli(['--port', '0', '--data-dir', dir, '--log-level', 'warn']);
    for (const session of WORLDS) {
      const contacts = await createdContacts(cli.url, session);
      for (const id of (floor.get(session ?? 'default') as Map<number, number>).keys()) expect(contacts.has(id)).toBe(true);
    }
    const { code } = await cli.stop('SIGTERM');
    expect(code).toBe(0);
    expect(acknowledged).toBeGreaterThan(0);
    console.log(`crash test: ${RUNS} kills (seed ${SEED}), ${acknowledged} acknowledged writes checked, longest save ${longestSaveMs} ms`);
  });
});
