/**
 * `npm run soak`: the built sandbox, saving its worlds to a fresh --data-dir, under mixed traffic
 * for M minutes, the real clock running every initiated call through its lifecycle and webhook
 * deliveries going to a receiver in this process. Samples the sandbox's RSS every 10 s, fits its
 * slope over the last 8 minutes (the last 80 % of a shorter run), stops the sandbox with SIGTERM,
 * and writes the `## Soak` section of the --out file (every other section left as it is). A
 * missed target is reported, not an error: the exit code is non-zero only when the run itself
 * broke.
 *
 * The traffic is a shared sandbox's: the default world read by everyone, and N session slots used
 * as CI runs use sessions (isolated, and dropped after use). Each slot runs generations: a session
 * `soak-<slot>-<generation>` gets its webhook, takes traffic for a run of about --run-seconds
 * (0.67 to 1.33 ×, seeded), then takes none while the requests sent to it are answered, its calls
 * finish and their deliveries arrive, and is dropped (DELETE /__mock/sessions/{name}); the next
 * generation starts at once. Each slot starts at a random point of such a cycle, so the slots do
 * not go in step. So the state the sandbox holds is bounded, as on a real shared sandbox, and a
 * rising RSS means a leak, not data kept on purpose.
 *
 * Options: --minutes N (10) --sessions N (100) --connections N (10) --run-seconds S (30)
 *          --out FILE (BENCHMARKS.md)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/random/mulberry32.js';
import { writeSoakSection } from './benchmarks-file.js';
import { HEAP_PROBE_ARGS, HeapProbe } from './heap-probe.js';
import { INITIATE_BODY } from './scenarios.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    sessions: { type: 'string', default: '100' },
    connections: { type: 'string', default: '10' },
    'run-seconds': { type: 'string', default: '30' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const config = { minutes: Number(values.minutes), sessions: Number(values.sessions), connections: Number(values.connections), runSeconds: Number(values['run-seconds']) };
if (!(config.minutes > 0)) throw new Error(`--minutes must be a positive number, not ${values.minutes}`);
if (!(config.runSeconds > 0)) throw new Error(`--run-seconds must be a positive number, not ${values['run-seconds']}`);
for (const name of ['sessions', 'connections'] as const) {
  if (!Number.isInteger(config[name]) || config[name] < 1) throw new Error(`--${name} must be a positive integer, not ${values[name]}`);
}
const outFile = path.resolve(import.meta.dirname, '..', values.out as string);

const root = path.resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);
const KEY = 'klen_abcdef123456789';
const BEARER = { Authorization: `Bearer ${KEY}` };
const SAMPLE_SECONDS = 10;
/** The issue's window: the last 8 minutes of a 10-minute run, once the worlds are warm. */
const FIT_SECONDS = 8 * 60;
const TARGET_SLOPE_MB_PER_MIN = 1;
/** Big enough that no soak can reach it: see the fixtures below. */
const UNREACHABLE = 1_000_000_000;
const EVENTS = ['call.started', 'call.ended', 'call.transcript', 'call.recording', 'call.summary', 'calendar.created'];
/** The deliveries a call to a number that always connects makes: call.started, call.ended, call.transcript, call.summary, call.recording. */
const DELIVERIES_PER_CALL = 5;
/** About how long a session takes to finish after its run, at the default call timing: its last call's queue (2 s), talk (10 s) and three 2-s steps. */
const FINISH_SECONDS = 18;

// ---- the traffic mix

interface Loop {
  random: () => number;
  /** The contacts this loop created in sessions still taking traffic, which Update Contact picks from. */
  contacts: Array<{ session: string; id: number }>;
}
interface Planned {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** Undefined: the default world (no X-Mock-Session). */
  session: string | undefined;
  body?: unknown;
}
interface Operation {
  name: string;
  /** Method and path, as the report shows them. */
  request: string;
  /** Percent of all requests. */
  share: number;
  expected: number[];
  plan(loop: Loop, session: string): Planned;
}

