import { DateTime, IANAZone } from 'luxon';
import { isoMillis } from '../calendar/event-time.js';
import { eventTimes, timesOf, type EventTimes } from './event-range.js';
import { EVENT_STATUSES, EVENT_TYPES, type EventRecord, type TeamRecord } from './records.js';

export { timesOf } from './event-range.js';

/**
 * A record of `calendar-events.json`: an event as a world stores it, at a fixed time
 * (`start_time`, `end_time`, `created_at`, `updated_at`) or at a time relative to the day a world
 * starts (`starts` and `duration_minutes`), so a sandbox started any day has meetings today,
 * tomorrow and last week, not only around the fixtures' reference date.
 */
export interface CalendarEventFixture extends Omit<EventRecord, 'start_time' | 'end_time' | 'created_at' | 'updated_at' | 'revision'> {
  start_time?: string;
  end_time?: string;
  created_at?: string;
  updated_at?: string;
  /** Relative events: days after the world's first day (negative: before), and the local time, in the team's calendar timezone. */
  starts?: { day: number; time: string };
  duration_minutes?: number;
}

const nullableText = { type: ['string', 'null'] } as const;
const isoMs = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' } as const;

/** JSON Schema of `calendar-events.json` records (times in the Calendar pages' form, with milliseconds). */
export const calendarEventFixtureSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'uuid', 'team_id', 'title', 'description', 'event_type', 'status', 'location', 'customer', 'has_video_conference', 'video_conference_url', 'video_conference_provider',
    'created_by_ai_agent', 'ai_agent_id', 'is_reminder_enabled', 'remind_before_minutes', 'sync_external_calendars', 'send_notifications', 'external_calendars',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    uuid: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    team_id: { type: 'integer', minimum: 1 },
    title: { type: 'string', minLength: 1 },
    description: nullableText,
    event_type: { enum: [...EVENT_TYPES] },
    status: { enum: [...EVENT_STATUSES] },
    start_time: isoMs,
    end_time: isoMs,
    created_at: isoMs,
    updated_at: isoMs,
    starts: {
      type: 'object',
      additionalProperties: false,
      required: ['day', 'time'],
      properties: { day: { type: 'integer', minimum: -366, maximum: 366 }, time: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } },
    },
    duration_minutes: { type: 'integer', minimum: 1, maximum: 1440 },
    location: nullableText,
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email', 'phone', 'notes'],
      properties: { name: nullableText, email: nullableText, phone: { type: ['string', 'null'], pattern: '^\\+[1-9][0-9]{1,14}$' }, notes: nullableText },
    },
    has_video_conference: { type: 'boolean' },
    video_conference_url: nullableText,
    video_conference_provider: nullableText,
    created_by_ai_agent: { type: 'boolean' },
    ai_agent_id: { type: ['integer', 'null'], minimum: 1 },
    is_reminder_enabled: { type: 'boolean' },
    remind_before_minutes: { type: 'integer', minimum: 0, maximum: 10080 },
    sync_external_calendars: { type: 'boolean' },
    send_notifications: { type: 'boolean' },
    external_calendars: {
      type: 'object',
      additionalProperties: false,
      required: ['google', 'outlook', 'gohighlevel'],
      properties: { google: nullableText, outlook: nullableText, gohighlevel: nullableText },
    },
  },
} as const;

/** A step of an event's life that the world's clock carries out: its reminder, its end. */
export interface EventTransition {
  at: number;
  eventId: number;
  step: 'reminder' | 'end';
}

/**
 * The seeded events as a world that started at a given instant sees them: the relative ones
 * placed on that world's days. Shared by every world that started on the same days (in each
 * team's timezone), so a thousand sessions hold one copy.
 */
export interface SeedCalendar {
  events: ReadonlyMap<number, EventRecord>;
  /** Lower-case UUID → id. */
  idsByUuid: ReadonlyMap<string, number>;
  /** Each team's events by start time, then id (the order Get Events lists). */
  byTeam: ReadonlyMap<number, readonly EventRecord[]>;
  /** Each team's list's starts and ends as numbers, and where a range's events begin in it (src/world/event-range.ts). */
  timesByTeam: ReadonlyMap<number, EventTimes>;
  /** The clock steps of the scheduled and confirmed events, in time order. */
  timeline: readonly EventTransition[];
  /** The relative events (placed on a world's days). */
  relativeIds: ReadonlySet<number>;
  /**
   * The earliest start of the world's first day among the teams' zones. A relative event still
   * open that ended before it is placed as ended; one that ends between it and the world's start
   * is ended by the world when it starts (the placement is shared by worlds started all day).
   */
  firstDayStart: number;
}

