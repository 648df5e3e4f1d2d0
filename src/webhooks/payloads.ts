import type { webhooks } from '../../types/openapi.js';
import { eventListItem, icsPath } from '../calendar/event-views.js';
import { primaryPhone } from '../world/contact-fields.js';
import type { CallRecord } from '../world/records.js';
import type { World, WorldEvent } from '../world/world.js';
import type { WebhookEventType } from './registry.js';

/** The payload of one event, as openapi.yaml's `webhooks` section types it (`WebhookPayloadOf<'call.ended'>`). */
export type WebhookPayloadOf<E extends WebhookEventType> = NonNullable<webhooks[E]['post']['requestBody']>['content']['application/json'];
/** Any event's payload: a union a receiver narrows by `event_type`. */
export type WebhookPayload = { [E in WebhookEventType]: WebhookPayloadOf<E> }[WebhookEventType];

/** What a delivery needs of an event: its name, the team whose webhooks receive it, and the payload. */
export interface WebhookMessage {
  type: WebhookEventType;
  teamId: number;
  payload: WebhookPayload;
}

/**
 * The webhook payload of a world event, built from the world as it is when the event is
 * recorded (so a delivery carries the call or calendar event as it was then, not as it is when
 * a retry goes out). Undefined for an event whose object the world no longer has.
 */
export function webhookMessage(world: World, event: WorldEvent): WebhookMessage | undefined {
  if ('call' in event) {
    const call = world.callById(event.call.id);
    return call && { type: event.type as WebhookEventType, teamId: call.team_id, payload: callPayload(world, event, call) };
  }
  const record = world.calendar.get(event.calendar_event.id);
  if (!record) return undefined;
  // the Calendar pages write times with milliseconds, the envelope's timestamp too
  const timestamp = new Date(Date.parse(event.time)).toISOString();
  const block = { ...eventListItem(world, record), ics_url: icsPath(record.uuid) };
  switch (event.type) {
    case 'calendar.updated':
      return {
        type: 'calendar.updated',
        teamId: record.team_id,
        payload: {
          event_type: 'calendar.updated',
          calendar_event: { ...block, time_changed: event.previous_start !== undefined, previous_start: event.previous_start ?? null, previous_end: event.previous_end ?? null },
          timestamp,
        },
      };
    case 'calendar.cancelled':
      // built when the event is recorded, so the event is cancelled, as the payload's schema checks
      return { type: 'calendar.cancelled', teamId: record.team_id, payload: { event_type: 'calendar.cancelled', calendar_event: { ...block, cancellation_reason: event.reason ?? null }, timestamp } as WebhookPayload };
    default:
      return { type: event.type as WebhookEventType, teamId: record.team_id, payload: { event_type: event.type, calendar_event: block, timestamp } as WebhookPayload };
  }
}

/** A call event's payload: the common call fields (the call events page), the contact, and the event's own fields. */
function callPayload(world: World, event: WorldEvent, call: CallRecord): WebhookPayload {
  const agent = world.agentById(call.agent_id);
  const contact = call.contact_id === null ? undefined : world.contacts.get(call.contact_id);
  const common = {
    id: call.id,
    klen_call_id: call.call_id,
    agent_id: call.agent_id,
    agent_name: agent?.name ?? '',
    status: call.status,
    type: call.type,
    phone_number: call.phone_number,
    started_at: call.started_at,
    ended_at: call.ended_at,
    duration_seconds: call.duration_seconds,
    contact: contact ? { id: contact.id, name: contact.full_name, email: contact.email, phone: primaryPhone(contact) } : null,
  };
  const own: Record<string, unknown> = {
    'call.started': { assistant_id: agent?.assistant_id ?? '' },
    'call.ended': { summary: call.summary, duration: call.duration_seconds ?? 0 },
    'call.failed': { reason: event.reason ?? call.failure_reason ?? 'failed' },
    'call.transcript': { transcript: call.transcript ?? '' },
    'call.recording': { recording_url: call.recording_url ?? '' },
    'call.summary': { summary: call.summary ?? '' },
  }[event.type] as Record<string, unknown>;
  return { event_type: event.type, call: { ...common, ...own }, timestamp: event.time } as WebhookPayload;
}
