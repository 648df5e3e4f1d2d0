import { createHash } from 'node:crypto';
import { serialize, type SerializedBody } from '../router/serialized-body.js';
import type { Agent, Call, CallRecord, ContactRecord, DoNotCallEntry, TeamRecord } from './records.js';

/** A seeded call: its record, and the detail object's JSON as the fixture wrote it (validated at load). */
export interface SeedCall {
  record: CallRecord;
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
  maxCallId: number;
  agents: ReadonlyMap<number, Agent>;
  agentsByAssistantId: ReadonlyMap<string, Agent>;
  teams: ReadonlyMap<number, TeamRecord>;
  contacts: ReadonlyMap<number, ContactRecord>;
  /** `team|phone` → contact id: who a number belongs to, per team. */
  contactByPhone: ReadonlyMap<string, number>;
  /** `team|phone` of every number on a Do Not Call list. */
  doNotCall: ReadonlyMap<string, DoNotCallEntry>;
  /** SHA-256 of the fixture data: a reload with the same digest keeps the worlds. */
  digest: string;
  counts: { calls: number; agents: number; teams: number; doNotCall: number };
}

/** The seed's key for per-team phone lookups. */
export function teamPhone(teamId: number, phone: string): string {
  return `${teamId}|${phone}`;
}

/** Builds the seed from fixtures already validated one by one and against each other. */
export function buildSeed(data: { calls: readonly Call[]; agents: readonly Agent[]; teams: readonly TeamRecord[]; doNotCall: readonly DoNotCallEntry[] }): Seed {
  const callsByEitherId = new Map<string, SeedCall>();
  const callsByTeam = new Map<number, SeedCall[]>();
  const contacts = new Map<number, ContactRecord>();
  const contactByPhone = new Map<string, number>();
  let maxCallId = 0;
  for (const call of data.calls) {
    const seeded: SeedCall = { record: toRecord(call), json: serialize(call) };
    callsByEitherId.set(String(call.id), seeded);
    callsByEitherId.set(call.call_id, seeded);
    const list = callsByTeam.get(call.team.id) ?? [];
    list.push(seeded);
    callsByTeam.set(call.team.id, list);
    maxCallId = Math.max(maxCallId, call.id);
    if (call.contact) {
      const known = contacts.get(call.contact.id) ?? { contact: call.contact, team_id: call.team.id, phone_numbers: [] };
      if (!known.phone_numbers.includes(call.phone_number)) known.phone_numbers.push(call.phone_number);
      contacts.set(call.contact.id, known);
      contactByPhone.set(teamPhone(call.team.id, call.phone_number), call.contact.id);
    }
  }
  for (const list of callsByTeam.values()) list.sort((a, b) => b.record.id - a.record.id);
  const digest = createHash('sha256').update(JSON.stringify(data)).digest('hex');
  return {
    callsByEitherId,
    callsByTeam,
    maxCallId,
    agents: new Map(data.agents.map((a) => [a.id, a])),
    agentsByAssistantId: new Map(data.agents.map((a) => [a.assistant_id, a])),
    teams: new Map(data.teams.map((t) => [t.id, t])),
    contacts,
    contactByPhone,
    doNotCall: new Map(data.doNotCall.map((d) => [teamPhone(d.team_id, d.phone_number), d])),
    digest,
    counts: { calls: data.calls.length, agents: data.agents.length, teams: data.teams.length, doNotCall: data.doNotCall.length },
  };
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
