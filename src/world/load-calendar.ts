import { StartupError } from '../errors/startup-error.js';
import { EXTERNAL_CALENDARS } from '../calendar/external-calendars.js';
import type { CalendarEventFixture } from './calendar-seed.js';
import type { Agent, TeamCalendarSettings, TeamRecord } from './records.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const CLOCK_TIME = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const CLOCK_END = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

/**
 * JSON Schema of a team's `calendar` in `teams.json` (sandbox only: the Get Availability page
 * says slots come from availability schedules, existing events, buffer time, advance notice and
 * business hours, and names no fields).
 */
export const teamCalendarSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['timezone', 'user_id', 'working_hours', 'buffer_minutes', 'advance_notice_minutes', 'connected_calendars'],
  properties: {
    timezone: { type: 'string', minLength: 1 },
    user_id: { type: 'integer', minimum: 1 },
    working_hours: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        WEEKDAYS.map((day) => [day, { type: 'array', items: { type: 'array', prefixItems: [{ type: 'string', pattern: CLOCK_TIME }, { type: 'string', pattern: CLOCK_END }], items: false, minItems: 2 } }]),
      ),
    },
    buffer_minutes: { type: 'integer', minimum: 0, maximum: 1440 },
    advance_notice_minutes: { type: 'integer', minimum: 0, maximum: 525600 },
    connected_calendars: { type: 'array', uniqueItems: true, items: { enum: [...EXTERNAL_CALENDARS] } },
  },
} as const;

/** The booking settings of a team that states none: UTC, Monday to Friday 09:00–17:00, no buffer, no notice, no external calendars. */
export function defaultTeamCalendar(teamId: number): TeamCalendarSettings {
  const day: Array<[string, string]> = [['09:00', '17:00']];
  return {
    timezone: 'UTC',
    user_id: teamId,
    working_hours: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
    buffer_minutes: 0,
    advance_notice_minutes: 0,
    connected_calendars: [],
  };
}

/** Checks what the schema cannot: a known timezone, and each day's hours in order without overlaps. */
export function checkTeamCalendar(file: string, index: number, team: TeamRecord, isTimeZone: (name: string) => boolean): void {
  const fail = (detail: string) => new StartupError(file, `record ${index} (id ${team.id}): /calendar/${detail}`);
  if (!isTimeZone(team.calendar.timezone)) throw fail(`timezone "${team.calendar.timezone}" is not an IANA timezone`);
  for (const day of WEEKDAYS) {
    let previousEnd = '00:00';
    (team.calendar.working_hours[day] ?? []).forEach(([start, end], i) => {
      if (start >= end) throw fail(`working_hours/${day}/${i}: ${start} must be before ${end}`);
      if (i > 0 && start < previousEnd) throw fail(`working_hours/${day}/${i}: ${start}–${end} overlaps the interval before it (list a day's intervals in order)`);
      previousEnd = end;
    });
  }
}

/**
 * Calendar events: unique ids and UUIDs; a team of teams.json; either fixed times (start_time,
 * end_time, created_at, updated_at, the end after the start) or a relative start (starts and
 * duration_minutes, no fixed times); the agent, if any, of the event's team.
 */
export function checkCalendarEvents(file: string, events: readonly CalendarEventFixture[], teams: ReadonlyMap<number, TeamRecord>, agents: ReadonlyMap<number, Agent>): void {
  const ids = new Map<number, number>();
  const uuids = new Map<string, number>();
  events.forEach((event, index) => {
    const fail = (detail: string) => new StartupError(file, `record ${index} (id ${event.id}): ${detail}`);
    const sameId = ids.get(event.id);
    if (sameId !== undefined) throw fail(`/id ${event.id} is already used by record ${sameId}`);
    ids.set(event.id, index);
    const sameUuid = uuids.get(event.uuid);
    if (sameUuid !== undefined) throw fail(`/uuid ${event.uuid} is already used by record ${sameUuid}`);
    uuids.set(event.uuid, index);
    if (!teams.has(event.team_id)) throw fail(`/team_id ${event.team_id} is not a team of teams.json`);
    const fixed = (['start_time', 'end_time', 'created_at', 'updated_at'] as const).filter((field) => event[field] !== undefined);
    if (event.starts !== undefined || event.duration_minutes !== undefined) {
      if (event.starts === undefined || event.duration_minutes === undefined) throw fail('a relative event needs both /starts and /duration_minutes');
      if (fixed.length > 0) throw fail(`/${fixed[0]} cannot be given with /starts (a relative event's times are placed on the world's days)`);
    } else {
      if (fixed.length < 4) throw fail('needs /start_time, /end_time, /created_at and /updated_at, or /starts and /duration_minutes for a relative time');
      if ((event.end_time as string) <= (event.start_time as string)) throw fail(`/end_time ${event.end_time} must be after /start_time ${event.start_time}`);
      if ((event.updated_at as string) < (event.created_at as string)) throw fail(`/updated_at ${event.updated_at} is before /created_at ${event.created_at}`);
    }
    if (event.ai_agent_id !== null) {
      const agent = agents.get(event.ai_agent_id);
      if (!agent) throw fail(`/ai_agent_id ${event.ai_agent_id} is not an agent of agents.json`);
      if (agent.team_id !== event.team_id) throw fail(`/ai_agent_id ${agent.id} belongs to team ${String(agent.team_id)}, not to the event's team ${event.team_id}`);
    }
  });
}
