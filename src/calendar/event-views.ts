import type { components } from '../../types/openapi.js';
import { displayName } from '../world/display-name.js';
import type { EventRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import { minutesBetween } from './event-time.js';

type CalendarEvent = components['schemas']['CalendarEvent'];
type CalendarEventListItem = components['schemas']['CalendarEventListItem'];
type CalendarEventAgent = components['schemas']['CalendarEventAgent'];

/** The relative path of an event's iCalendar file, as the Calendar pages write it. */
export function icsPath(uuid: string): string {
  return `/calendar/event/${uuid}/calendar.ics`;
}

/** The agent block (`ai_agent`): the event's agent, or null when it names none. */
function agentOf(world: World, event: EventRecord): CalendarEventAgent | null {
  const agent = event.ai_agent_id === null ? undefined : world.agentById(event.ai_agent_id);
  return agent ? { id: agent.id, name: agent.name, assistant_id: agent.assistant_id } : null;
}

/** An event as Get Events lists it (openapi.yaml `CalendarEventListItem`). */
export function eventListItem(world: World, event: EventRecord): CalendarEventListItem {
  return {
    id: event.id,
    uuid: event.uuid,
    title: event.title,
    event_type: event.event_type,
    status: event.status,
    start_time: event.start_time,
    end_time: event.end_time,
    duration_minutes: minutesBetween(event.start_time, event.end_time),
    location: event.location,
    has_video_conference: event.has_video_conference,
    video_conference_url: event.video_conference_url,
    created_by_ai_agent: event.created_by_ai_agent,
    ai_agent: agentOf(world, event),
    customer: { name: event.customer.name, email: event.customer.email, phone: event.customer.phone },
  };
}

/** An event as Get Event Details shows it (openapi.yaml `CalendarEvent`). */
export function eventDetails(world: World, event: EventRecord): CalendarEvent {
  return {
    id: event.id,
    uuid: event.uuid,
    title: event.title,
    description: event.description,
    event_type: event.event_type,
    event_type_display: displayName(event.event_type) as CalendarEvent['event_type_display'],
    status: event.status,
    status_display: displayName(event.status) as CalendarEvent['status_display'],
    start_time: event.start_time,
    end_time: event.end_time,
    duration_minutes: minutesBetween(event.start_time, event.end_time),
    location: event.location,
    has_video_conference: event.has_video_conference,
    video_conference_url: event.video_conference_url,
    video_conference_provider: event.video_conference_provider,
    created_by_ai_agent: event.created_by_ai_agent,
    is_reminder_enabled: event.is_reminder_enabled,
    remind_before_minutes: event.remind_before_minutes,
    created_at: event.created_at,
    updated_at: event.updated_at,
    customer: { ...event.customer },
    ai_agent: agentOf(world, event),
    team: { id: event.team_id, name: world.team(event.team_id)?.name ?? '' },
    external_calendars: { ...event.external_calendars },
    ics_url: icsPath(event.uuid),
  };
}
