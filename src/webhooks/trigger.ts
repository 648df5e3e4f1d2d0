import { cancelStoredEvent, storeCreatedEvent, storeUpdatedEvent } from '../calendar/event-store.js';
import { writeEvent } from '../calendar/event-write.js';
import { ApiError } from '../errors/api-error.js';
import { startCall } from '../world/call-lifecycle.js';
import { primaryPhone } from '../world/contact-fields.js';
import { FAILING_NUMBERS, NO_SHOW_NUMBER } from '../world/magic-numbers.js';
import type { CallRecord, ContactRecord, EventRecord } from '../world/records.js';
import type { World, WorldEvent } from '../world/world.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './registry.js';

/** What the admin API's trigger is asked: an event, and the object it is about (else one is generated). */
export interface TriggerRequest {
  event_type: string;
  /** An existing call: database id or call_id. */
  call_id?: string;
  /** An existing calendar event: id or UUID. */
  event_id?: string;
  /** The team of a generated object (default: the seed's first team). */
  team_id?: number;
}

export interface TriggerResult {
  /** Whether a call or calendar event was generated for it. */
  generated: boolean;
  /** The events recorded: the one asked for, after any a generated object's history brought first. */
  events: WorldEvent[];
}

/**
 * What state an existing call must be in for each call event to be true of it (the payload
 * schemas in openapi.yaml's `webhooks` say the same: `call.started` carries an in-progress call).
 */
const CALL_STATE: Record<string, { holds: (call: CallRecord) => boolean; needs: string }> = {
  'call.started': { holds: (c) => c.status === 'in-progress', needs: 'a call in progress' },
  'call.ended': { holds: (c) => c.status === 'completed', needs: 'a completed call' },
  'call.failed': { holds: (c) => c.status === 'failed', needs: 'a failed call' },
  'call.transcript': { holds: (c) => c.status === 'completed' && c.transcript !== null, needs: 'a completed call with its transcript' },
  'call.summary': { holds: (c) => c.status === 'completed' && c.summary !== null, needs: 'a completed call with its summary' },
  'call.recording': { holds: (c) => c.status === 'completed' && c.recording_url !== null, needs: 'a completed call with its recording' },
};

const upcoming = (e: EventRecord) => e.status === 'scheduled' || e.status === 'confirmed';
const EVENT_STATE: Record<string, { holds: (event: EventRecord) => boolean; needs: string }> = {
  'calendar.created': { holds: upcoming, needs: 'a scheduled or confirmed event' },
  'calendar.updated': { holds: () => true, needs: 'an event' },
  'calendar.cancelled': { holds: (e) => e.status === 'cancelled', needs: 'a cancelled event' },
  'calendar.completed': { holds: (e) => e.status === 'completed', needs: 'a completed event' },
  'calendar.reminder': { holds: upcoming, needs: 'a scheduled or confirmed event' },
};

/**
 * Fires a webhook event on demand, as `stripe trigger` does. For an existing call or calendar
 * event, the event is recorded for it now (it must be true of the object: `call.ended` needs a
 * completed call). Without one, an object is generated through the sandbox's own lifecycle and
 * dated so that the event asked for happens now: a generated `call.summary` is a call that
 * connected, ended and was transcribed just before, so its earlier events are recorded (and
 * delivered) first, and the rest of its life follows on the clock, as for any call. The object
 * stays in the world, readable through the API like any other.
 */
