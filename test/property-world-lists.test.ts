/**
 * Model-based tests of the world's indexed lists (Get Calls, Get Contacts, Get Events and the
 * busy times Get Availability is computed from) against a naive oracle: the lists as they were
 * computed before the indexes, a scan of every record in order, written here again from the
 * documented rules (newest first; created records merged with the seed's; filters that must all
 * match; the events that overlap a range, by start).
 *
 * fast-check draws a seed (calls, contacts and events of two teams, with names that differ in
 * case, accents and composition, dates that tie, events that last from minutes to days and
 * overlap), then a sequence of world writes (seeded calls and contacts changed so that they stop
 * or start matching, calls, contacts and events created, events moved and cancelled) mixed with
 * reads with every combination of filters and pages (deep ones and ones past the end). Every
 * read must give exactly the oracle's count and records, in the oracle's order.
 *
 * The worlds are built directly on buildSeed (no HTTP): the properties run in a few seconds.
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path>.
 * KLEN_FC_RUNS_LISTS=<n> sets the cases per property (default 150).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMillis } from '../src/calendar/event-time.js';
import type { CalendarEventFixture } from '../src/world/calendar-seed.js';
import { defaultTeamCalendar } from '../src/world/load-calendar.js';
import type { Agent, Call, CallRecord, ContactRecord, EventRecord, EventStatus, TeamRecord } from '../src/world/records.js';
import { buildSeed } from '../src/world/seed.js';
import { DEFAULT_CALL_TIMING, World, type CallFilter } from '../src/world/world.js';
import { fcOptions } from './helpers/fc-options.js';

const RUNS = Number(process.env['KLEN_FC_RUNS_LISTS'] ?? 150);
/** Per property: past this, the smallest counterexample so far is reported (shrinking a long sequence takes a while). */
const TIME_LIMIT = Math.max(15_000, RUNS * 100);
const IT_TIMEOUT = TIME_LIMIT + 30_000;
const FC_OPTIONS = fcOptions(RUNS, TIME_LIMIT);

const NOW = Date.parse('2025-05-01T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const TEAM_IDS = [101, 202] as const;
const TEAMS: TeamRecord[] = TEAM_IDS.map((id) => ({ id, name: `Team ${id}`, wallet_balance: 100, rate_per_minute: 0.5, calendar: defaultTeamCalendar(id) }));
const AGENTS: Agent[] = [
  { id: 11, assistant_id: 'assistant_a11', team_id: 101 },
  { id: 12, assistant_id: 'assistant_a12', team_id: 101 },
  { id: 13, assistant_id: 'assistant_a13', team_id: 101 },
  { id: 21, assistant_id: 'assistant_b21', team_id: 202 },
  { id: 22, assistant_id: 'assistant_b22', team_id: 202 },
].map((a) => ({ ...a, name: `Agent ${a.id}`, role: 'outbound agent', phone_number: '+15550000000', minutes_used: 0, total_calls: 0, model: 'm', voice_id: 'v', can_make_calls: true }));
const CALL_STATUSES = ['completed', 'failed', 'in-progress', 'queued'] as const;
const CALL_TYPES = ['inbound', 'outbound'] as const;
const STAGES = ['lead', 'prospect', 'customer'];
const CONTACT_STATUSES = ['contacted', 'not_contacted', 'active'];
const TAGS = ['VIP', 'vip', 'Hot Lead', 'Renewal', 'ÉTÉ', 'été'];
const EVENT_STATUSES: EventStatus[] = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'];
/**
 * Name pieces that fold in the interesting ways: case, a precomposed and a decomposed é (NFC
 * makes them one), İ (lower-cases to two code units), ß, Japanese, a surrogate pair; and a and b,
 * whose strings often hold every trigram of a search without holding the search (`abab` is not
 * in `aba bab`): the candidates a long search must check; and U+0000, which the check of those
 * candidates uses between a contact's texts.
 */
const PIECES = ['an', 'An', 'AN', 'smith', 'Smi', 'é', 'e\u0301', 'É', 'İ', 'i', 'ß', 'ss', '山田', 'o', 'x', '-', ' ', '😀', 'ann', 'a', 'b', 'ab', 'ba', 'B', '\u0000'];
/** Names of a and b only: in such a seed, most searches of 4 letters or more have candidates that do not match. */
const AB_PIECES = ['a', 'b', 'A', 'B', 'ab', 'ba', 'aab', ' '];

// ---- the seed

const textOf = (pieces: readonly string[]) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const textArb = fc.oneof(textOf(PIECES), textOf(AB_PIECES));
const callSpecArb = fc.record({ team: fc.constantFrom(...TEAM_IDS), agent: fc.nat(), status: fc.constantFrom(...CALL_STATUSES), type: fc.constantFrom(...CALL_TYPES) });
const contactSpecArb = fc.record({
  team: fc.constantFrom(...TEAM_IDS),
  first: textArb,
  last: fc.option(textArb, { nil: null }),
  email: fc.option(textArb.map((t) => `${t}@example.com`), { nil: null }),
  stage: fc.constantFrom(...STAGES),
  status: fc.constantFrom(...CONTACT_STATUSES),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  /** Few distinct dates, so the order's id tie-break is exercised. */
  day: fc.integer({ min: -40, max: 0 }),
});
const eventSpecArb = fc.record({
  team: fc.constantFrom(...TEAM_IDS),
  /** Minutes from NOW − 30 days: anywhere in two months, or on the hour in the first two days, where starts often tie. */
  start: fc.oneof(fc.integer({ min: 0, max: 60 * 24 * 60 }), fc.integer({ min: 0, max: 48 }).map((hour) => hour * 60)),
  /** Mostly short, now and then days long (the bound on where a range's events begin). */
  minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 120, max: 6 * 24 * 60 })),
  status: fc.constantFrom(...EVENT_STATUSES),
});
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type CallSpec = ValueOf<typeof callSpecArb>;
type ContactSpec = ValueOf<typeof contactSpecArb>;
type EventSpec = ValueOf<typeof eventSpecArb>;

