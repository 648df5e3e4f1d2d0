import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventRecord } from '../world/records.js';

/**
 * How each status shows in iCalendar (RFC 5545 STATUS): an unconfirmed event is TENTATIVE; one
 * that took place stays CONFIRMED; a no-show or a cancellation is CANCELLED, so calendar apps
 * strike it through.
 */
const STATUS: Record<EventRecord['status'], ICalEventStatus> = {
  scheduled: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
  no_show: ICalEventStatus.CANCELLED,
};

/**
 * The iCalendar file an event's `ics_url` serves: one VEVENT whose UID is the event's UUID (so
 * importing it again updates the same entry), its times in UTC, the video link as URL, the
 * customer as attendee, and a display alarm when reminders are on. Made with ical-generator
 * (RFC 5545 escaping, folding and line endings are its job, not ours). Every timestamp comes from
 * the event, never the wall clock, so a world gives the same file every time.
 */
export function eventIcs(event: EventRecord, teamName: string): string {
  const calendar = ical({ prodId: { company: 'Klen AI', product: 'klen-mock', language: 'EN' }, name: teamName, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: event.uuid,
    sequence: event.revision,
    stamp: new Date(event.updated_at),
    created: new Date(event.created_at),
    lastModified: new Date(event.updated_at),
    start: new Date(event.start_time),
    end: new Date(event.end_time),
    summary: event.title,
    description: event.description,
    location: event.location,
    url: event.video_conference_url,
    status: STATUS[event.status],
    attendees: event.customer.email ? [{ email: event.customer.email, name: event.customer.name ?? undefined }] : [],
    alarms: event.is_reminder_enabled ? [{ type: ICalAlarmType.display, trigger: event.remind_before_minutes * 60, description: event.title }] : [],
  });
  return calendar.toString();
}