export function triggerEvent(world: World, request: TriggerRequest): TriggerResult | ApiError {
  const type = request.event_type as WebhookEventType;
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) return new ApiError(400, 'invalid_event_type', `Unknown event type: ${request.event_type}. Valid types: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  const isCall = type.startsWith('call.');
  const idGiven = isCall ? request.call_id : request.event_id;
  const otherId = isCall ? request.event_id : request.call_id;
  if (otherId !== undefined) return new ApiError(400, 'validation_error', `${type} is about a ${isCall ? 'call: give call_id' : 'calendar event: give event_id'}, not ${isCall ? 'event_id' : 'call_id'}`);
  if (idGiven !== undefined && request.team_id !== undefined) return new ApiError(400, 'validation_error', 'team_id is for a generated object: an existing one has its own team');
  const before = world.events().at(-1)?.sequence ?? 0;
  const result = world.triggering(() => (idGiven === undefined ? generate(world, type, request.team_id) : existing(world, type, idGiven)));
  if (result instanceof ApiError) return result;
  return { generated: idGiven === undefined, events: world.events(before) };
}

/** Records `type` for an existing object, if it is true of it. */
function existing(world: World, type: WebhookEventType, id: string): ApiError | undefined {
  const now = world.clock.now();
  if (type.startsWith('call.')) {
    const call = teams(world).map((team) => world.findCall(id, team)?.record).find((c) => c !== undefined);
    if (!call) return new ApiError(404, 'not_found', `No call ${JSON.stringify(id)} in this world`);
    const rule = CALL_STATE[type] as (typeof CALL_STATE)[string];
    if (!rule.holds(call)) return new ApiError(409, 'invalid_state', `Call ${call.id} is ${call.status}: ${type} needs ${rule.needs} (leave out call_id to generate one)`);
    world.emit(type, now, { call: { id: call.id, call_id: call.call_id } }, type === 'call.failed' ? { reason: call.failure_reason ?? 'failed' } : {});
    return undefined;
  }
  const event = teams(world).map((team) => world.calendar.find(id, team)).find((e) => e !== undefined);
  if (!event) return new ApiError(404, 'not_found', `No calendar event ${JSON.stringify(id)} in this world`);
  const rule = EVENT_STATE[type] as (typeof EVENT_STATE)[string];
  if (!rule.holds(event)) return new ApiError(409, 'invalid_state', `Event ${event.id} is ${event.status}: ${type} needs ${rule.needs} (leave out event_id to generate one)`);
  world.emit(type, now, { calendar_event: { id: event.id, uuid: event.uuid } });
  return undefined;
}

/** Generates an object of the team whose life brings `type` now. */
function generate(world: World, type: WebhookEventType, teamId: number | undefined): ApiError | undefined {
  const team = teamId ?? teams(world)[0];
  if (team === undefined || !world.team(team)) return new ApiError(404, 'not_found', `No team ${teamId} in the fixtures`);
  const agent = world.agentsOfTeam(team).find((a) => a.phone_number !== null);
  const contact = contactOf(world, team);
  return type.startsWith('call.') ? generateCall(world, type, team, agent, contact) : generateEvent(world, type, team, agent?.id, contact);
}

function generateCall(world: World, type: WebhookEventType, team: number, agent: ReturnType<World['agentsOfTeam']>[number] | undefined, contact: ContactRecord | undefined): ApiError | undefined {
  if (!agent) return new ApiError(409, 'invalid_state', `Team ${team} has no agent with a phone number to place a call`);
  const { queueSeconds: queue, talkSeconds: talk, processingSeconds: processing } = world.timing;
  // how long before now the call must be placed for `type` to fall due now
  const lead = { 'call.started': queue, 'call.failed': queue, 'call.ended': queue + talk, 'call.transcript': queue + talk + processing, 'call.summary': queue + talk + 2 * processing, 'call.recording': queue + talk + 3 * processing }[type as string] as number;
  const failing = type === 'call.failed';
  const phone = failing ? (Object.keys(FAILING_NUMBERS)[0] as string) : contact ? (primaryPhone(contact) as string) : '+15551230000';
  const now = world.clock.now();
  world.clock.asOf(now - lead * 1000, () => startCall(world, { teamId: team, agent, phoneNumber: phone, contactId: failing ? null : (contact?.id ?? null), variables: undefined }));
  world.clock.runDue();
  return undefined;
}

function generateEvent(world: World, type: WebhookEventType, team: number, agentId: number | undefined, contact: ContactRecord | undefined): ApiError | undefined {
  const now = world.clock.now();
  const minute = 60_000;
  const reminder = 60; // Create Event's default remind_before_minutes
  // when the event starts and ends, and when it is created, so that `type` happens now
  const plan: Record<string, { start: number; end: number; createdAt: number }> = {
    'calendar.created': { start: now + 24 * 60 * minute, end: now + 24 * 60 * minute + 30 * minute, createdAt: now },
    'calendar.updated': { start: now + 24 * 60 * minute, end: now + 24 * 60 * minute + 30 * minute, createdAt: now - 1000 },
    'calendar.cancelled': { start: now + 24 * 60 * minute, end: now + 24 * 60 * minute + 30 * minute, createdAt: now - 1000 },
    'calendar.reminder': { start: now + reminder * minute, end: now + (reminder + 30) * minute, createdAt: now - 1000 },
    'calendar.completed': { start: now - 30 * minute, end: now, createdAt: now - 31 * minute },
  };
  const { start, end, createdAt } = plan[type] as { start: number; end: number; createdAt: number };
  const created = world.clock.asOf(createdAt, () => {
    const event = writeEvent(world, team, 'create', {
      title: `Triggered ${type}`,
      start_time: new Date(start).toISOString(),
      end_time: new Date(end).toISOString(),
      remind_before_minutes: reminder,
      ...(agentId === undefined ? {} : { ai_agent_id: agentId }),
      ...(contact ? { customer_name: contact.full_name, customer_email: contact.email, customer_phone: primaryPhone(contact) } : {}),
    });
    if (!(event instanceof ApiError)) storeCreatedEvent(world, event);
    return event;
  });
  if (created instanceof ApiError) return created;
  if (type === 'calendar.updated') {
    const moved = writeEvent(world, team, 'patch', { start_time: new Date(start + 60 * minute).toISOString(), end_time: new Date(end + 60 * minute).toISOString() }, created);
    if (moved instanceof ApiError) return moved;
    storeUpdatedEvent(world, moved, created);
  }
  if (type === 'calendar.cancelled') cancelStoredEvent(world, created, 'Triggered from the klen-mock admin API');
  world.clock.runDue();
  return undefined;
}

/** The team's first contact with a phone that is neither a magic number nor on its Do Not Call list. */
function contactOf(world: World, team: number): ContactRecord | undefined {
  const { contacts } = world.contacts.list(team, {}, 0, 100);
  return contacts.find((c) => {
    const phone = primaryPhone(c);
    return phone !== null && phone !== NO_SHOW_NUMBER && !(phone in FAILING_NUMBERS) && !world.isDoNotCall(team, phone);
  });
}

function teams(world: World): number[] {
  return [...world.seed.teams.keys()].sort((a, b) => a - b);
}
