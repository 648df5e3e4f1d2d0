/**
 * Generates the sandbox's calendar events: the three the Calendar pages show (123 Client Meeting,
 * 124 Project Review, 456 Product Demo), events around the fixtures' reference date, and events
 * relative to the day a world starts (`starts`), so a sandbox started any day has meetings
 * yesterday, today and next week. Customers are seeded contacts of the event's team (name, email,
 * primary number), agents are the team's. Deterministic like the calls: a faker of its own with a
 * fixed seed, the fixed reference date, no clock.
 */
import { Faker, base, en } from '@faker-js/faker';
import { DateTime } from 'luxon';
import type { components } from '../types/openapi.js';
import { externalCalendarIds } from '../src/calendar/external-calendars.js';
import type { CalendarEventFixture } from '../src/world/calendar-seed.js';
import { NO_SHOW_NUMBER } from '../src/world/magic-numbers.js';
import type { EventStatus, EventType, ExternalCalendarIds } from '../src/world/records.js';
import { REFERENCE_DATE } from './generate-calls.js';
import { AGENTS, TEAMS } from './seed-records.js';

type Contact = components['schemas']['Contact'];

const SEED = 20250501;
/** Generated events are numbered from here (the documented ones keep their ids). */
const FIRST_ID = 1001;

export const TITLES: Record<EventType, readonly string[]> = {
  meeting: ['Discovery Meeting', 'Pricing Review', 'Quarterly Business Review', 'Contract Walkthrough', 'Kickoff Meeting'],
  appointment: ['Onboarding Session', 'Consultation', 'Account Setup Appointment'],
  busy: ['Team Standup', 'Focus Time', 'Pipeline Review'],
  voice_call: ['Follow-up Call', 'Renewal Call', 'Scheduled Callback'],
  video_call: ['Product Demo', 'Technical Deep Dive', 'Training Session'],
};
export const TYPES: readonly EventType[] = ['meeting', 'meeting', 'appointment', 'appointment', 'voice_call', 'video_call', 'video_call', 'busy'];
export const DURATIONS = [30, 30, 45, 60, 60, 90];
export const REMINDERS = [15, 30, 60, 60, 1440];
export const CANCEL_REASONS = ['Client requested to reschedule', 'Customer no longer interested', 'Double-booked'];
export const NOTES = ['Interested in the premium package.', 'Prefers a morning slot.', 'Asked for the pricing sheet beforehand.', 'Decision maker will join.'];

interface Placement {
  teamId: number;
  /** Fixed: the local day (ISO date) in the team's zone; relative: days after the world's first day. */
  day: string | number;
  time: string;
  minutes: number;
  status: EventStatus;
}

/** The events of `calendar-events.json`. */
export function generateCalendarEvents(contacts: readonly Contact[]): CalendarEventFixture[] {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(SEED);
  const customersOf = (teamId: number) => contacts.filter((c) => c.team?.id === teamId && c.email !== null && c.phone_numbers.length > 0);
  const events: CalendarEventFixture[] = [...DOCUMENTED_EVENTS];
  let id = FIRST_ID;
  for (const placement of placements(faker)) {
    const team = TEAMS.find((t) => t.id === placement.teamId) as (typeof TEAMS)[number];
    const type: EventType = faker.helpers.arrayElement(TYPES);
    const agents = AGENTS.filter((a) => a.team_id === team.id);
    const byAgent = type !== 'busy' && faker.datatype.boolean({ probability: 0.4 });
    const contact = type === 'busy' ? undefined : faker.helpers.arrayElement(customersOf(team.id));
    const video = type === 'video_call' || (type === 'meeting' && faker.datatype.boolean({ probability: 0.3 }));
    const provider = video ? faker.helpers.arrayElement(['Google Meet', 'Zoom']) : null;
    const reminder = faker.datatype.boolean({ probability: 0.8 });
    const uuid = faker.string.uuid();
    const sync = faker.datatype.boolean({ probability: 0.85 });
    const cancelled = placement.status === 'cancelled' ? faker.helpers.arrayElement(CANCEL_REASONS) : undefined;
    const notes = contact && faker.datatype.boolean({ probability: 0.5 }) ? faker.helpers.arrayElement(NOTES) : null;
    const event: CalendarEventFixture = {
      id: id++,
      uuid,
      team_id: team.id,
      title: faker.helpers.arrayElement(TITLES[type]),
      description: type === 'busy' ? null : faker.datatype.boolean({ probability: 0.6 }) ? `${faker.company.catchPhrase()}.` : null,
      event_type: type,
      status: placement.status,
      location: video ? null : type === 'meeting' ? faker.helpers.arrayElement(['Conference Room A', 'Conference Room B', 'Client office', null]) : null,
      customer: eventCustomer(contact, notes, cancelled),
      has_video_conference: video,
      video_conference_url: provider === 'Zoom' ? `https://zoom.us/j/${faker.string.numeric(10)}` : provider ? `https://meet.google.com/${faker.string.alpha({ length: 3, casing: 'lower' })}-${faker.string.alpha({ length: 4, casing: 'lower' })}-${faker.string.alpha({ length: 3, casing: 'lower' })}` : null,
      video_conference_provider: provider,
      created_by_ai_agent: byAgent,
      ai_agent_id: byAgent ? faker.helpers.arrayElement(agents).id : null,
      is_reminder_enabled: reminder,
      remind_before_minutes: reminder ? faker.helpers.arrayElement(REMINDERS) : 60,
      sync_external_calendars: sync,
      send_notifications: true,
      external_calendars: externalCalendarIds(uuid, (team.calendar?.connected_calendars ?? []) as Array<keyof ExternalCalendarIds>, sync),
      ...times(placement, team.calendar?.timezone ?? 'UTC', faker),
    };
    events.push(event);
  }
  // one relative event of the Sales Team whose customer has the no-show number: it ends as no_show
  const noShowUuid = faker.string.uuid();
  events.push({
    id: id++,
    uuid: noShowUuid,
    team_id: 101,
    title: 'Walkthrough with a prospect who will not show',
    description: 'The customer number is the magic no-show number: at its end this event becomes no_show.',
    event_type: 'appointment',
    status: 'confirmed',
    location: null,
    customer: { name: 'Sam Noshow', email: 'sam.noshow@example.com', phone: NO_SHOW_NUMBER, notes: null },
    has_video_conference: false,
    video_conference_url: null,
    video_conference_provider: null,
    created_by_ai_agent: false,
    ai_agent_id: null,
    is_reminder_enabled: true,
    remind_before_minutes: 60,
    sync_external_calendars: true,
    send_notifications: true,
    external_calendars: externalCalendarIds(noShowUuid, ['google'], true),
    starts: { day: 2, time: '14:00' },
    duration_minutes: 30,
  });
  return events;
}

