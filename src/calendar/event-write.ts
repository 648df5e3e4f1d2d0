import type { components } from '../../types/openapi.js';
import { ApiError } from '../errors/api-error.js';
import type { EventCustomer, EventRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import { externalCalendarIds } from './external-calendars.js';
import { isoMillis, parseEventTime } from './event-time.js';

/** Every field of Create / Update Event, all optional (the schemas require what each operation needs). */
type EventBody = components['schemas']['PatchEventRequest'] & { created_by_ai_agent?: boolean };

/** How a write treats what it does not send: `create` and `replace` (PUT) start from the defaults, `patch` from the event. */
export type EventWriteMode = 'create' | 'replace' | 'patch';

/** Create Event's documented defaults. */
const DEFAULTS = { event_type: 'meeting', status: 'scheduled', has_video_conference: false, is_reminder_enabled: true, remind_before_minutes: 60, created_by_ai_agent: false, sync_external_calendars: true, send_notifications: true } as const;

const CUSTOMER_FIELDS = { customer_name: 'name', customer_email: 'email', customer_phone: 'phone', customer_notes: 'notes' } as const;

/**
 * The event a Create / Update Event body leaves, or the refusal. The body is already valid
 * against its schema; this checks what a schema cannot, in this order: the times (ISO 8601,
 * `invalid_datetime_format`), the end after the start, the agent (one of the team's), then
 * `team_id` (as Create Contact: 403 for another team, 404 for none). An id is taken only once
 * the write is known to succeed.
 */
export function writeEvent(world: World, teamId: number, mode: EventWriteMode, body: EventBody, previous?: EventRecord): EventRecord | ApiError {
  const kept = mode === 'patch' ? previous : undefined;
  const start = body.start_time === undefined ? undefined : parseEventTime(body.start_time);
  const end = body.end_time === undefined ? undefined : parseEventTime(body.end_time);
  if ((body.start_time !== undefined && start === undefined) || (body.end_time !== undefined && end === undefined)) return new ApiError(400, 'invalid_datetime_format');
  const startTime = start === undefined ? (kept?.start_time as string) : isoMillis(start);
  const endTime = end === undefined ? (kept?.end_time as string) : isoMillis(end);
  if (Date.parse(endTime) <= Date.parse(startTime)) return new ApiError(400, 'validation_error', 'end_time must be after start_time');
  if (body.ai_agent_id !== undefined && body.ai_agent_id !== null && !world.findAgent(body.ai_agent_id, teamId)) {
    return new ApiError(400, 'validation_error', `ai_agent_id: no agent ${body.ai_agent_id} in this team`);
  }
  if (body.team_id !== undefined && body.team_id !== teamId) {
    return world.team(body.team_id) ? new ApiError(403, 'team_access_denied') : new ApiError(404, 'team_not_found');
  }

  /** A field the body sends, else the event's (patch) or the default (create, PUT). */
  const field = <K extends keyof EventBody & keyof EventRecord>(name: K, fallback: EventRecord[K]): EventRecord[K] => {
    const sent = body[name];
    return (sent !== undefined ? sent : kept ? kept[name] : fallback) as EventRecord[K];
  };
  const customer = { ...(kept?.customer ?? { name: null, email: null, phone: null, notes: null }) } as EventCustomer;
  for (const [name, target] of Object.entries(CUSTOMER_FIELDS) as Array<[keyof typeof CUSTOMER_FIELDS, keyof EventCustomer]>) {
    if (body[name] !== undefined) customer[target] = body[name] ?? null;
    else if (!kept) customer[target] = null;
  }
  const now = isoMillis(world.clock.now());
  const ids = previous ?? world.calendar.newIds();
  const sync = body.sync_external_calendars ?? DEFAULTS.sync_external_calendars;
  const connected = world.team(teamId)?.calendar.connected_calendars ?? [];
  const event: EventRecord = {
    id: ids.id,
    uuid: ids.uuid,
    team_id: teamId,
    title: field('title', ''),
    description: field('description', null),
    event_type: field('event_type', DEFAULTS.event_type),
    status: field('status', DEFAULTS.status),
    start_time: startTime,
    end_time: endTime,
    location: field('location', null),
    customer,
    has_video_conference: field('has_video_conference', DEFAULTS.has_video_conference),
    video_conference_url: field('video_conference_url', null),
    video_conference_provider: field('video_conference_provider', null),
    // Update Event takes no created_by_ai_agent: only Create sets it
    created_by_ai_agent: previous ? previous.created_by_ai_agent : body.created_by_ai_agent ?? DEFAULTS.created_by_ai_agent,
    ai_agent_id: field('ai_agent_id', null),
    is_reminder_enabled: field('is_reminder_enabled', DEFAULTS.is_reminder_enabled),
    remind_before_minutes: field('remind_before_minutes', DEFAULTS.remind_before_minutes),
    // Inferred: an update's sync_external_calendars and send_notifications say what to do with
    // that update; the event keeps the values it was created with (Cancel Event reads them)
    sync_external_calendars: previous ? previous.sync_external_calendars : sync,
    send_notifications: previous ? previous.send_notifications : body.send_notifications ?? DEFAULTS.send_notifications,
    external_calendars: previous && !sync ? previous.external_calendars : externalCalendarIds(ids.uuid, connected, sync),
    created_at: previous?.created_at ?? now,
    updated_at: now,
    revision: (previous?.revision ?? 0) + 1,
  };
  // an update that changes nothing leaves the event as it was (updated_at too)
  return previous && sameContent(previous, event) ? previous : event;
}

/** Whether two versions of an event show the same thing (all but updated_at and the revision). */
function sameContent(a: EventRecord, b: EventRecord): boolean {
  return (Object.keys(b) as Array<keyof EventRecord>).every((name) => name === 'updated_at' || name === 'revision' || JSON.stringify(a[name]) === JSON.stringify(b[name]));
}