interface SeedSpec {
  calls: Array<{ id: number; spec: CallSpec }>;
  contacts: Array<{ id: number; spec: ContactSpec }>;
  events: Array<{ id: number; spec: EventSpec }>;
}
// seeds of up to `max` records of each kind, any size up to it (fast-check's default size would keep them near ten)
const withIds = <T>(specs: fc.Arbitrary<T>, max: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9_000 }), { maxLength: max, size: 'max' }).chain((ids) => fc.tuple(fc.constant(ids), fc.array(specs, { minLength: ids.length, maxLength: ids.length }))).map(([ids, specs]) => ids.map((id, i) => ({ id, spec: specs[i] as T })));
const seedArb: fc.Arbitrary<SeedSpec> = fc.record({ calls: withIds(callSpecArb, 150), contacts: withIds(contactSpecArb, 150), events: withIds(eventSpecArb, 100) });

const agentOf = (team: number, pick: number): Agent => {
  const ofTeam = AGENTS.filter((a) => a.team_id === team);
  return ofTeam[pick % ofTeam.length] as Agent;
};

function callOf(id: number, spec: CallSpec): Call {
  const agent = agentOf(spec.team, spec.agent);
  return {
    id,
    agent: { id: agent.id, name: agent.name, assistant_id: agent.assistant_id },
    call_id: `call_${id}x`,
    status: spec.status,
    type: spec.type,
    phone_number: '+15551230000',
    started_at: null,
    ended_at: null,
    duration_seconds: null,
    summary: null,
    transcript: null,
    recording_url: null,
    contact: null,
    team: { id: spec.team, name: `Team ${spec.team}` },
    billing: { status: 'pending', initial_charge: 0, final_charge: null, total_charge: null },
  } as Call;
}

function contactOf(id: number, spec: ContactSpec, created = isoSeconds(NOW + spec.day * DAY)): ContactRecord {
  return {
    id,
    first_name: spec.first,
    last_name: spec.last,
    full_name: spec.last === null ? spec.first : `${spec.first} ${spec.last}`,
    email: spec.email,
    company: null,
    website: null,
    stage: spec.stage,
    stage_display: spec.stage,
    status: spec.status,
    status_display: spec.status,
    address: { street: null, city: null, state: null, zip_code: null, country: 'US' },
    timezone: null,
    created_date: created,
    last_call_date: null,
    phone_numbers: [],
    tags: spec.tags,
    recent_notes: [],
    custom_context: {},
    industry_context: {},
    team: { id: spec.team, name: `Team ${spec.team}` },
  } as ContactRecord;
}

