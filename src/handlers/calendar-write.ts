import type { components } from '../../types/openapi.js';
import { DOCUMENTED_CALENDAR_EVENTS_PER_DAY } from '../auth/api-key.js';
import { icsPath } from '../calendar/event-views.js';
import { cancelStoredEvent, storeCreatedEvent, storeUpdatedEvent } from '../calendar/event-store.js';
import { writeEvent, type EventWriteMode } from '../calendar/event-write.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult, documentedError } from '../errors/error-result.js';
import type { HandlerResult, OperationHandler, OperationRequest } from '../router/handler-result.js';
import type { EventRecord } from '../world/records.js';
import type { World } from '../world/world.js';

type EventBody = components['schemas']['PatchEventRequest'];

/**
 * POST /api/v1/calendar/events/create: a new event of the key's team, `201` with its summary and
 * `Location`. Counts against the key's `calendar_events_per_day_limit` (default 50) on the
 * world's UTC day, once the body is known to be good (a refused body does not count).
 */
export const createEvent: OperationHandler = (request, world) => {
  const event = writeEvent(world, request.key.team_id, 'create', request.body as EventBody);
  if (event instanceof ApiError) return apiErrorResult(event, request.operation);
  const limit = request.key.calendar_events_per_day_limit ?? DOCUMENTED_CALENDAR_EVENTS_PER_DAY;
  const retryAfter = world.useDaily('calendar_events_per_day_limit', request.key.key, limit);
  if (retryAfter !== undefined) {
    return apiErrorResult(new ApiError(429, 'rate_limit_exceeded', `This API key has created its ${limit} calendar events for today (calendar_events_per_day_limit)`, { 'Retry-After': String(retryAfter) }), request.operation);
  }
  storeCreatedEvent(world, event);
  return {
    status: 201,
    body: { ...summary(event), ics_url: icsPath(event.uuid), message: 'Event created successfully' },
    headers: { Location: `/api/v1/calendar/events/${event.id}` },
  };
};

/** PUT /api/v1/calendar/events/{event_id}/update: a full update (what the body leaves out goes back to its default). */
export const replaceEvent: OperationHandler = (request, world) => updateEvent(request, world, 'replace');

/** PATCH /api/v1/calendar/events/{event_id}/update: only the fields sent change. */
export const patchEvent: OperationHandler = (request, world) => updateEvent(request, world, 'patch');

function updateEvent({ operation, params, body, key }: OperationRequest, world: World, mode: EventWriteMode): HandlerResult {
  const previous = world.calendar.find(params['event_id'] as string, key.team_id);
  if (!previous) return documentedError(operation, 'not_found');
  const event = writeEvent(world, key.team_id, mode, (body ?? {}) as EventBody, previous);
  if (event instanceof ApiError) return apiErrorResult(event, operation);
  if (event !== previous) storeUpdatedEvent(world, event, previous);
  return { status: 200, body: { ...summary(event), message: 'Event updated successfully' } };
}

/**
 * POST /api/v1/calendar/events/{event_id}/cancel: status `cancelled`, the reason added to the
 * customer notes (as the page says). Cancelling a cancelled event changes nothing and answers
 * the same (Inferred: idempotent, like a retried request).
 */
export const cancelEvent: OperationHandler = ({ operation, params, body, key }, world) => {
  const previous = world.calendar.find(params['event_id'] as string, key.team_id);
  if (!previous) return documentedError(operation, 'not_found');
  const event = cancelStoredEvent(world, previous, (body as { reason?: string } | undefined)?.reason);
  return { status: 200, body: { id: event.id, uuid: event.uuid, status: event.status, message: 'Event cancelled successfully' } };
};

function summary(event: EventRecord): { id: number; uuid: string; title: string; start_time: string; end_time: string; status: EventRecord['status'] } {
  return { id: event.id, uuid: event.uuid, title: event.title, start_time: event.start_time, end_time: event.end_time, status: event.status };
}
