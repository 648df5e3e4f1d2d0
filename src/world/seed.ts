import { createHash } from 'node:crypto';
import { serialize, type SerializedBody } from '../router/serialized-body.js';
import { dayKey, resolveCalendar, type CalendarEventFixture, type SeedCalendar } from './calendar-seed.js';
import { SeedCallIndex } from './call-index.js';
import { SeedContactIndex } from './contact-index.js';
import { endStatusOf } from './magic-numbers.js';
import type { Agent, Call, CallRecord, ContactRecord, DoNotCallEntry, TeamRecord, VariableRecord } from './records.js';

/** A seeded call: its record, and the detail object's JSON as the fixture wrote it (validated at load). */
export interface SeedCall {
  record: CallRecord;
  json: SerializedBody;
}

/** A seeded contact: its record, and the Get Contact Details JSON as the fixture wrote it (validated at load). */
export interface SeedContact {
  record: ContactRecord;
  json: SerializedBody;
}

/**
 * The validated fixtures, immutable and shared by every world: a world starts as a thin layer
 * over the seed and copies only what it changes.
 */
export interface Seed {
  /** Calls by database id and by call_id (the loader rejects a call_id that reads as another call's id). */
  callsByEitherId: ReadonlyMap<string, SeedCall>;
  /** Each team's calls, newest (highest id) first. */
  callsByTeam: ReadonlyMap<number, readonly SeedCall[]>;
  /** Get Calls' filters over callsByTeam (built per team and filter on first use). */
  callIndex: SeedCallIndex;
  maxCallId: number;
  agents: ReadonlyMap<number, Agent>;
  agentsByAssistantId: ReadonlyMap<string, Agent>;
  teams: ReadonlyMap<number, TeamRecord>;
  contacts: ReadonlyMap<number, SeedContact>;
  /** Each team's contacts, newest first (by created_date, then id): the order Get Contacts lists. */
  contactsByTeam: ReadonlyMap<number, readonly SeedContact[]>;
  /** Get Contacts' filters and search over contactsByTeam (built per team on first use). */
  contactIndex: SeedContactIndex;
  /** `team|phone` → the ids of the team's contacts with that number, lowest first. */
  contactsByPhone: ReadonlyMap<string, readonly number[]>;
  /** Highest ids in use: a world numbers what it creates after them. */
  maxIds: { contact: number; phone: number; note: number; variable: number; event: number };
  /** The seeded calendar events as a world that started at `worldStart` sees them (shared per day). */
  calendar(worldStart: number): SeedCalendar;
  /** Context variable definitions by id: the default ones (team null) and each team's. */
  variables: ReadonlyMap<number, VariableRecord>;
  /** `team|phone` of every number on a team's Do Not Call list (do-not-call.json: numbers of no contact). */
  doNotCall: ReadonlyMap<string, DoNotCallEntry>;
  /** SHA-256 of the fixture data: a reload with the same digest keeps the worlds. */
  digest: string;
  counts: { calls: number; agents: number; teams: number; doNotCall: number; contacts: number; contextVariables: number; calendarEvents: number };
}

/** The seed's key for per-team phone lookups. */
export function teamPhone(teamId: number, phone: string): string {
  return `${teamId}|${phone}`;
}

export interface SeedData {
  calls: readonly Call[];
  agents: readonly Agent[];
  teams: readonly TeamRecord[];
  doNotCall: readonly DoNotCallEntry[];
  contacts: readonly ContactRecord[];
  variables: readonly VariableRecord[];
  calendarEvents: readonly CalendarEventFixture[];
}