function eventOf(id: number, spec: EventSpec): CalendarEventFixture {
  const start = NOW - 30 * DAY + spec.start * MINUTE;
  return {
    id,
    uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    team_id: spec.team,
    title: `Event ${id}`,
    description: null,
    event_type: 'meeting',
    status: spec.status,
    start_time: isoMillis(start),
    end_time: isoMillis(start + spec.minutes * MINUTE),
    created_at: isoMillis(start - DAY),
    updated_at: isoMillis(start - DAY),
    location: null,
    customer: { name: null, email: null, phone: null, notes: null },
    has_video_conference: false,
    video_conference_url: null,
    video_conference_provider: null,
    created_by_ai_agent: false,
    ai_agent_id: null,
    is_reminder_enabled: false,
    remind_before_minutes: 60,
    sync_external_calendars: false,
    send_notifications: false,
    external_calendars: { google: null, outlook: null, gohighlevel: null },
  };
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A world on a seed built from `spec`, and the model the oracle reads. */
function worldOf(spec: SeedSpec): { world: World; model: Model } {
  const contacts = spec.contacts.map(({ id, spec: c }) => contactOf(id, c));
  const seed = buildSeed({
    calls: spec.calls.map(({ id, spec: c }) => callOf(id, c)),
    agents: AGENTS,
    teams: TEAMS,
    doNotCall: [],
    contacts,
    variables: [],
    calendarEvents: spec.events.map(({ id, spec: e }) => eventOf(id, e)),
  });
  const world = new World('lists', seed, { clock: { mode: 'manual', start: NOW }, callTiming: DEFAULT_CALL_TIMING });
  const model: Model = {
    seededCalls: new Map([...seed.callsByTeam].map(([team, list]) => [team, list.map((c) => c.record)])),
    createdCalls: new Map(),
    calls: new Map(),
    seededContacts: new Map([...seed.contactsByTeam].map(([team, list]) => [team, list.map((c) => c.record)])),
    createdContacts: new Map(),
    contacts: new Map(),
    seededEvents: world.calendar.seed.byTeam,
    events: new Map(),
  };
  return { world, model };
}

// ---- the oracle: the lists as a scan of every record computes them

interface Model {
  /** Each team's seeded calls, newest (highest id) first. */
  seededCalls: Map<number, CallRecord[]>;
  /** Each team's created calls' ids, oldest first. */
  createdCalls: Map<number, number[]>;
  /** Calls created or changed in the world. */
  calls: Map<number, CallRecord>;
  /** Each team's seeded contacts, newest first. */
  seededContacts: Map<number, ContactRecord[]>;
  createdContacts: Map<number, number[]>;
  contacts: Map<number, ContactRecord>;
  seededEvents: ReadonlyMap<number, readonly EventRecord[]>;
  /** Events created or changed in the world. */
  events: Map<number, EventRecord>;
}

function page<T>(all: T[], offset: number, limit: number): { count: number; items: T[] } {
  return { count: all.length, items: all.slice(offset, offset + limit) };
}

function oracleCalls(model: Model, team: number, filter: CallFilter): CallRecord[] {
  const created = [...(model.createdCalls.get(team) ?? [])].reverse().map((id) => model.calls.get(id) as CallRecord);
  const seeded = (model.seededCalls.get(team) ?? []).map((c) => model.calls.get(c.id) ?? c);
  const agent = filter.agent === undefined ? undefined : AGENTS.find((a) => (String(a.id) === filter.agent || a.assistant_id === filter.agent) && a.team_id === team);
  if (filter.agent !== undefined && !agent) return [];
  return [...created, ...seeded].filter((c) => (agent === undefined || c.agent_id === agent.id) && (filter.status === undefined || c.status === filter.status) && (filter.type === undefined || c.type === filter.type));
}

interface ContactQuery {
  stage?: string;
  status?: string;
  tag?: string;
  search?: string;
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();
const newer = (a: ContactRecord, b: ContactRecord) => Date.parse(b.created_date) - Date.parse(a.created_date) || b.id - a.id;

function oracleContacts(model: Model, team: number, query: ContactQuery): ContactRecord[] {
  const created = [...(model.createdContacts.get(team) ?? [])].reverse().map((id) => model.contacts.get(id) as ContactRecord);
  const seeded = model.seededContacts.get(team) ?? [];
  // the two lists merged as Get Contacts always merged them (a created one first on a tie)
  const merged: ContactRecord[] = [];
  let c = 0;
  let s = 0;
  while (c < created.length || s < seeded.length) {
    const mine = created[c];
    const seed = seeded[s];
    if (mine && (!seed || newer(mine, seed) <= 0)) {
      merged.push(mine);
      c += 1;
    } else if (seed) {
      merged.push(model.contacts.get(seed.id) ?? seed);
      s += 1;
    }
  }
  const tag = query.tag === undefined ? undefined : fold(query.tag);
  const search = query.search === undefined ? undefined : fold(query.search);
  return merged.filter(
    (x) =>
      (query.stage === undefined || x.stage === query.stage) &&
      (query.status === undefined || x.status === query.status) &&
      (tag === undefined || x.tags.some((t) => fold(t) === tag)) &&
      (search === undefined || [x.first_name, x.last_name, x.full_name, x.email].some((t) => t !== null && fold(t).includes(search))),
  );
}

const startOf = (e: EventRecord) => Date.parse(e.start_time);
const endOf = (e: EventRecord) => Date.parse(e.end_time);

/** Every event of the team (the world's version of each), by start then id. */
function eventsInOrder(model: Model, team: number): EventRecord[] {
  const seeded = (model.seededEvents.get(team) ?? []).filter((e) => !model.events.has(e.id));
  const own = [...model.events.values()].filter((e) => e.team_id === team);
  return [...seeded, ...own].sort((a, b) => startOf(a) - startOf(b) || a.id - b.id);
}

function oracleEvents(model: Model, team: number, from: number, to: number, status: EventStatus | undefined): EventRecord[] {
  if (to <= from) return [];
  return eventsInOrder(model, team).filter((e) => startOf(e) < to && endOf(e) > from && (status === undefined || e.status === status));
}

function oracleBusy(model: Model, team: number, from: number, to: number): Array<{ start: number; end: number }> {
  return eventsInOrder(model, team)
    .filter((e) => startOf(e) < to && endOf(e) > from && e.status !== 'cancelled')
    .map((e) => ({ start: startOf(e), end: endOf(e) }));
}

// ---- the operations

const teamArb = fc.constantFrom(...TEAM_IDS);
const pageArb = fc.record({ page: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 60 })), limit: fc.constantFrom(1, 2, 3, 5, 10, 25, 100) });
const callFilterArb: fc.Arbitrary<CallFilter> = fc.record(
  {
    agent: fc.oneof(...AGENTS.map((a) => fc.constantFrom(String(a.id), a.assistant_id)), fc.constant('999')),
    status: fc.constantFrom(...CALL_STATUSES),
    type: fc.constantFrom(...CALL_TYPES),
  },
  { requiredKeys: [] },
);
/** Searches: pieces of names (as written, upper-cased, or cut), and strings seldom in any. */
const searchArb = fc.oneof(
  textArb,
  textArb.map((t) => t.toUpperCase()),
  fc.tuple(textArb, fc.nat(), fc.integer({ min: 1, max: 6 })).map(([t, at, n]) => t.slice(at % t.length, (at % t.length) + n) || t),
  fc.constantFrom('@example.com', 'mple', 'zz', 'q', 'an s', 'İ', 'i̇', 'é', 'e\u0301', 'ab\u0000', 'b\u0000ab', 'ann\u0000', 'x\u0000a@example'),
  fc.array(fc.constantFrom('a', 'b', 'A'), { minLength: 1, maxLength: 7 }).map((letters) => letters.join('')),
);
const contactQueryArb: fc.Arbitrary<ContactQuery> = fc.record(
  { stage: fc.constantFrom(...STAGES, 'nobody'), status: fc.constantFrom(...CONTACT_STATUSES), tag: fc.constantFrom(...TAGS, 'hot lead', 'none'), search: searchArb },
  { requiredKeys: [] },
);
/**
 * A range: `from` in minutes after NOW − 30 days, or (`anchor`) with its start or its end a
 * minute or two around an event's start or end, where overlapping turns on a single minute.
 */