let contactSerial = 0;
/** The sessions taking traffic now: a session that is finishing takes none, then is dropped. */
const active = new Set<string>();
/** The same, as a list to pick from (rebuilt when the set changes). */
let activeList: string[] = [];
function setActive(name: string, on: boolean): void {
  if (on) active.add(name);
  else active.delete(name);
  activeList = [...active];
}
const READ = (name: string, requestPath: string): Operation => ({ name, request: `GET ${requestPath}`, share: 12.5, expected: [200], plan: (_loop, session) => ({ method: 'GET', path: requestPath, session }) });
/** A read of the default world, which every user of a shared sandbox sees. */
const READ_DEFAULT = (name: string, requestPath: string): Operation => ({ ...READ(name, requestPath), request: `GET ${requestPath} (default world)`, plan: () => ({ method: 'GET', path: requestPath, session: undefined }) });
const CREATE_CONTACT: Operation = {
  name: 'Create Contact',
  request: 'POST /api/v1/contacts/create',
  share: 20,
  expected: [201],
  plan: (_loop, session) => {
    contactSerial += 1;
    // the contract lets contacts share numbers; the serial only keeps them apart when read
    return { method: 'POST', path: '/api/v1/contacts/create', session, body: { first_name: 'Soak', last_name: String(contactSerial), phone_numbers: [{ phone_number: `+1415555${String(contactSerial % 10_000).padStart(4, '0')}` }] } };
  },
};
const UPDATE_CONTACT: Operation = {
  name: 'Update Contact (PATCH)',
  request: 'PATCH /api/v1/contacts/{id}/update',
  share: 10,
  expected: [200],
  plan: (loop) => {
    // only contacts of sessions still taking traffic: a finishing session takes no more requests
    loop.contacts = loop.contacts.filter((c) => active.has(c.session));
    const contact = loop.contacts[Math.floor(loop.random() * loop.contacts.length)] as { session: string; id: number };
    return { method: 'PATCH', path: `/api/v1/contacts/${contact.id}/update`, session: contact.session, body: { company: 'Soak Inc' } };
  },
};
const INITIATE_CALL: Operation = { name: 'Initiate Call', request: 'POST /api/v1/calls', share: 10, expected: [201], plan: (_loop, session) => ({ method: 'POST', path: '/api/v1/calls', session, body: JSON.parse(INITIATE_BODY) }) };
const CREATE_EVENT: Operation = {
  name: 'Create Event',
  request: 'POST /api/v1/calendar/events/create',
  share: 10,
  expected: [201],
  plan: (loop, session) => {
    const day = `2025-05-0${1 + Math.floor(loop.random() * 9)}`;
    return { method: 'POST', path: '/api/v1/calendar/events/create', session, body: { title: 'Soak', start_time: `${day}T10:00:00Z`, end_time: `${day}T10:30:00Z` } };
  },
};
const OPERATIONS: Operation[] = [
  READ_DEFAULT('Get Call Details', '/api/v1/calls/123'),
  READ('Get Calls', '/api/v1/calls?limit=10'),
  READ('Get Contacts', '/api/v1/contacts'),
  READ('Get Events (May 2025)', '/api/v1/calendar/events?start_date=2025-05-01&end_date=2025-05-31'),
  CREATE_CONTACT,
  UPDATE_CONTACT,
  INITIATE_CALL,
  CREATE_EVENT,
];

function pick(loop: Loop): Operation {
  let left = loop.random() * 100;
  const chosen = OPERATIONS.find((op) => (left -= op.share) < 0) ?? (OPERATIONS.at(-1) as Operation);
  // until a loop has created a contact (in a session still taking traffic) it has none to update: it creates one instead
  return chosen === UPDATE_CONTACT && !loop.contacts.some((c) => active.has(c.session)) ? CREATE_CONTACT : chosen;
}

// ---- measurements

const latencies = new Map<Operation, number[]>(OPERATIONS.map((op) => [op, []]));
const unexpectedCounts = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));
const unexpectedExamples: string[] = [];
/** Records created (201s), in all. */
const created = { contacts: 0, calls: 0, events: 0 };
/** Records created in each session the sandbox still holds: state the RSS must hold, until the session is dropped. */
const heldBySession = new Map<string, number>();
const recordsHeld = () => [...heldBySession.values()].reduce((a, b) => a + b, 0);
/** Requests sent to each session and not yet answered: a finishing session waits for its own to end. */
const inFlight = new Map<string, number>();
/** Session generations: run and dropped, and their deliveries the sandbox's log counted as failed. */
const generations = { started: 0, dropped: 0, failedDeliveries: 0, longestFinishSeconds: 0 };
/** Latencies since the last sample. */
let interval: number[] = [];

