/**
 * The bulk calendar events of a sized fixture set: after the shipped ones, seeded events up to
 * the total asked, most of them the example key's team's (101), at fixed times on the working
 * days of the year around the fixtures' reference date (half a year each side), in the team's
 * timezone. Past ones are completed, no-shows or cancelled; later ones scheduled, confirmed or
 * cancelled. Customers are bulk contacts of the team. Overlaps within a team are allowed (a
 * team's calendar is shared by its people): Get Events and Get Availability must cope with them.
 */
import { DateTime } from 'luxon';
import type { components } from '../types/openapi.js';
import { externalCalendarIds } from '../src/calendar/external-calendars.js';
import type { CalendarEventFixture } from '../src/world/calendar-seed.js';
import type { EventStatus, EventType, ExternalCalendarIds } from '../src/world/records.js';
import type { Draws, Pools } from './bulk-draws.js';
import { TEAM_WEIGHTS } from './bulk-contacts.js';
import { REFERENCE_DATE } from './generate-calls.js';
import { CANCEL_REASONS, DURATIONS, eventCustomer, NOTES, REMINDERS, TITLES, TYPES } from './generate-calendar-events.js';
import { AGENTS, TEAMS } from './seed-records.js';

type Contact = components['schemas']['Contact'];

/** Ids of the bulk events start here (above the shipped ones). */
export const FIRST_BULK_EVENT_ID = 10_001;
/** Events lie within this many days of the reference date, each side. */
const SPAN_DAYS = 182;

/** `count` events numbered from FIRST_BULK_EVENT_ID; `takenUuids`: the shipped ones. */
export function bulkCalendarEvents(count: number, contacts: readonly Contact[], draws: Draws, pools: Pools, takenUuids: ReadonlySet<string>): CalendarEventFixture[] {
  const customers = new Map<number, Contact[]>();
  for (const contact of contacts) {
    if (!contact.team || contact.email === null || contact.phone_numbers.length === 0) continue;
    const list = customers.get(contact.team.id) ?? [];
    list.push(contact);
    customers.set(contact.team.id, list);
  }
  const uuids = new Set(takenUuids);
  const reference = DateTime.fromJSDate(REFERENCE_DATE, { zone: 'UTC' });
  const events: CalendarEventFixture[] = [];
  for (let n = 0; n < count; n += 1) {
    const teamId = draws.weighted(TEAM_WEIGHTS);
    const team = TEAMS.find((t) => t.id === teamId) as (typeof TEAMS)[number];
    const zone = team.calendar?.timezone ?? 'UTC';
    // a working day (weekends drawn again), 08:00 to 17:45 local
    let day = reference.plus({ days: draws.int(-SPAN_DAYS, SPAN_DAYS) });
    while (day.weekday > 5) day = day.plus({ days: 1 });
    const start = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: draws.int(8, 17), minute: 15 * draws.int(0, 3) }, { zone });
    const end = start.plus({ minutes: draws.pick(DURATIONS) });
    const past = end.toMillis() <= REFERENCE_DATE.getTime();
    const status: EventStatus = past ? draws.weighted([['completed', 70], ['no_show', 10], ['cancelled', 20]]) : draws.weighted([['scheduled', 45], ['confirmed', 40], ['cancelled', 15]]);
    const type: EventType = draws.pick(TYPES);
    const contact = type === 'busy' ? undefined : draws.pick(customers.get(teamId) ?? [undefined]);
    const byAgent = type !== 'busy' && draws.chance(0.4);
    const video = type === 'video_call' || (type === 'meeting' && draws.chance(0.3));
    const provider = video ? draws.pick(['Google Meet', 'Zoom']) : null;
    const reminder = draws.chance(0.8);
    const sync = draws.chance(0.85);
    let uuid = draws.uuid();
    while (uuids.has(uuid)) uuid = draws.uuid();
    uuids.add(uuid);
    const notes = contact && draws.chance(0.5) ? draws.pick(NOTES) : null;
    const cancelled = status === 'cancelled' ? draws.pick(CANCEL_REASONS) : undefined;
    const created = start.minus({ days: draws.int(1, 21), minutes: draws.int(0, 600) });
    const updated = status === 'completed' || status === 'no_show' ? end : status === 'cancelled' ? DateTime.min(created.plus({ days: 1 }), start) : created;
    const ms = (t: DateTime) => t.toUTC().toISO() as string;
    events.push({
      id: FIRST_BULK_EVENT_ID + n,
      uuid,
      team_id: teamId,
      title: draws.pick(TITLES[type]),
      description: type === 'busy' || draws.chance(0.4) ? null : draws.pick(pools.catchPhrases),
      event_type: type,
      status,
      start_time: ms(start),
      end_time: ms(end),
      location: video ? null : type === 'meeting' ? draws.pick(['Conference Room A', 'Conference Room B', 'Client office', null]) : null,
      customer: eventCustomer(contact, notes, cancelled),
      has_video_conference: video,
      video_conference_url: provider === 'Zoom' ? `https://zoom.us/j/${draws.int(1_000_000_000, 9_999_999_999)}` : provider ? `https://meet.google.com/${draws.alphanumeric(3)}-${draws.alphanumeric(4)}-${draws.alphanumeric(3)}` : null,
      video_conference_provider: provider,
      created_by_ai_agent: byAgent,
      ai_agent_id: byAgent ? draws.pick(AGENTS.filter((a) => a.team_id === teamId)).id : null,
      is_reminder_enabled: reminder,
      remind_before_minutes: reminder ? draws.pick(REMINDERS) : 60,
      sync_external_calendars: sync,
      send_notifications: true,
      external_calendars: externalCalendarIds(uuid, (team.calendar?.connected_calendars ?? []) as Array<keyof ExternalCalendarIds>, sync),
      created_at: ms(created),
      updated_at: ms(updated),
    });
  }
  return events;
}
