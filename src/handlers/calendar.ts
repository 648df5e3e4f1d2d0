import { addDays, availableSlots, localDate } from '../calendar/availability.js';
import { parseEventTime } from '../calendar/event-time.js';
import { eventDetails, eventListItem } from '../calendar/event-views.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult, documentedError } from '../errors/error-result.js';
import type { HandlerResult, OperationHandler } from '../router/handler-result.js';
import { serialize } from '../router/serialized-body.js';
import type { CalendarEvents } from '../world/calendar-events.js';
import type { EventRecord, EventStatus } from '../world/records.js';
import type { World } from '../world/world.js';
import { ListItems, type ListItemView } from './list-item-json.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Inferred: the most days a Get Availability range may hold, start and end included (the docs state none; a year of slots is about 4 MB of JSON). */
export const MAX_AVAILABILITY_DAYS = 366;

/**
 * GET /api/v1/calendar/events: the team's events overlapping the range, by start time, one page.
 * A date is the whole UTC day (`end_date` included); a date-time is that instant.
 */
export const getEvents: OperationHandler = ({ operation, query, key }, world) => {
  const startDate = query['start_date'] as string | undefined;
  const endDate = query['end_date'] as string | undefined;
  const from = startDate === undefined ? Math.floor(world.clock.now() / DAY_MS) * DAY_MS : rangeBound(startDate, 0);
  if (from === undefined) return documentedError(operation, 'invalid_parameter_format');
  // the default end date is 30 days after the start's day, included whole
  const to = endDate === undefined ? Math.floor(from / DAY_MS) * DAY_MS + 31 * DAY_MS : rangeBound(endDate, DAY_MS);
  if (to === undefined) return documentedError(operation, 'invalid_parameter_format');
  if (to < from) return apiErrorResult(new ApiError(400, 'invalid_parameter_format', 'end_date must not be before start_date'), operation);
  const page = query['page'] as number;
  const limit = query['limit'] as number;
  const status = query['status'] as EventStatus | undefined;
  const { count, events } = world.calendar.list(key.team_id, { from, to, ...(status ? { status } : {}) }, (page - 1) * limit, limit);
  return EVENT_ITEMS.answer(operation, { count, page, limit, pages: Math.max(1, Math.ceil(count / limit)) }, events, (event) => eventListView(world, event));
};

/** Get Events' items, made once per version of what they show (the event, its agent). */
const EVENT_ITEMS = new ListItems<EventRecord>('events');

function eventListView(world: World, event: EventRecord): ListItemView {
  return { item: () => eventListItem(world, event), shows: [event.ai_agent_id === null ? undefined : world.agentById(event.ai_agent_id)] };
}

/** GET /api/v1/calendar/events/{event_id}: by integer id or UUID, within the key's team. */
export const getEventDetails: OperationHandler = ({ operation, params, key }, world) => {
  const event = world.calendar.find(params['event_id'] as string, key.team_id);
  return event ? { status: 200, body: eventDetails(world, event) } : documentedError(operation, 'not_found');
};

/**
 * GET /api/v1/calendar/availability: the free slots of the team's working hours (teams.json
 * `calendar`), in its timezone, from `start_date` to `end_date` inclusive, around every event
 * that is not cancelled.
 */
export const getAvailability: OperationHandler = ({ operation, query, key }, world) => {
  const settings = world.team(key.team_id)?.calendar;
  if (!settings) throw new Error(`team ${key.team_id} has no calendar settings`);
  const now = world.clock.now();
  const startDate = (query['start_date'] as string | undefined) ?? localDate(settings.timezone, now);
  if (!isCalendarDate(startDate)) return documentedError(operation, 'invalid_parameter_format');
  // the default end, 7 days on, stays within the four-digit years the dates are written in
  const endDate = (query['end_date'] as string | undefined) ?? [addDays(startDate, 7)].map((d) => (isCalendarDate(d) ? d : '9999-12-31'))[0] as string;
  if (!isCalendarDate(endDate)) return documentedError(operation, 'invalid_parameter_format');
  const days = (Date.parse(endDate) - Date.parse(startDate)) / DAY_MS;
  if (days < 0) return apiErrorResult(new ApiError(400, 'invalid_parameter_format', 'end_date must not be before start_date'), operation);
  if (days >= MAX_AVAILABILITY_DAYS) return apiErrorResult(new ApiError(400, 'invalid_parameter_format', `The date range must not be longer than ${MAX_AVAILABILITY_DAYS} days`), operation);
  const duration = Number(query['duration'] ?? 30);
  if (!Number.isInteger(duration) || duration < 1 || duration > 180) return documentedError(operation, 'invalid_duration');
  const calendar = world.calendar;
  let answers = AVAILABILITY_ANSWERS.get(calendar);
  if (!answers) AVAILABILITY_ANSWERS.set(calendar, (answers = new Map()));
  const asked = `${key.team_id} ${startDate} ${endDate} ${duration}`;
  const remembered = answers.get(asked);
  if (remembered && remembered.version === calendar.version && remembered.settings === settings && remembered.operation === operation && now >= remembered.from && now <= remembered.until) return remembered.result;
  // the events that can touch the range, wherever its zone puts it (a day either side is enough)
  const busy = calendar.busy(key.team_id, Date.parse(startDate) - 2 * DAY_MS, Date.parse(endDate) + 3 * DAY_MS);
  const slots = availableSlots({ settings, startDate, endDate, durationMinutes: duration, now, busy });
  const body = { user_id: settings.user_id, start_date: startDate, end_date: endDate, duration_minutes: duration, available_slots: slots, count: slots.length };
  // not checked here: the server checks (and reports) it as any response
  if (operation.checkResponse(200, body).length > 0) return { status: 200, body };
  const result = { status: 200, body: undefined, serialized: serialize(body) };
  if (answers.size >= MAX_AVAILABILITY_ANSWERS) answers.clear();
  // time changes an answer only by its first slot falling within the advance notice
  const first = slots[0];
  const until = first === undefined ? Infinity : Date.parse(first.start) - settings.advance_notice_minutes * 60_000;
  answers.set(asked, { version: calendar.version, settings, operation, from: now, until, result });
  return result;
};

/**
 * Get Availability's answers, per world: computing a week of slots around the events, checking
 * them against the contract and serializing them kept the main thread saturated at 0.17× of the
 * ceiling (BENCHMARKS.md, Profiles), and a client (a booking page) asks the same range again
 * and again. An answer holds while the world's events are as they were (the calendar's version)
 * and the clock has not come within the advance notice of its first slot: slots only drop out as
 * time passes, first one first. Checked against the contract once, when made.
 */
const AVAILABILITY_ANSWERS = new WeakMap<CalendarEvents, Map<string, { version: number; settings: object; operation: object; from: number; until: number; result: HandlerResult }>>();
/** Ranges remembered per world at most (then forgotten all at once): ~4 kB each for a week. */
const MAX_AVAILABILITY_ANSWERS = 16;

/**
 * A Get Events bound: a `YYYY-MM-DD` date (its UTC midnight, plus `dayOffset` for an end date,
 * which includes its day) or an ISO 8601 date-time; undefined when it is neither.
 */
function rangeBound(text: string, dayOffset: number): number | undefined {
  if (isCalendarDate(text)) return Date.parse(text) + dayOffset;
  return parseEventTime(text);
}

/** A real `YYYY-MM-DD` date (not February 30th). */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number(match[1]) >= 1000 && date.toISOString().slice(0, 10) === text;
}