/**
 * Where the generated events go, without overlaps within a team: fixed days around the reference
 * date (weekdays from two weeks before to four weeks after it) and relative days from ten before
 * the world's first day to two weeks after it (today and tomorrow always hold some). Past ones are completed, no-shows or cancelled;
 * others scheduled, confirmed or cancelled.
 */
function placements(faker: Faker): Placement[] {
  const result: Placement[] = [];
  const taken = new Set<string>();
  const add = (teamId: number, day: string | number, past: boolean, at?: string) => {
    const minutes = faker.helpers.arrayElement(DURATIONS);
    const hour = at ? Number(at.slice(0, 2)) : faker.number.int({ min: 9, max: 15 });
    const time = at ?? `${String(hour).padStart(2, '0')}:${faker.helpers.arrayElement(['00', '30'])}`;
    const key = `${teamId}|${day}|${hour}`;
    if (taken.has(key)) return;
    taken.add(key);
    const status: EventStatus = past ? faker.helpers.arrayElement(['completed', 'completed', 'completed', 'completed', 'no_show', 'cancelled']) : faker.helpers.arrayElement(['scheduled', 'scheduled', 'confirmed', 'confirmed', 'cancelled']);
    result.push({ teamId, day, time, minutes, status });
  };
  const reference = DateTime.fromJSDate(REFERENCE_DATE, { zone: 'UTC' });
  for (const [teamId, count] of [[101, 22], [202, 8], [303, 2]] as const) {
    for (let i = 0; i < count; i += 1) {
      const day = reference.plus({ days: faker.number.int({ min: -14, max: 28 }) });
      if (day.weekday > 5) continue;
      add(teamId, day.toISODate() as string, day < reference.startOf('day'));
    }
  }
  // today and tomorrow always have meetings, whatever the draws below give
  for (const [teamId, day, at] of [[101, 0, '09:30'], [101, 0, '15:00'], [101, 1, '10:00'], [101, 1, '13:30'], [202, 0, '10:00'], [202, 1, '14:00']] as const) add(teamId, day, false, at);
  for (const [teamId, count] of [[101, 20], [202, 6]] as const) {
    for (let i = 0; i < count; i += 1) {
      const day = faker.number.int({ min: -10, max: 14 });
      add(teamId, day, day < 0);
    }
  }
  return result;
}

/** Fixed events: local time on the day in the team's zone, created a week before (updated when they ended or were cancelled). Relative ones: `starts`. */
function times(placement: Placement, zone: string, faker: Faker): Pick<CalendarEventFixture, 'start_time' | 'end_time' | 'created_at' | 'updated_at' | 'starts' | 'duration_minutes'> {
  if (typeof placement.day === 'number') return { starts: { day: placement.day, time: placement.time }, duration_minutes: placement.minutes };
  const start = DateTime.fromISO(`${placement.day}T${placement.time}`, { zone });
  const end = start.plus({ minutes: placement.minutes });
  const created = start.minus({ days: 7, minutes: faker.number.int({ min: 0, max: 600 }) });
  const updated = placement.status === 'completed' || placement.status === 'no_show' ? end : placement.status === 'cancelled' ? created.plus({ days: 2 }) : created;
  const ms = (t: DateTime) => t.toUTC().toISO() as string;
  return { start_time: ms(start), end_time: ms(end), created_at: ms(created), updated_at: ms(updated) };
}