const rangeArb = fc.record({
  from: fc.integer({ min: -5 * 24 * 60, max: 65 * 24 * 60 }),
  anchor: fc.option(fc.record({ pick: fc.nat(), edge: fc.constantFrom('start', 'end'), shift: fc.integer({ min: -2, max: 2 }), bound: fc.constantFrom('from', 'to') }), { nil: undefined }),
  minutes: fc.oneof(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 0, max: 31 * 24 * 60 })),
});
type RangeSpec = ValueOf<typeof rangeArb>;

type Op =
  | { kind: 'change-seeded-call'; pick: number; status: (typeof CALL_STATUSES)[number]; type: (typeof CALL_TYPES)[number]; agent: number }
  | { kind: 'create-call'; team: number; agent: number; status: (typeof CALL_STATUSES)[number]; type: (typeof CALL_TYPES)[number] }
  | { kind: 'change-created-call'; pick: number; status: (typeof CALL_STATUSES)[number] }
  | { kind: 'create-contact'; spec: ContactSpec; clockBack: boolean }
  | { kind: 'edit-contact'; pick: number; seeded: boolean; spec: ContactSpec }
  | { kind: 'create-event'; spec: EventSpec }
  | { kind: 'move-event'; pick: number; seeded: boolean; spec: EventSpec }
  | { kind: 'cancel-event'; pick: number }
  | { kind: 'list-calls'; team: number; filter: CallFilter; page: number; limit: number }
  | { kind: 'list-contacts'; team: number; query: ContactQuery; page: number; limit: number }
  | ({ kind: 'list-events'; team: number; status: EventStatus | undefined; page: number; limit: number } & RangeSpec)
  | ({ kind: 'busy'; team: number } & RangeSpec);