interface Sample {
  /** Seconds since the traffic started (the schedule's, not the few ms the timer was late). */
  t: number;
  /** After a full collection (the probe's, just before). */
  rss: number;
  /** The heap in use after that collection. */
  heap: number;
  requestsPerSecond: number;
  p99: number;
  deliveries: number;
  /** Records created in sessions not yet dropped. */
  held: number;
  /** Sessions dropped so far. */
  dropped: number;
  /** Session worlds the sandbox itself holds (GET /__mock/sessions, the default world not counted). */
  worlds: number;
}
const samples: Sample[] = [];

/** Nearest rank; NaN for none. */
function percentile(xs: number[], p: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted.length === 0 ? NaN : (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number);
}

/** Least-squares slope of a measure (RSS by default) against time, in MB per minute. */
function slopePerMinute(points: Sample[], of: (sample: Sample) => number = (p) => p.rss): number {
  const meanT = points.reduce((s, p) => s + p.t, 0) / points.length;
  const meanRss = points.reduce((s, p) => s + of(p), 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.t - meanT) * (of(p) - meanRss);
    sxx += (p.t - meanT) ** 2;
  }
  return (sxy / sxx) * 60;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

/** Spawns the built CLI and resolves with its URL once its banner says it listens. */
function startSandbox(args: string[]): Promise<{ child: ChildProcess; url: string; probe: HeapProbe }> {
  const child = spawn(process.execPath, [...HEAP_PROBE_ARGS, 'dist/cli.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  // the probe's answers are the soak's; anything else the sandbox says on stderr is shown
  const probe = new HeapProbe(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk;
      const url = /listening\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      child.stdout?.off('data', onData);
      // its warnings from then on are the soak's to show, and the pipe must never back up
      child.stdout?.on('data', (more: Buffer) => process.stderr.write(more));
      resolve({ child, url, probe });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code} before listening: ${out}`)));
  });
}

// ---- the run

log('building…');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const work = mkdtempSync(path.join(tmpdir(), 'klen-soak-'));
const dataDir = path.join(work, 'data');
mkdirSync(dataDir);

// The fixtures: the shipped ones, except that nothing the mix does can hit a limit. The key's team
// gets a wallet no soak empties (every completed call is billed at least 0.50, so the shipped 250
// answers Initiate Call with 402 insufficient_funds after 500 calls), and the key a daily
// calendar_events_per_day_limit no soak reaches (50 by default, counted per world and UTC day:
// 10 % of the requests would pass it within seconds, then get the documented 429).
const fixturesDir = path.join(work, 'fixtures');
mkdirSync(fixturesDir);
const shipped = <T>(name: string) => JSON.parse(readFileSync(path.join(root, 'fixtures', name), 'utf8')) as T;
const keys = shipped<Array<{ key: string; team_id: number }>>('keys.json');
const keyTeam = keys.find((k) => k.key === KEY)?.team_id;
const teams = shipped<Array<{ id: number; wallet_balance: number }>>('teams.json');
const shippedWallet = teams.find((t) => t.id === keyTeam)?.wallet_balance;
writeFileSync(path.join(fixturesDir, 'teams.json'), JSON.stringify(teams.map((t) => (t.id === keyTeam ? { ...t, wallet_balance: UNREACHABLE } : t)), null, 2));
writeFileSync(path.join(fixturesDir, 'keys.json'), JSON.stringify(keys.map((k) => (k.key === KEY ? { ...k, calendar_events_per_day_limit: UNREACHABLE } : k)), null, 2));

// the webhook receiver: loopback only, 200 to every delivery, each webhook-id counted once
// (a retried delivery keeps its id)
const deliveryIds = new Set<string>();
let deliveryPosts = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    deliveryPosts += 1;
    deliveryIds.add(String(req.headers['webhook-id']));
    res.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

let sandboxChild: ChildProcess | undefined;
/** Set once the sandbox has exited: undefined while it runs. */
let sandboxExit: number | null | undefined;
try {
  const sandbox = await startSandbox(['--port', '0', '--log-level', 'warn', '--data-dir', dataDir, '--fixtures', fixturesDir]);
  sandboxChild = sandbox.child;
  sandbox.child.once('exit', (code) => (sandboxExit = code));
  const base = sandbox.url;
  if (new URL(base).hostname !== '127.0.0.1') throw new Error(`the soak only ever sends to 127.0.0.1, and the sandbox listens on ${base}`);
  const pid = sandbox.child.pid as number;
  const headersFor = (session: string | undefined, json: boolean): Record<string, string> => ({ ...BEARER, ...(session === undefined ? {} : { 'X-Mock-Session': session }), ...(json ? { 'Content-Type': 'application/json' } : {}) });
  const admin = async <T>(method: string, adminPath: string): Promise<{ status: number; body: T }> => {
    const answer = await send(`${base}/__mock${adminPath}`, { method });
    return { status: answer.status, body: JSON.parse(answer.text) as T };
  };

  interface WorldStats { name: string; default: boolean; callsCreated: number; recordsChanged: number; events: number }
  /** The worlds the sandbox holds, as it says (GET /__mock/sessions): its session worlds, and its default world. */
  const sandboxWorlds = async (): Promise<{ sessions: number; names: string[]; defaultWorld: WorldStats | undefined }> => {
    const listed = (await admin<{ sessions: WorldStats[] }>('GET', '/sessions')).body.sessions;
    const names = listed.filter((w) => !w.default).map((w) => w.name);
    return { sessions: names.length, names, defaultWorld: listed.find((w) => w.default) };
  };

  const durationSeconds = config.minutes * 60;
  const startedAt = performance.now();
  const endAt = startedAt + durationSeconds * 1000;
  const running = () => performance.now() < endAt && sandboxExit === undefined;
  /** Problems of the rotation itself (a registration or a drop refused, a session that never finished): the run is then broken. */
  const rotationProblems: string[] = [];

  /**
   * One session slot: generation after generation, a session is registered a webhook, takes
   * traffic for its run, takes none while its calls finish and their deliveries arrive, and is
   * dropped, as a CI run drops its session. Its own generator draws the run lengths.
   */
  async function slotLoop(slot: number): Promise<void> {
    let state = 1000 + slot;
    const random = () => {
      const next = mulberry32(state);
      state = next.state;
      return next.value;
    };
    // Each slot starts at a random point of a cycle (a run, then about FINISH_SECONDS finishing),
    // or every slot would start, finish and come back in step, the traffic and the state in
    // waves: in the run (its first one cut to a random part of a run), or waiting as if the
    // session before it were finishing.
    const offset = random() * (config.runSeconds + FINISH_SECONDS);
    const startsInRun = offset < config.runSeconds;
    if (!startsInRun) await sleep(Math.min((offset - config.runSeconds) * 1000, Math.max(0, endAt - performance.now())));
    for (let generation = 0; running(); generation += 1) {
      const name = `soak-${slot}-${generation}`;
      const registered = await send(`${base}/api/webhooks/create/`, { method: 'POST', headers: headersFor(name, true), body: JSON.stringify({ name: 'soak', url: hookUrl, subscribed_events: EVENTS }) });
      if (registered.status !== 201) return void rotationProblems.push(`Create Webhook in ${name} answered ${registered.status}: ${registered.text.slice(0, 200)}`);
      generations.started += 1;
      heldBySession.set(name, 0);
      setActive(name, true);
      // a run of 0.67 to 1.33 × --run-seconds (0 to 1.33 × for a slot that starts in its run)
      const run = config.runSeconds * (generation === 0 && startsInRun ? 1.33 * random() : 0.67 + 0.66 * random());
      await sleep(Math.min(run * 1000, Math.max(0, endAt - performance.now())));
      setActive(name, false);
      const finishStarted = performance.now();
      // the requests already sent to it are answered (a call initiated by one of them is then
      // scheduled); then its calls end and their deliveries arrive
      while ((inFlight.get(name) ?? 0) > 0) await sleep(10);
      for (;;) {
        const world = await admin<{ pendingCallSteps: number }>('GET', `/sessions/${name}`);
        if (world.status !== 200) return void rotationProblems.push(`GET /__mock/sessions/${name} answered ${world.status} while it finished: ${JSON.stringify(world.body).slice(0, 200)}`);
        const pending = await admin<{ deliveries: unknown[] }>('GET', `/sessions/${name}/deliveries?state=pending`);
        if (pending.status !== 200) return void rotationProblems.push(`GET /__mock/sessions/${name}/deliveries?state=pending answered ${pending.status}`);
        if (world.body.pendingCallSteps === 0 && pending.body.deliveries.length === 0) break;
        if (performance.now() - finishStarted > 120_000) return void rotationProblems.push(`${name} still had ${world.body.pendingCallSteps} call steps and ${pending.body.deliveries.length} deliveries pending 120 s after its run`);
        await sleep(500);
      }
      generations.longestFinishSeconds = Math.max(generations.longestFinishSeconds, (performance.now() - finishStarted) / 1000);
      generations.failedDeliveries += (await admin<{ deliveries: unknown[] }>('GET', `/sessions/${name}/deliveries?state=failed`)).body.deliveries.length;
      const dropped = await admin<{ deleted: string | null }>('DELETE', `/sessions/${name}`);
      // admin-openapi.yaml: 200 {deleted: name} (no 204)
      if (dropped.status !== 200 || dropped.body.deleted !== name) return void rotationProblems.push(`DELETE /__mock/sessions/${name} answered ${dropped.status} ${JSON.stringify(dropped.body).slice(0, 200)}`);
      heldBySession.delete(name);
      inFlight.delete(name);
      generations.dropped += 1;
    }
  }

  async function trafficLoop(index: number): Promise<void> {
    // a generator per loop, so each loop's sequence does not depend on how the loops interleave
    let state = index + 1;
    const loop: Loop = {
      random: () => {
        const next = mulberry32(state);
        state = next.state;
        return next.value;
      },
      contacts: [],
    };
    while (running()) {
      if (activeList.length === 0) {
        await sleep(50); // every slot is between generations
        continue;
      }
      const op = pick(loop);
      const planned = op.plan(loop, activeList[Math.floor(loop.random() * activeList.length)] as string);
      const body = planned.body === undefined ? undefined : JSON.stringify(planned.body);
      const began = performance.now();
      let status: number;
      let text: string;
      if (planned.session !== undefined) inFlight.set(planned.session, (inFlight.get(planned.session) ?? 0) + 1);
      try {
        const response = await fetch(base + planned.path, { method: planned.method, headers: headersFor(planned.session, body !== undefined), ...(body === undefined ? {} : { body }) });
        text = await response.text();
        status = response.status;
      } catch (error) {
        // no answer at all (a reset connection…): reported with the unexpected statuses, as status 0
        status = 0;
        text = String((error as Error).cause ?? error);
      } finally {
        if (planned.session !== undefined) inFlight.set(planned.session, (inFlight.get(planned.session) ?? 1) - 1);
      }
      const ms = performance.now() - began;
      latencies.get(op)?.push(ms);
      interval.push(ms);
      if (!op.expected.includes(status)) {
        unexpectedCounts.set(op, (unexpectedCounts.get(op) ?? 0) + 1);
        if (unexpectedExamples.length < 5) unexpectedExamples.push(`\`${planned.method} ${planned.path}\` (${planned.session ?? 'default world'}${body === undefined ? '' : `, \`${body}\``}): ${status} \`${text.slice(0, 300)}\``);
      } else if (planned.session !== undefined && status === 201) {
        heldBySession.set(planned.session, (heldBySession.get(planned.session) ?? 0) + 1);
        if (op === CREATE_CONTACT) {
          created.contacts += 1;
          loop.contacts.push({ session: planned.session, id: (JSON.parse(text) as { id: number }).id });
        } else if (op === INITIATE_CALL) created.calls += 1;
        else if (op === CREATE_EVENT) created.events += 1;
      }
    }
  }

  async function sample(t: number): Promise<void> {
    const requests = interval;
    interval = [];
    const heap = await sandbox.probe.heapAfterGcMb(5000);
    const s: Sample = { t, rss: rssMb(pid), heap, requestsPerSecond: requests.length / SAMPLE_SECONDS, p99: percentile(requests, 99), deliveries: deliveryIds.size, held: recordsHeld(), dropped: generations.dropped, worlds: (await sandboxWorlds()).sessions };
    samples.push(s);
    log(`t=${t} s rss=${s.rss.toFixed(1)} MB heap=${s.heap.toFixed(1)} MB req/s=${Math.round(s.requestsPerSecond)} p99=${Number.isNaN(s.p99) ? '-' : s.p99.toFixed(1)} ms deliveries=${s.deliveries} held=${s.held} dropped=${s.dropped} worlds=${s.worlds} active=${active.size}`);
  }

  log(`traffic: ${config.minutes} min, ${config.connections} loops, ${config.sessions} session slots, runs of about ${config.runSeconds} s…`);
  await sample(0);
  const sampler = (async () => {
    for (let k = 1; k * SAMPLE_SECONDS <= durationSeconds; k += 1) {
      await sleep(startedAt + k * SAMPLE_SECONDS * 1000 - performance.now());
      if (sandboxExit !== undefined) return;
      await sample(k * SAMPLE_SECONDS);
    }
  })();
  const slots = Array.from({ length: config.sessions }, (_, i) => slotLoop(i));
  await Promise.all([sampler, ...Array.from({ length: config.connections }, (_, i) => trafficLoop(i))]);
  if (sandboxExit !== undefined) throw new Error(`the sandbox exited with ${sandboxExit} during the run`);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  // every slot's last generation finishes (calls ended, deliveries arrived) and is dropped
  log('traffic stopped; waiting for the last sessions to finish their calls and deliveries…');
  const drainStarted = performance.now();
  await Promise.all(slots);
  if (rotationProblems.length > 0) throw new Error(`the session rotation broke: ${rotationProblems.slice(0, 3).join('; ')}`);

  const dispatcher = (await admin<{ queued: number; inFlight: number }>('GET', '/sessions/default/deliveries?limit=1')).body;
  const drained = dispatcher.queued === 0 && dispatcher.inFlight === 0;
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const heapDrained = await sandbox.probe.heapAfterGcMb(5000);
  const rssDrained = rssMb(pid);
  const worldsDrained = await sandboxWorlds();

  log('SIGTERM…');
  const exited = once(sandbox.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const stopStarted = performance.now();
  sandbox.child.kill('SIGTERM');
  const [exitCode, exitSignal] = await exited;
  const stopMs = performance.now() - stopStarted;

  // ---- the report

  const allLatencies = [...latencies.values()].flat();
  const totalRequests = allLatencies.length;
  const totalUnexpected = [...unexpectedCounts.values()].reduce((a, b) => a + b, 0);
  const expectedDeliveries = created.calls * DELIVERIES_PER_CALL + created.events;
  const fitFrom = durationSeconds - Math.min(FIT_SECONDS, 0.8 * durationSeconds);
  const fitted = samples.filter((s) => s.t >= fitFrom);
  const slope = fitted.length >= 2 ? slopePerMinute(fitted) : NaN;
  const heapSlope = fitted.length >= 2 ? slopePerMinute(fitted, (p) => p.heap) : NaN;
  const first = fitted[0];
  const last = fitted.at(-1);
  const fitMinutes = first && last ? (last.t - first.t) / 60 : NaN;
  const heldInFit = fitted.map((x) => x.held);
  const worldsInFit = fitted.map((x) => x.worlds);
  const defaultWorld = worldsDrained.defaultWorld;
  const okSlope = slope < TARGET_SLOPE_MB_PER_MIN;
  const okStatuses = totalUnexpected === 0;
  const okDeliveries = deliveryIds.size === expectedDeliveries;
  const okExit = exitCode === 0;
  const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
  const ms = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1));
  const commandFlags = `--minutes ${config.minutes} --sessions ${config.sessions} --connections ${config.connections} --run-seconds ${config.runSeconds}${values.out === 'BENCHMARKS.md' ? '' : ` --out ${values.out}`}`;
  const minutes = `${config.minutes} minute${config.minutes === 1 ? '' : 's'}`;
  const tableStep = durationSeconds >= 5 * 60 ? 60 : SAMPLE_SECONDS;
  const shown = samples.filter((s, i) => s.t % tableStep === 0 || i === samples.length - 1);

  const section = `## Soak

Written by \`npm run soak\` (bench/soak.ts) on ${new Date().toISOString().slice(0, 10)}: ${minutes} of mixed traffic in the default world and ${config.sessions} session slots whose sessions are run and dropped as CI runs use them, the sandbox's RSS sampled every ${SAMPLE_SECONDS} s.

- Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${process.platform} ${process.arch}; Node.js ${process.version}
- Command: \`npm run soak -- ${commandFlags}\`
- Sandbox: \`node dist/cli.js --port 0 --log-level warn --data-dir <fresh dir> --fixtures <dir>\`, otherwise default settings: every world saved to the data directory as it changes, the real clock, the default call timing (queue 2 s, talk 10 s, then transcript, summary and recording 2 s apart)
- Fixtures: the shipped ones, except that team ${keyTeam}'s (the key's) \`wallet_balance\` is ${UNREACHABLE.toLocaleString('en-US')} instead of ${shippedWallet} (each completed call costs at least 0.50, so the shipped wallet answers 402 \`insufficient_funds\` after 500 calls) and the key's \`calendar_events_per_day_limit\` is ${UNREACHABLE.toLocaleString('en-US')} instead of 50 (counted per world and UTC day, the documented 429 would come within seconds)
- Sessions: ${config.sessions} slots, each running generations \`soak-<slot>-<n>\`: a session registers one webhook (Create Webhook) to a receiver in the soak's process on 127.0.0.1 that answers 200, subscribed to ${EVENTS.map((e) => `\`${e}\``).join(', ')}; takes traffic for ${Math.round(config.runSeconds * 0.67)} to ${Math.round(config.runSeconds * 1.33)} s (seeded; each slot starts at a random point of a cycle, in a run cut short or waiting up to ${FINISH_SECONDS} s as if a session were finishing, so that the slots do not go in step); then takes none until the requests sent to it have been answered, its calls have ended and its deliveries arrived; then is dropped (\`DELETE /__mock/sessions/{name}\`, its file removed from the data directory) and the next generation starts. A real shared sandbox's state is bounded the same way (CI runs drop their sessions, idle ones expire), so a rising RSS here is a leak, not data kept on purpose. ${generations.started} sessions ran, ${generations.dropped} were dropped; the longest wait for a finishing session was ${generations.longestFinishSeconds.toFixed(1)} s.
- Traffic: ${config.connections} loops in the soak's process, one request at a time each (fetch, keep-alive); Get Call Details goes to the default world, every other request to a random session taking traffic (seeded mulberry32, one generator per loop), for ${minutes} (${elapsedSeconds.toFixed(1)} s). Update Contact picks a contact the loop created in a session still taking traffic (it creates one when it has none). Every request bears the documented example key.

| Operation | Request | Share | Expected | Requests | p50 ms | p99 ms | Unexpected |
|---|---|---|---|---|---|---|---|
${OPERATIONS.map((op) => {
  const xs = latencies.get(op) ?? [];
  return `| ${op.name} | \`${op.request}\` | ${op.share} % | ${op.expected.join(', ')} | ${xs.length} | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 99))} | ${unexpectedCounts.get(op) ?? 0} |`;
}).join('\n')}
| **All** | | 100 % | | ${totalRequests} (${Math.round(totalRequests / elapsedSeconds)} req/s) | ${ms(percentile(allLatencies, 50))} | ${ms(percentile(allLatencies, 99))} | ${totalUnexpected} |

