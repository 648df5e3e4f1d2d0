/**
 * The bulk calls of a sized fixture set: after the shipped ones, seeded calls up to the total
 * asked, most of them the example key's team's (101), spread over every agent that has a number,
 * every status and both types in realistic shares, so each Get Calls filter (and each pair of
 * them) matches a fraction of the team's calls. They call the bulk contacts only (so the shipped,
 * documented contacts stay as the pages show them); a contact's `last_call_date` is its last
 * completed call's end, and every call shows its contact as the contact record is.
 */
import type { components } from '../types/openapi.js';
import type { Draws } from './bulk-draws.js';
import { TEAM_WEIGHTS } from './bulk-contacts.js';
import { AGENT_LINES, CUSTOMER_LINES, REFERENCE_DATE, iso, round2 } from './generate-calls.js';
import { AGENTS, TEAMS } from './seed-records.js';

type Call = components['schemas']['Call'];
type Contact = components['schemas']['Contact'];
type Status = Call['status'];

/** Ids of the bulk calls start here (above the shipped ones). */
export const FIRST_BULK_CALL_ID = 10_001;
const STATUSES = [['completed', 70], ['failed', 18], ['in-progress', 7], ['queued', 5]] as const satisfies ReadonlyArray<readonly [Status, number]>;
const EARLIEST_CALL = Date.parse('2024-01-01T00:00:00Z');
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const TOPICS = ['pricing', 'delivery times', 'a renewal', 'an appointment', 'a support ticket'];
const OUTCOMES = ['requested a follow-up call', 'booked a meeting', 'asked for an emailed quote', 'was not interested for now'];
/** Unknown inbound callers (no contact) get numbers from here on. */
const FIRST_UNKNOWN_LINE = '+15554';

/**
 * `count` calls numbered from FIRST_BULK_CALL_ID, and the contacts with their last call dates.
 * `takenCallIds`: the shipped call_ids, which no bulk call reuses.
 */
export function bulkCalls(count: number, contacts: readonly Contact[], draws: Draws, takenCallIds: ReadonlySet<string>): { calls: Call[]; contacts: Contact[] } {
  const callable = new Map<number, Contact[]>();
  for (const contact of contacts) {
    if (contact.phone_numbers.length === 0 || !contact.team) continue;
    const list = callable.get(contact.team.id) ?? [];
    list.push(contact);
    callable.set(contact.team.id, list);
  }
  const callIds = new Set(takenCallIds);
  const calls: Call[] = [];
  const contactOf = new Map<Call, Contact>();
  for (let n = 0; n < count; n += 1) {
    const teamId = draws.weighted(TEAM_WEIGHTS);
    const team = TEAMS.find((t) => t.id === teamId) as (typeof TEAMS)[number];
    const agent = draws.pick(AGENTS.filter((a) => a.team_id === teamId && a.phone_number !== null));
    const status = draws.weighted(STATUSES);
    const type = status === 'queued' || draws.chance(0.6) ? 'outbound' : 'inbound';
    // one inbound call in six is from a number no contact has
    const candidates = callable.get(teamId) ?? [];
    const contact = candidates.length === 0 || (type === 'inbound' && draws.chance(1 / 6)) ? undefined : draws.pick(candidates);
    let callId = `call_${draws.alphanumeric(10)}`;
    while (callIds.has(callId)) callId = `call_${draws.alphanumeric(10)}`;
    callIds.add(callId);
    const started =
      status === 'queued' ? null : status === 'in-progress' ? REFERENCE_DATE.getTime() - draws.int(60, 1200) * 1000 : EARLIEST_CALL + Math.floor(draws.next() * (REFERENCE_DATE.getTime() - 3_600_000 - EARLIEST_CALL));
    const startedAt = started === null ? null : Math.floor(started / 1000) * 1000;
    const duration = status === 'completed' ? draws.int(25, 1500) : status === 'failed' ? 0 : null;
    const endedAt = startedAt === null || duration === null ? null : startedAt + (status === 'failed' ? draws.int(5, 40) : duration) * 1000;
    const company = contact?.company ?? null;
    const charge = round2(0.5 + draws.int(0, 150) / 100);
    const final = duration === null ? null : round2(Math.max(charge, (duration / 60) * team.rate_per_minute));
    const call: Call = {
      id: FIRST_BULK_CALL_ID + n,
      agent: { id: agent.id, name: agent.name, assistant_id: agent.assistant_id },
      call_id: callId,
      status,
      type,
      phone_number: contact ? draws.pick(contact.phone_numbers).phone_number : `${FIRST_UNKNOWN_LINE}${String(n).padStart(6, '0')}`,
      started_at: startedAt === null ? null : iso(new Date(startedAt)),
      ended_at: endedAt === null ? null : iso(new Date(endedAt)),
      duration_seconds: duration,
      summary: status === 'completed' ? `${agent.name} discussed ${draws.pick(TOPICS)} with the customer${company ? ` from ${company}` : ''}. The customer ${draws.pick(OUTCOMES)}.` : null,
      transcript: status === 'completed' ? transcript(draws, agent.name, company ?? 'our company') : null,
      recording_url: status === 'completed' && draws.chance(0.75) ? `https://storage.example.com/recordings/${callId}.mp3` : null,
      contact: null,
      team: { id: team.id, name: team.name },
      billing:
        status === 'completed'
          ? { status: 'billed', initial_charge: charge, final_charge: final, total_charge: final }
          : status === 'failed'
            ? { status: 'not_billed', initial_charge: 0, final_charge: 0, total_charge: 0 }
            : status === 'queued'
              ? { status: 'pending', initial_charge: 0, final_charge: null, total_charge: null }
              : { status: 'pending', initial_charge: charge, final_charge: null, total_charge: null },
    };
    calls.push(call);
    if (contact) contactOf.set(call, contact);
  }

  // a contact's last call date is the end of its last completed call; its calls show it so
  const lastCall = new Map<number, string>();
  for (const call of calls) {
    const contact = contactOf.get(call);
    if (!contact || call.status !== 'completed' || call.ended_at === null) continue;
    if ((lastCall.get(contact.id) ?? '') < call.ended_at) lastCall.set(contact.id, call.ended_at);
  }
  const dated = contacts.map((c) => (lastCall.has(c.id) ? { ...c, last_call_date: lastCall.get(c.id) as string } : c));
  const byId = new Map(dated.map((c) => [c.id, c]));
  for (const call of calls) {
    const called = contactOf.get(call);
    if (!called) continue;
    const c = byId.get(called.id) as Contact;
    call.contact = { id: c.id, name: c.full_name, email: c.email, company: c.company, status: c.status, stage: c.stage, last_call_date: c.last_call_date };
  }
  return { calls, contacts: dated };
}

/** Two to five turns, the agent first, as the shipped transcripts go. */
function transcript(draws: Draws, agent: string, company: string): string {
  const day = draws.pick(WEEKDAYS);
  const fill = (line: string) => line.replace('{agent}', agent).replace('{company}', company).replace('{day}', day);
  const lines: string[] = [];
  for (let i = draws.int(2, 5); i > 0; i -= 1) {
    lines.push(`Agent: ${fill(lines.length === 0 ? (AGENT_LINES[0] as string) : draws.pick(AGENT_LINES.slice(1)))}`);
    lines.push(`Customer: ${fill(draws.pick(CUSTOMER_LINES))}`);
  }
  return lines.join('\n');
}