const callStatusArb = fc.constantFrom(...CALL_STATUSES);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('change-seeded-call' as const), pick: fc.nat(), status: callStatusArb, type: fc.constantFrom(...CALL_TYPES), agent: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('create-call' as const), team: teamArb, agent: fc.nat(), status: callStatusArb, type: fc.constantFrom(...CALL_TYPES) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('change-created-call' as const), pick: fc.nat(), status: callStatusArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('create-contact' as const), spec: contactSpecArb, clockBack: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('edit-contact' as const), pick: fc.nat(), seeded: fc.boolean(), spec: contactSpecArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('create-event' as const), spec: eventSpecArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('move-event' as const), pick: fc.nat(), seeded: fc.boolean(), spec: eventSpecArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('cancel-event' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('list-calls' as const), team: teamArb, filter: callFilterArb }).chain((op) => pageArb.map((p) => ({ ...op, ...p }))), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('list-contacts' as const), team: teamArb, query: contactQueryArb }).chain((op) => pageArb.map((p) => ({ ...op, ...p }))), weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('list-events' as const), team: teamArb, status: fc.option(fc.constantFrom(...EVENT_STATUSES), { nil: undefined }) }).chain((op) => fc.tuple(rangeArb, pageArb).map(([r, p]) => ({ ...op, ...r, ...p }))),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('busy' as const), team: teamArb }).chain((op) => rangeArb.map((r) => ({ ...op, ...r }))), weight: 1 },
);

