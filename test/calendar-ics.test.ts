/**
 * Each event's `ics_url` serves a real iCalendar file (RFC 5545), checked by parsing it with
 * ical.js (Mozilla's parser, used by Thunderbird), not by comparing text: what a calendar app
 * reads is what the test reads.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const DOCUMENTED_UUID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

async function ics(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${sandbox.url}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), cors: response.headers.get('access-control-allow-origin'), text: await response.text() };
}

function vevent(text: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return events[0] as ICAL.Component;
}

describe('GET /calendar/event/{uuid}/calendar.ics', () => {
  it('serves the documented event as one VEVENT: its UUID, title, UTC times, place, status, link, attendee and reminder', async () => {
    const { status, type, cors, text } = await ics(`/calendar/event/${DOCUMENTED_UUID}/calendar.ics`);
    expect(status).toBe(200);
    expect(type).toBe('text/calendar; charset=utf-8');
    expect(cors).toBe('*');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const component = vevent(text);
    const event = new ICAL.Event(component);
    expect(event.uid).toBe(DOCUMENTED_UUID);
    expect(event.summary).toBe('Client Meeting');
    expect(event.description).toBe('Discuss project requirements and timeline');
    expect(event.location).toBe('Conference Room A');
    expect(event.startDate.toJSDate().toISOString()).toBe('2025-05-01T14:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2025-05-01T15:00:00.000Z');
    expect(component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(component.getFirstPropertyValue('url')).toBe('https://meet.google.com/abc-defg-hij');
    expect(String(component.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:john.doe@example.com'); // a URI scheme is case-insensitive
    const alarm = component.getFirstSubcomponent('valarm') as ICAL.Component;
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-30 * 60);
  });

  it('follows the event: a session’s created event is served with ?session=, and a cancellation shows as CANCELLED', async () => {
    const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': 'ics', 'Content-Type': 'application/json' };
    const created: any = await (await fetch(`${sandbox.url}/api/v1/calendar/events/create`, { method: 'POST', headers, body: JSON.stringify({ title: 'Demo, with "quotes"; and a long title that the iCalendar writer must fold over several lines', start_time: '2025-05-20T09:00:00Z', end_time: '2025-05-20T10:00:00Z', is_reminder_enabled: false }) })).json();
    expect((await ics(created.ics_url)).status).toBe(404); // not in the default world
    const before = new ICAL.Event(vevent((await ics(`${created.ics_url}?session=ics`)).text));
    expect(before.summary).toBe('Demo, with "quotes"; and a long title that the iCalendar writer must fold over several lines');
    expect(before.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(before.component.getFirstSubcomponent('valarm')).toBeNull();
    await fetch(`${sandbox.url}/api/v1/calendar/events/${created.id}/cancel`, { method: 'POST', headers });
    const after = vevent((await ics(created.ics_url, { 'X-Mock-Session': 'ics' })).text);
    expect(after.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('answers an unknown UUID with the Calendar pages’ 404, and a bad session name with 400, in the JSON envelope', async () => {
    const missing = await ics('/calendar/event/00000000-0000-4000-8000-000000000000/calendar.ics');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: 'not_found', message: 'Event not found or you do not have access' });
    const bad = await ics(`/calendar/event/${DOCUMENTED_UUID}/calendar.ics?session=${'x'.repeat(65)}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toBe('validation_error');
  });
});