/** Statuses an event leaves by itself when its time comes (the others are final). */
export function isOpen(status: EventRecord['status']): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** The steps an open event has left: its reminder (if on), then its end. */
export function transitionsOf(event: EventRecord): EventTransition[] {
  if (!isOpen(event.status)) return [];
  const start = Date.parse(event.start_time);
  const steps: EventTransition[] = [];
  if (event.is_reminder_enabled) steps.push({ at: start - event.remind_before_minutes * 60_000, eventId: event.id, step: 'reminder' });
  steps.push({ at: Date.parse(event.end_time), eventId: event.id, step: 'end' });
  return steps;
}

/** Orders transitions by time, then event, the reminder before the end. */
export function byTime(a: EventTransition, b: EventTransition): number {
  return a.at - b.at || a.eventId - b.eventId || (a.step === b.step ? 0 : a.step === 'reminder' ? -1 : 1);
}

/**
 * Places the fixtures on a world's days: a relative event on its `starts.day` after the day the
 * world started (in its team's calendar timezone; luxon moves a local time that a DST change
 * skips forward), lasting `duration_minutes`, created a week before it (or before the first day
 * of the world, if earlier). A relative event still open that ended before the world's first day is
 * placed as it would have ended (`completed`, or `no_show` for the magic customer number), so
 * "yesterday's" meetings are never left scheduled.
 */
export function resolveCalendar(fixtures: readonly CalendarEventFixture[], teams: ReadonlyMap<number, TeamRecord>, worldStart: number, endStatus: (event: EventRecord) => EventRecord['status']): SeedCalendar {
  const zoneOf = (teamId: number) => teams.get(teamId)?.calendar.timezone ?? 'UTC';
  const relative = fixtures.filter((f) => f.starts);
  const firstDayStart = Math.min(worldStart, ...relative.map((f) => DateTime.fromMillis(worldStart, { zone: IANAZone.create(zoneOf(f.team_id)) }).startOf('day').toMillis()));
  const relativeIds = new Set(relative.map((f) => f.id));
  const events = new Map<number, EventRecord>();
  const idsByUuid = new Map<string, number>();
  const byTeam = new Map<number, EventRecord[]>();
  for (const fixture of fixtures) {
    const event = place(fixture, zoneOf(fixture.team_id), worldStart, firstDayStart, endStatus);
    events.set(event.id, event);
    idsByUuid.set(event.uuid.toLowerCase(), event.id);
    const list = byTeam.get(event.team_id) ?? [];
    list.push(event);
    byTeam.set(event.team_id, list);
  }
  const timesByTeam = new Map<number, EventTimes>();
  for (const [team, list] of byTeam) timesByTeam.set(team, eventTimes(list.sort(byStart)));
  const timeline = [...events.values()].flatMap(transitionsOf).sort(byTime);
  return { events, idsByUuid, byTeam, timesByTeam, timeline, relativeIds, firstDayStart };
}

/** Get Events' order: start time, then id. */
export function byStart(a: EventRecord, b: EventRecord): number {
  return timesOf(a).start - timesOf(b).start || a.id - b.id;
}

/** The key of the days a world sees: the local date of `at` in each zone (relative events are placed by it). */
export function dayKey(zones: readonly string[], at: number): string {
  return zones.map((zone) => DateTime.fromMillis(at, { zone: IANAZone.create(zone) }).toISODate()).join('|');
}

function place(fixture: CalendarEventFixture, zone: string, worldStart: number, firstDayStart: number, endStatus: (event: EventRecord) => EventRecord['status']): EventRecord {
  const { starts, duration_minutes: minutes, start_time, end_time, created_at, updated_at, ...fields } = fixture;
  if (!starts || minutes === undefined) {
    return { ...fields, start_time: start_time as string, end_time: end_time as string, created_at: created_at as string, updated_at: updated_at as string, revision: 0 };
  }
  const [hour, minute] = starts.time.split(':').map(Number) as [number, number];
  const start = DateTime.fromMillis(worldStart, { zone: IANAZone.create(zone) }).startOf('day').plus({ days: starts.day }).set({ hour, minute }).toMillis();
  const end = start + minutes * 60_000;
  const created = isoMillis(Math.floor((Math.min(start, firstDayStart) - 7 * 86_400_000) / 60_000) * 60_000);
  const event: EventRecord = { ...fields, start_time: isoMillis(start), end_time: isoMillis(end), created_at: created, updated_at: created, revision: 0 };
  return isOpen(event.status) && end <= firstDayStart ? { ...event, status: endStatus(event) } : event;
}