/** Applies `op` to the world and the model; a read is compared with the oracle. Returns whether it was a read. */
function run(op: Op, world: World, model: Model, spec: SeedSpec): boolean {
  const pickFrom = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  switch (op.kind) {
    case 'change-seeded-call': {
      const seeded = [...model.seededCalls.values()].flat();
      const base = pickFrom(seeded, op.pick);
      if (!base) return false;
      const current = model.calls.get(base.id) ?? base;
      // as the lifecycle or an imported world changes one: status, and now and then agent and type
      const call: CallRecord = { ...current, status: op.status, type: op.type, agent_id: agentOf(current.team_id, op.agent).id };
      world.putCall(call);
      model.calls.set(call.id, call);
      return false;
    }
    case 'create-call': {
      const { id, call_id } = world.newCallIds();
      const call: CallRecord = { ...emptyCall(), id, call_id, team_id: op.team, agent_id: agentOf(op.team, op.agent).id, status: op.status, type: op.type };
      world.addCall(call);
      model.calls.set(id, call);
      model.createdCalls.set(op.team, [...(model.createdCalls.get(op.team) ?? []), id]);
      return false;
    }
    case 'change-created-call': {
      const id = pickFrom([...model.createdCalls.values()].flat(), op.pick);
      if (id === undefined) return false;
      const call = { ...(model.calls.get(id) as CallRecord), status: op.status };
      world.putCall(call);
      model.calls.set(id, call);
      return false;
    }
    case 'create-contact': {
      const id = world.contacts.newContactId();
      // created now by the world's clock, or (an imported world, a clock set back) at a seed date
      const contact = contactOf(id, op.spec, op.clockBack ? undefined : isoSeconds(NOW));
      world.contacts.add(contact);
      model.contacts.set(id, contact);
      model.createdContacts.set(op.spec.team, [...(model.createdContacts.get(op.spec.team) ?? []), id]);
      return false;
    }
    case 'edit-contact': {
      const ids = op.seeded ? spec.contacts.map((c) => c.id) : [...model.createdContacts.values()].flat();
      const id = pickFrom(ids, op.pick);
      if (id === undefined) return false;
      const current = world.contacts.get(id) as ContactRecord;
      // a write keeps the id, the team and the creation date; names, stage, status and tags change
      const edited = contactOf(id, { ...op.spec, team: current.team.id as ContactSpec['team'] }, current.created_date);
      world.contacts.put(edited);
      model.contacts.set(id, edited);
      return false;
    }
    case 'create-event': {
      const { id, uuid } = world.calendar.newIds();
      const event: EventRecord = { ...placed(eventOf(id, op.spec)), uuid };
      world.calendar.put(event);
      model.events.set(id, event);
      return false;
    }
    case 'move-event': {
      const ids = op.seeded ? spec.events.map((e) => e.id) : [...model.events.keys()];
      const id = pickFrom(ids, op.pick);
      if (id === undefined) return false;
      const current = world.calendar.get(id) as EventRecord;
      const start = NOW - 30 * DAY + op.spec.start * MINUTE;
      const moved: EventRecord = { ...current, start_time: isoMillis(start), end_time: isoMillis(start + op.spec.minutes * MINUTE), status: op.spec.status, revision: current.revision + 1 };
      world.calendar.put(moved);
      model.events.set(id, moved);
      return false;
    }
    case 'cancel-event': {
      const id = pickFrom([...spec.events.map((e) => e.id), ...model.events.keys()], op.pick);
      if (id === undefined) return false;
      const current = world.calendar.get(id) as EventRecord;
      const cancelled: EventRecord = { ...current, status: 'cancelled', revision: current.revision + 1 };
      world.calendar.put(cancelled);
      model.events.set(id, cancelled);
      return false;
    }
    case 'list-calls': {
      const offset = (op.page - 1) * op.limit;
      const expected = page(oracleCalls(model, op.team, op.filter), offset, op.limit);
      const actual = world.listCalls(op.team, op.filter, offset, op.limit);
      expect({ count: actual.count, ids: actual.calls.map((c) => c.id) }, JSON.stringify(op)).toEqual({ count: expected.count, ids: expected.items.map((c) => c.id) });
      actual.calls.forEach((call, i) => expect(call).toBe(expected.items[i]));
      return true;
    }
    case 'list-contacts': {
      const offset = (op.page - 1) * op.limit;
      const expected = page(oracleContacts(model, op.team, op.query), offset, op.limit);
      const actual = world.contacts.list(op.team, op.query, offset, op.limit);
      expect({ count: actual.count, ids: actual.contacts.map((c) => c.id) }, JSON.stringify(op)).toEqual({ count: expected.count, ids: expected.items.map((c) => c.id) });
      actual.contacts.forEach((contact, i) => expect(contact).toBe(expected.items[i]));
      return true;
    }
    case 'list-events': {
      const offset = (op.page - 1) * op.limit;
      const { from, to } = rangeOf(op, model, op.team);
      const expected = page(oracleEvents(model, op.team, from, to, op.status), offset, op.limit);
      const actual = world.calendar.list(op.team, { from, to, ...(op.status ? { status: op.status } : {}) }, offset, op.limit);
      expect({ count: actual.count, ids: actual.events.map((e) => e.id) }, JSON.stringify(op)).toEqual({ count: expected.count, ids: expected.items.map((e) => e.id) });
      return true;
    }
    case 'busy': {
      const { from, to } = rangeOf(op, model, op.team);
      expect(world.calendar.busy(op.team, from, to), JSON.stringify(op)).toEqual(oracleBusy(model, op.team, from, to));
      return true;
    }
  }
}

/** The range [from, to) in epoch ms. */
function rangeOf(range: RangeSpec, model: Model, team: number): { from: number; to: number } {
  const events = eventsInOrder(model, team);
  const anchor = range.anchor && events.length > 0 ? (events[range.anchor.pick % events.length] as EventRecord) : undefined;
  if (!anchor || !range.anchor) {
    const from = NOW - 30 * DAY + range.from * MINUTE;
    return { from, to: from + range.minutes * MINUTE };
  }
  const at = (range.anchor.edge === 'start' ? startOf(anchor) : endOf(anchor)) + range.anchor.shift * MINUTE;
  return range.anchor.bound === 'from' ? { from: at, to: at + range.minutes * MINUTE } : { from: at - range.minutes * MINUTE, to: at };
}