/** Builds the seed from fixtures already validated one by one and against each other. */
export function buildSeed(data: SeedData): Seed {
  const callsByEitherId = new Map<string, SeedCall>();
  const callsByTeam = new Map<number, SeedCall[]>();
  let maxCallId = 0;
  /** Each record's JSON, in the fixture's order (the digest hashes them). */
  const callTexts: string[] = [];
  const contactTexts: string[] = [];
  for (const call of data.calls) {
    const seeded: SeedCall = { record: toRecord(call), json: serialize(call) };
    callTexts.push(seeded.json.text);
    callsByEitherId.set(String(call.id), seeded);
    callsByEitherId.set(call.call_id, seeded);
    const list = callsByTeam.get(call.team.id) ?? [];
    list.push(seeded);
    callsByTeam.set(call.team.id, list);
    maxCallId = Math.max(maxCallId, call.id);
  }
  for (const list of callsByTeam.values()) list.sort((a, b) => b.record.id - a.record.id);

  const contacts = new Map<number, SeedContact>();
  const contactsByTeam = new Map<number, SeedContact[]>();
  const contactsByPhone = new Map<string, number[]>();
  const maxIds = { contact: 0, phone: 0, note: 0, variable: 0, event: 0 };
  for (const record of data.contacts) {
    const seeded: SeedContact = { record, json: serialize(record) };
    contactTexts.push(seeded.json.text);
    contacts.set(record.id, seeded);
    const list = contactsByTeam.get(record.team.id) ?? [];
    list.push(seeded);
    contactsByTeam.set(record.team.id, list);
    for (const phone of record.phone_numbers) {
      const key = teamPhone(record.team.id, phone.phone_number);
      contactsByPhone.set(key, [...(contactsByPhone.get(key) ?? []), record.id].sort((a, b) => a - b));
      maxIds.phone = Math.max(maxIds.phone, phone.id);
    }
    for (const note of record.recent_notes) maxIds.note = Math.max(maxIds.note, note.id);
    maxIds.contact = Math.max(maxIds.contact, record.id);
  }
  for (const [team, list] of contactsByTeam) contactsByTeam.set(team, newestFirstOrder(list));
  for (const variable of data.variables) maxIds.variable = Math.max(maxIds.variable, variable.id);
  for (const event of data.calendarEvents) maxIds.event = Math.max(maxIds.event, event.id);
  const teams = new Map(data.teams.map((t) => [t.id, t]));

  // the calls and contacts were just serialized, record by record: the digest hashes those texts
  const digest = digestOf(data, { calls: callTexts, contacts: contactTexts });
  return {
    callsByEitherId,
    callsByTeam,
    callIndex: new SeedCallIndex(callsByTeam),
    maxCallId,
    agents: new Map(data.agents.map((a) => [a.id, a])),
    agentsByAssistantId: new Map(data.agents.map((a) => [a.assistant_id, a])),
    teams,
    contacts,
    contactsByTeam,
    contactIndex: new SeedContactIndex(contactsByTeam),
    contactsByPhone,
    maxIds,
    variables: new Map([...data.variables].sort((a, b) => a.id - b.id).map((v) => [v.id, v])),
    doNotCall: new Map(data.doNotCall.map((d) => [teamPhone(d.team_id, d.phone_number), d])),
    calendar: calendarResolver(data.calendarEvents, teams),
    digest,
    counts: { calls: data.calls.length, agents: data.agents.length, teams: data.teams.length, doNotCall: data.doNotCall.length, contacts: data.contacts.length, contextVariables: data.variables.length, calendarEvents: data.calendarEvents.length },
  };
}

/**
 * SHA-256 of `JSON.stringify(data)`, hashed a record at a time: the same bytes (a data
 * directory remembers the digest of the fixtures its worlds were saved on), without the whole
 * seed as one string, which for 100,000 calls is hundreds of MB (twice that once a name outside
 * Latin-1 makes it a two-byte string) held at once while the sandbox starts. `serialized` gives
 * records' JSON already made (`serialized.calls[i]` is `JSON.stringify(data.calls[i])`).
 */
export function digestOf(data: SeedData, serialized: { readonly [K in keyof SeedData]?: readonly string[] } = {}): string {
  const hash = createHash('sha256');
  let separator = '{';
  for (const [name, records] of Object.entries(data) as Array<[keyof SeedData, readonly unknown[]]>) {
    const texts = serialized[name];
    hash.update(`${separator}${JSON.stringify(name)}:[`);
    records.forEach((record, i) => {
      const text = texts?.[i] ?? JSON.stringify(record);
      hash.update(i === 0 ? text : `,${text}`);
    });
    hash.update(']');
    separator = ',';
  }
  hash.update(separator === '{' ? '{}' : '}');
  return hash.digest('hex');
}

/** How many placements of the relative events are kept (worlds started on other days than these are placed again). */
const PLACEMENTS_KEPT = 8;

/**
 * The seeded events placed for a world's start, computed once per set of days (the local date in
 * each timezone of a team with relative events): every world started on the same days shares one
 * copy (the events at fixed times are the same in every placement).
 */
function calendarResolver(fixtures: readonly CalendarEventFixture[], teams: ReadonlyMap<number, TeamRecord>): (worldStart: number) => SeedCalendar {
  const zones = [...new Set(fixtures.filter((f) => f.starts).map((f) => teams.get(f.team_id)?.calendar.timezone ?? 'UTC'))].sort();
  const placements = new Map<string, SeedCalendar>();
  return (worldStart) => {
    const key = dayKey(zones, worldStart);
    let placed = placements.get(key);
    if (!placed) {
      placed = resolveCalendar(fixtures, teams, worldStart, endStatusOf);
      if (placements.size >= PLACEMENTS_KEPT) placements.delete(placements.keys().next().value as string);
      placements.set(key, placed);
    }
    return placed;
  };
}

/** A team's contacts in Get Contacts' order: newest `created_date` first, then highest id (each date parsed once, not at every comparison). */
function newestFirstOrder(list: readonly SeedContact[]): SeedContact[] {
  return list
    .map((seeded) => ({ seeded, ms: Date.parse(seeded.record.created_date) }))
    .sort((a, b) => b.ms - a.ms || b.seeded.record.id - a.seeded.record.id)
    .map(({ seeded }) => seeded);
}

function toRecord(call: Call): CallRecord {
  return {
    id: call.id,
    call_id: call.call_id,
    team_id: call.team.id,
    agent_id: call.agent.id,
    contact_id: call.contact?.id ?? null,
    status: call.status,
    type: call.type,
    phone_number: call.phone_number,
    started_at: call.started_at,
    ended_at: call.ended_at,
    duration_seconds: call.duration_seconds,
    summary: call.summary,
    transcript: call.transcript,
    recording_url: call.recording_url,
    billing: call.billing,
  };
}