### RSS

${tableStep === SAMPLE_SECONDS ? 'Every sample' : 'A sample a minute (and the last)'}; req/s and p99 are those of the ${SAMPLE_SECONDS} s before the sample, deliveries and sessions dropped the totals so far, records held those created in sessions not yet dropped, session worlds those the sandbox itself listed (GET /__mock/sessions).

| t | RSS | Heap after GC | req/s | p99 ms | Deliveries received | Sessions dropped | Records held | Session worlds | In the fit |
|---|---|---|---|---|---|---|---|---|---|
${shown.map((s) => `| ${s.t} s | ${s.rss.toFixed(1)} MB | ${s.heap.toFixed(1)} MB | ${s.t === 0 ? '' : Math.round(s.requestsPerSecond)} | ${s.t === 0 ? '' : ms(s.p99)} | ${s.deliveries} | ${s.dropped} | ${s.held} | ${s.worlds} | ${s.t >= fitFrom ? 'yes' : ''} |`).join('\n')}

Before each sample the sandbox runs a full garbage collection (\`--expose-gc\` and bench/soak-heap-probe.mjs, on SIGUSR2), so RSS is not inflated by garbage waiting to be collected, and the heap still in use after it is what the sandbox really holds.

Every sample, RSS (MB): ${samples.map((s) => s.rss.toFixed(1)).join(', ')}. Once the last sessions were dropped: ${rssDrained.toFixed(1)} MB (heap after GC ${heapDrained.toFixed(1)} MB).

Every sample, heap after GC (MB): ${samples.map((s) => s.heap.toFixed(1)).join(', ')}.

**Heap after GC slope: ${Number.isNaN(heapSlope) ? 'not enough samples' : `${heapSlope.toFixed(2)} MB/min`}** over the same samples.

**RSS slope: ${Number.isNaN(slope) ? 'not enough samples' : `${slope.toFixed(2)} MB/min`}**, the least-squares fit of the ${fitted.length} samples from t=${first?.t ?? '–'} s to t=${last?.t ?? '–'} s (the last ${Math.round(durationSeconds - fitFrom)} s: the last 8 minutes, or the last 80 % of a shorter run). Over those ${ms(fitMinutes)} minutes the sessions held between ${heldInFit.length > 0 ? Math.min(...heldInFit) : '–'} and ${heldInFit.length > 0 ? Math.max(...heldInFit) : '–'} created records at each sample, in ${worldsInFit.length > 0 ? Math.min(...worldsInFit) : '–'} to ${worldsInFit.length > 0 ? Math.max(...worldsInFit) : '–'} session worlds: the state is bounded, so the slope is what the sandbox keeps beyond its state.

### Totals

- Requests: ${totalRequests}, ${totalUnexpected} with an unexpected status; records created: ${created.contacts} contacts, ${created.calls} calls, ${created.events} events
- Deliveries: ${deliveryIds.size} received (distinct \`webhook-id\`s; ${deliveryPosts} POSTs) of ${expectedDeliveries} expected (${DELIVERIES_PER_CALL} per call initiated, 1 per event created), ${drained ? `the last ${drainSeconds.toFixed(1)} s after the traffic stopped` : `**the dispatcher still busy ${drainSeconds.toFixed(0)} s after the traffic stopped**`}; the sessions' delivery logs counted ${generations.failedDeliveries} failed before they were dropped
- Live at the end (the drain done, before SIGTERM): ${worldsDrained.sessions === 0 ? 'no session world' : `**${worldsDrained.sessions} session world${worldsDrained.sessions === 1 ? '' : 's'}** (${worldsDrained.names.slice(0, 5).join(', ')}${worldsDrained.sessions > 5 ? '…' : ''})`} held by the sandbox, ${recordsHeld()} records created by the soak in sessions not dropped; the default world, read only, had ${defaultWorld?.callsCreated ?? '–'} calls created, ${defaultWorld?.recordsChanged ?? '–'} seeded records changed (a fresh world already ends the seeded events whose time has passed) and ${defaultWorld?.events ?? '–'} events
- SIGTERM: exited ${exitSignal === null ? `with code ${exitCode}` : `by ${exitSignal}`} after ${Math.round(stopMs)} ms
${unexpectedExamples.length > 0 ? `\nUnexpected statuses (the first ${unexpectedExamples.length}):\n\n${unexpectedExamples.map((e) => `- ${e}`).join('\n')}\n` : ''}
### Targets

| Target | Result | |
|---|---|---|
| RSS slope < ${TARGET_SLOPE_MB_PER_MIN} MB/min over the last 8 minutes | ${Number.isNaN(slope) ? '–' : `${slope.toFixed(2)} MB/min`} | ${mark(okSlope)} |
| Heap after a full GC: slope < ${TARGET_SLOPE_MB_PER_MIN} MB/min over the same samples (no leak of what the sandbox holds) | ${Number.isNaN(heapSlope) ? '–' : `${heapSlope.toFixed(2)} MB/min`} | ${mark(heapSlope < TARGET_SLOPE_MB_PER_MIN)} |
| No unexpected status | ${totalUnexpected} | ${mark(okStatuses)} |
| Every delivery received | ${deliveryIds.size} of ${expectedDeliveries} | ${mark(okDeliveries)} |
| SIGTERM: exit code 0 | ${exitSignal ?? exitCode} | ${mark(okExit)} |
`;

  writeSoakSection(outFile, section);
  log(`\nwrote the ## Soak section of ${outFile}`);
  process.stdout.write(section);
} finally {
  // the run broke before its SIGTERM: nothing left to wait for
  if (sandboxChild && sandboxExit === undefined) sandboxChild.kill('SIGKILL');
  receiver.closeAllConnections();
  receiver.close();
  rmSync(work, { recursive: true, force: true });
}