/** An event record as the seed places a fixed-time fixture. */
function placed(fixture: CalendarEventFixture): EventRecord {
  return { ...fixture, start_time: fixture.start_time as string, end_time: fixture.end_time as string, created_at: fixture.created_at as string, updated_at: fixture.updated_at as string, revision: 0 };
}

function emptyCall(): CallRecord {
  return { id: 0, call_id: '', team_id: 0, agent_id: 0, contact_id: null, status: 'queued', type: 'outbound', phone_number: '+15550000000', started_at: null, ended_at: null, duration_seconds: null, summary: null, transcript: null, recording_url: null, billing: { status: 'pending', initial_charge: 0, final_charge: null, total_charge: null } };
}

describe('the indexed lists give exactly what a scan of every record gives', () => {
  it('Get Calls, Get Contacts, Get Events and busy times, over random seeds and world writes, every filter and page', () => {
    let reads = 0;
    fc.assert(
      fc.property(seedArb, fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }), (spec, ops) => {
        const { world, model } = worldOf(spec);
        for (const op of ops) if (run(op, world, model, spec)) reads += 1;
      }),
      FC_OPTIONS,
    );
    expect(reads).toBeGreaterThan(RUNS);
  }, IT_TIMEOUT);

  it('events that start together are listed by id, whether seeded, moved there or created there', () => {
    const at = (id: number, start: number, minutes = 30) => ({ id, spec: { team: 101 as const, start, minutes, status: 'confirmed' as EventStatus } });
    // 5 and 9 start on the hour; 3 an hour later, 1 a minute after the hour; 2 runs for days from the day before
    const spec: SeedSpec = { calls: [], contacts: [], events: [at(5, 60), at(9, 60), at(3, 120), at(1, 61), at(2, -1440 + 30, 4 * 1440)] };
    const { world, model } = worldOf(spec);
    const range = { from: 0, anchor: undefined, minutes: 24 * 60 };
    const read = () => {
      run({ kind: 'list-events', team: 101, status: undefined, page: 1, limit: 100, ...range }, world, model, spec);
      run({ kind: 'busy', team: 101, ...range }, world, model, spec);
      return world.calendar.list(101, { from: NOW - 30 * DAY, to: NOW - 29 * DAY }, 0, 100).events.map((e) => e.id);
    };
    expect(read()).toEqual([2, 5, 9, 1, 3]);
    // 3 moved onto the hour: its id puts it before 5 and 9, the seeded events that start then
    run({ kind: 'move-event', pick: 2, seeded: true, spec: at(3, 60).spec }, world, model, spec);
    expect(read()).toEqual([2, 3, 5, 9, 1]);
    // a created event on the hour: its id is above every seeded one
    run({ kind: 'create-event', spec: at(0, 60).spec }, world, model, spec);
    const created = Math.max(...model.events.keys());
    expect(read()).toEqual([2, 3, 5, 9, created, 1]);
    // 9 moved a minute later: after 1 (same start, higher id)
    run({ kind: 'move-event', pick: 1, seeded: true, spec: at(9, 61).spec }, world, model, spec);
    expect(read()).toEqual([2, 3, 5, created, 1, 9]);
  });

  it('reads right after the seed (nothing written) and after many writes to one record agree too', () => {
    fc.assert(
      fc.property(seedArb, fc.nat(), fc.array(callStatusArb, { minLength: 1, maxLength: 10 }), callFilterArb, pageArb, (spec, pick, statuses, filter, { page: p, limit }) => {
        const { world, model } = worldOf(spec);
        for (const team of TEAM_IDS) run({ kind: 'list-calls', team, filter, page: p, limit }, world, model, spec);
        // the same seeded call written again and again: in and out of the filter, and back as seeded
        for (const status of statuses) {
          run({ kind: 'change-seeded-call', pick, status, type: 'outbound', agent: 0 }, world, model, spec);
          for (const team of TEAM_IDS) run({ kind: 'list-calls', team, filter, page: p, limit }, world, model, spec);
        }
      }),
      FC_OPTIONS,
    );
  }, IT_TIMEOUT);
});