/**
 * The events the Calendar pages show. Their customers are seeded contacts (the pages' customers
 * are placeholders whose names differ from page to page): 123's is John Doe (contact 789, the
 * same number as the page's John Smith), 456's is Jane Smith (contact 124); 124's example is cut
 * before its customer. The agent is the team's Appointment Scheduler (123), the pages' agent 42
 * being no agent of the seed.
 */
const DOCUMENTED_EVENTS: CalendarEventFixture[] = [
  {
    id: 123,
    uuid: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    team_id: 101,
    title: 'Client Meeting',
    description: 'Discuss project requirements and timeline',
    event_type: 'meeting',
    status: 'confirmed',
    start_time: '2025-05-01T14:00:00.000Z',
    end_time: '2025-05-01T15:00:00.000Z',
    location: 'Conference Room A',
    customer: { name: 'John Doe', email: 'john.doe@example.com', phone: '+15551234567', notes: null },
    has_video_conference: true,
    video_conference_url: 'https://meet.google.com/abc-defg-hij',
    video_conference_provider: 'Google Meet',
    created_by_ai_agent: true,
    ai_agent_id: 123,
    is_reminder_enabled: true,
    remind_before_minutes: 30,
    sync_external_calendars: true,
    send_notifications: true,
    external_calendars: externalCalendarIds('f47ac10b-58cc-4372-a567-0e02b2c3d479', ['google'], true),
    created_at: '2025-04-25T10:15:30.000Z',
    updated_at: '2025-04-25T10:15:30.000Z',
  },
  {
    id: 124,
    uuid: '63f5f61f-4271-4870-bc31-cbd75856663b',
    team_id: 101,
    title: 'Project Review',
    description: null,
    event_type: 'video_call',
    status: 'confirmed',
    start_time: '2025-05-02T10:00:00.000Z',
    end_time: '2025-05-02T11:30:00.000Z',
    location: null,
    customer: { name: 'Jane Smith', email: 'jane.smith@example.com', phone: '+15559876543', notes: null },
    has_video_conference: true,
    video_conference_url: 'https://zoom.us/j/5551234567',
    video_conference_provider: 'Zoom',
    created_by_ai_agent: false,
    ai_agent_id: null,
    is_reminder_enabled: true,
    remind_before_minutes: 60,
    sync_external_calendars: true,
    send_notifications: true,
    external_calendars: externalCalendarIds('63f5f61f-4271-4870-bc31-cbd75856663b', ['google'], true),
    created_at: '2025-04-26T09:00:00.000Z',
    updated_at: '2025-04-26T09:00:00.000Z',
  },
  {
    id: 456,
    uuid: 'a1b2c3d4-e5f6-7890-a1b2-c3d4e5f67890',
    team_id: 101,
    title: 'Product Demo',
    description: 'Product demonstration for potential client',
    event_type: 'video_call',
    status: 'confirmed',
    start_time: '2025-05-15T14:00:00.000Z',
    end_time: '2025-05-15T15:00:00.000Z',
    location: null,
    customer: { name: 'Jane Smith', email: 'jane.smith@example.com', phone: '+15559876543', notes: null },
    has_video_conference: true,
    video_conference_url: null,
    video_conference_provider: 'Zoom',
    created_by_ai_agent: false,
    ai_agent_id: null,
    is_reminder_enabled: true,
    remind_before_minutes: 15,
    sync_external_calendars: true,
    send_notifications: true,
    external_calendars: externalCalendarIds('a1b2c3d4-e5f6-7890-a1b2-c3d4e5f67890', ['google'], true),
    created_at: '2025-04-28T16:20:00.000Z',
    updated_at: '2025-04-28T16:20:00.000Z',
  },
];

/** An event's customer: the contact's name, email and primary phone (none for a busy block), and the notes, with the cancellation reason if cancelled. */
export function eventCustomer(contact: Contact | undefined, notes: string | null, cancelled: string | undefined): CalendarEventFixture['customer'] {
  return {
    name: contact ? contact.full_name : null,
    email: contact ? contact.email : null,
    phone: contact ? (contact.phone_numbers.find((p) => p.primary) ?? contact.phone_numbers[0])?.phone_number ?? null : null,
    notes: cancelled === undefined ? notes : [notes, `Cancellation reason: ${cancelled}`].filter(Boolean).join('\n'),
  };
}
