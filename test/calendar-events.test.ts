/**
 * The Calendar API's events over HTTP: Get Events (range, status, pages), Get Event Details (by
 * id and by UUID), Create Event (every documented field and default, the documented errors, the
 * daily creation limit), Update Event by PUT and PATCH, and Cancel Event. Manual clock: the world
 * starts at 2025-05-01T12:00:00Z, so times are exact.
 */
import { describe, expect, it } from 'vitest';
import { requestExample } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const LIST = '/api/v1/calendar/events';
const CREATE = '/api/v1/calendar/events/create';
const DETAIL = '/api/v1/calendar/events/{event_id}';
const UPDATE = '/api/v1/calendar/events/{event_id}/update';
const CANCEL = '/api/v1/calendar/events/{event_id}/cancel';
const NOW = '2025-05-01T12:00:00.000Z';
const DOCUMENTED_UUID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

/** Requests as one key, in one session (a fresh world per describe block). */
function client(session: string, key = EXAMPLE_KEY) {
  const headers = { Authorization: `Bearer ${key}`, 'X-Mock-Session': session };
  const json = { ...headers, 'Content-Type': 'application/json' };
  return {
    list: (query = '') => sandbox.call(`${LIST}${query}`, { headers }, LIST),
    get: (id: number | string) => sandbox.call(`${LIST}/${id}`, { headers }, DETAIL),
    create: (body: unknown) => sandbox.call(CREATE, { method: 'POST', headers: json, body: typeof body === 'string' ? body : JSON.stringify(body) }, CREATE),
    put: (id: number | string, body: unknown) => sandbox.call(`${LIST}/${id}/update`, { method: 'PUT', headers: json, body: JSON.stringify(body) }, UPDATE),
    patch: (id: number | string, body: unknown) => sandbox.call(`${LIST}/${id}/update`, { method: 'PATCH', headers: json, body: JSON.stringify(body) }, UPDATE),
    cancel: (id: number | string, body?: unknown) => sandbox.call(`${LIST}/${id}/cancel`, { method: 'POST', headers: body === undefined ? headers : json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, CANCEL),
    advance: async (seconds: number) => {
      const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds }) });
      expect(res.status).toBe(200);
    },
  };
}

/** Every event of the team the key sees, over ten years around the reference date. */
async function allEvents(api: ReturnType<typeof client>): Promise<any[]> {
  const events: any[] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await api.list(`?start_date=2020-01-01&end_date=2030-01-01&limit=100&page=${page}`);
    events.push(...body.events);
    if (page >= body.pages) return events;
  }
}

const overlaps = (e: { start_time: string; end_time: string }, from: string, to: string) => Date.parse(e.start_time) < Date.parse(to) && Date.parse(e.end_time) > Date.parse(from);

describe('GET /api/v1/calendar/events', () => {
  const api = client('calendar-list');

  it('lists the events overlapping today and the 30 days after it, by start time, 10 a page', async () => {
    const all = await allEvents(api);
    const expected = all.filter((e) => overlaps(e, '2025-05-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'));
    const { status, body } = await api.list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ count: expected.length, page: 1, limit: 10, pages: Math.ceil(expected.length / 10) });
    expect(body.events.map((e: any) => e.id)).toEqual(expected.slice(0, 10).map((e) => e.id));
    const starts = all.map((e) => Date.parse(e.start_time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('answers the documented example request: confirmed events of May 2025, the page’s first item being event 123', async () => {
    const { body } = await api.list('?start_date=2025-05-01&end_date=2025-05-31&status=confirmed&page=1&limit=10');
    expect(body.events.every((e: any) => e.status === 'confirmed')).toBe(true);
    expect(body.events[0]).toEqual({
      id: 123,
      uuid: DOCUMENTED_UUID,
      title: 'Client Meeting',
      event_type: 'meeting',
      status: 'confirmed',
      start_time: '2025-05-01T14:00:00.000Z',
      end_time: '2025-05-01T15:00:00.000Z',
      duration_minutes: 60,
      location: 'Conference Room A',
      has_video_conference: true,
      video_conference_url: 'https://meet.google.com/abc-defg-hij',
      created_by_ai_agent: true,
      ai_agent: { id: 123, name: 'Appointment Scheduler', assistant_id: 'assistant_ghi789' },
      customer: { name: 'John Doe', email: 'john.doe@example.com', phone: '+15551234567' },
    });
  });

  it('places the relative seeded events on the world’s days, in the team’s timezone (09:30 Pacific on the first day)', async () => {
    const { body } = await api.get(1024);
    expect(body).toMatchObject({ start_time: '2025-05-01T16:30:00.000Z', end_time: '2025-05-01T18:00:00.000Z', duration_minutes: 90 });
  });

  it('takes date-times as exact bounds, includes the end date’s whole day, and pages to the end', async () => {
    const all = await allEvents(api);
    const from = '2025-05-01T14:30:00.000Z';
    const { body } = await api.list(`?start_date=${from}&end_date=2025-05-02&limit=100`);
    expect(body.events.map((e: any) => e.id)).toEqual(all.filter((e) => overlaps(e, from, '2025-05-03T00:00:00.000Z')).map((e) => e.id));
    expect(body.events.map((e: any) => e.id)).toContain(123); // 14:00–15:00 overlaps 14:30
    const last = await api.list(`?start_date=2020-01-01&end_date=2030-01-01&limit=7&page=${Math.ceil(all.length / 7)}`);
    expect(last.body.events.map((e: any) => e.id)).toEqual(all.slice(Math.floor((all.length - 1) / 7) * 7).map((e) => e.id));
    expect((await api.list(`?start_date=2020-01-01&end_date=2030-01-01&limit=7&page=${Math.ceil(all.length / 7) + 1}`)).body.events).toEqual([]);
  });

  it('filters by each status', async () => {
    const all = await allEvents(api);
    for (const status of ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show']) {
      const { body } = await api.list(`?start_date=2020-01-01&end_date=2030-01-01&limit=100&status=${status}`);
      expect(body.events.map((e: any) => e.id)).toEqual(all.filter((e) => e.status === status).map((e) => e.id));
    }
  });

  it('refuses a date that is not YYYY-MM-DD or ISO 8601, an end before the start, and a limit over 100', async () => {
    for (const query of ['?start_date=05/01/2025', '?end_date=2025-02-30', '?start_date=tomorrow']) {
      expect((await api.list(query)).body).toEqual({ error: 'invalid_parameter_format', message: 'Invalid date format. Expected YYYY-MM-DD' });
    }
    expect((await api.list('?start_date=2025-05-10&end_date=2025-05-01')).body).toEqual({ error: 'invalid_parameter_format', message: 'end_date must not be before start_date' });
    const tooMany = await api.list('?limit=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toBe('validation_error');
  });

  it('shows a team only its own events', async () => {
    const other = await allEvents(client('calendar-list', 'klen_test_other_team'));
    const mine = await allEvents(api);
    expect(other.length).toBeGreaterThan(0);
    expect(other.map((e) => e.id).filter((id) => mine.some((m) => m.id === id))).toEqual([]);
    expect((await client('calendar-list', 'klen_test_other_team').get(123)).status).toBe(404);
  });
});

describe('GET /api/v1/calendar/events/{event_id}', () => {
  const api = client('calendar-detail');

  it('answers the documented example by id and by UUID, the same event', async () => {
    const byId = await api.get(123);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id: 123,
      uuid: DOCUMENTED_UUID,
      title: 'Client Meeting',
      description: 'Discuss project requirements and timeline',
      event_type: 'meeting',
      event_type_display: 'Meeting',
      status: 'confirmed',
      status_display: 'Confirmed',
      video_conference_provider: 'Google Meet',
      is_reminder_enabled: true,
      remind_before_minutes: 30,
      created_at: '2025-04-25T10:15:30.000Z',
      updated_at: '2025-04-25T10:15:30.000Z',
      customer: { name: 'John Doe', email: 'john.doe@example.com', phone: '+15551234567', notes: null },
      team: { id: 101, name: 'Sales Team' },
      external_calendars: { google: 'f47ac10b58cc4372a5670e02b2c3d479', outlook: null, gohighlevel: null },
      ics_url: `/calendar/event/${DOCUMENTED_UUID}/calendar.ics`,
    });
    expect((await api.get(DOCUMENTED_UUID)).body).toEqual(byId.body);
    expect((await api.get(DOCUMENTED_UUID.toUpperCase())).body).toEqual(byId.body);
  });

  it('answers the Calendar pages’ 404 for an unknown id, a malformed one and another team’s event', async () => {
    for (const id of ['999999', 'abc', '00000000-0000-4000-8000-000000000000', '0123']) {
      expect(await api.get(id)).toMatchObject({ status: 404, body: { error: 'not_found', message: 'Event not found or you do not have access' } });
    }
    const theirs = (await allEvents(client('calendar-detail', 'klen_test_other_team')))[0];
    expect((await api.get(theirs.uuid)).status).toBe(404);
  });

  it('answers the Calendar pages’ 401 and 403 messages', async () => {
    expect((await sandbox.call(`${LIST}/123`, {}, DETAIL)).body).toEqual({ error: 'authentication_required', message: 'API key is required' });
    const denied = await client('calendar-detail', 'klen_test_no_permissions').get(123);
    expect(denied).toMatchObject({ status: 403, body: { error: 'permission_denied', message: 'This API key does not have can_read_calendar permission' } });
  });
});

describe('POST /api/v1/calendar/events/create', () => {
  const api = client('calendar-create');
  const example = requestExample(CREATE, 'post') as Record<string, unknown>;

  it('creates the documented example: 201, the page’s answer with a new id and UUID, Location; Get Event Details shows every field and default', async () => {
    const { status, headers, body } = await api.create(example);
    expect(status).toBe(201);
    expect(body).toMatchObject({ title: 'Product Demo', start_time: '2025-05-15T14:00:00.000Z', end_time: '2025-05-15T15:00:00.000Z', status: 'confirmed', message: 'Event created successfully' });
    expect(body.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.ics_url).toBe(`/calendar/event/${body.uuid}/calendar.ics`);
    expect(headers.get('location')).toBe(`/api/v1/calendar/events/${body.id}`);
    const details = await api.get(body.id);
    expect(details.body).toEqual({
      id: body.id,
      uuid: body.uuid,
      title: 'Product Demo',
      description: 'Product demonstration for potential client',
      event_type: 'video_call',
      event_type_display: 'Video Call',
      status: 'confirmed',
      status_display: 'Confirmed',
      start_time: '2025-05-15T14:00:00.000Z',
      end_time: '2025-05-15T15:00:00.000Z',
      duration_minutes: 60,
      location: null,
      has_video_conference: true,
      video_conference_url: null,
      video_conference_provider: 'Zoom',
      created_by_ai_agent: false,
      is_reminder_enabled: true,
      remind_before_minutes: 15,
      created_at: NOW,
      updated_at: NOW,
      customer: { name: 'Jane Doe', email: example['customer_email'], phone: '+15551234567', notes: null },
      ai_agent: null,
      team: { id: 101, name: 'Sales Team' },
      external_calendars: { google: body.uuid.replaceAll('-', ''), outlook: null, gohighlevel: null },
      ics_url: body.ics_url,
    });
    expect((await api.get(body.uuid)).body).toEqual(details.body);
  });

  it('fills in the documented defaults, converts offsets to UTC with milliseconds, and links the agent', async () => {
    const { body } = await api.create({ title: 'Call back', start_time: '2025-05-20T09:00:00+02:00', end_time: '2025-05-20T09:30:00.123456+02:00', ai_agent_id: 457, created_by_ai_agent: true, sync_external_calendars: false });
    const { body: event } = await api.get(body.id);
    expect(event).toMatchObject({
      event_type: 'meeting',
      status: 'scheduled',
      start_time: '2025-05-20T07:00:00.000Z',
      end_time: '2025-05-20T07:30:00.123Z',
      duration_minutes: 30,
      has_video_conference: false,
      is_reminder_enabled: true,
      remind_before_minutes: 60,
      created_by_ai_agent: true,
      ai_agent: { id: 457, name: 'Appointment Setter', assistant_id: 'assistant_f3k9q2' },
      customer: { name: null, email: null, phone: null, notes: null },
      external_calendars: { google: null, outlook: null, gohighlevel: null },
    });
  });

  it('answers missing_parameter naming the first missing one, as the page words it', async () => {
    const base = { title: 'T', start_time: '2025-05-20T09:00:00Z', end_time: '2025-05-20T10:00:00Z' };
    for (const name of ['title', 'start_time', 'end_time'] as const) {
      const { [name]: _left, ...body } = base;
      expect((await api.create(body)).body).toEqual({ error: 'missing_parameter', message: `Missing required parameter: ${name}` });
    }
    expect((await api.create({})).body.message).toBe('Missing required parameter: title');
  });

  it('refuses times that are not ISO 8601 date-times, or impossible, and an end not after the start', async () => {
    for (const start_time of ['2025-05-20', '05/20/2025 09:00', '2025-02-29T10:00:00Z', '2025-05-20T24:00:00Z', '2025-05-20T09:00:00+19:00']) {
      const { status, body } = await api.create({ title: 'T', start_time, end_time: '2025-05-21T10:00:00Z' });
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_datetime_format');
      expect(body.message).toMatch(/^Invalid datetime format\. Expected ISO 8601 format \(YY/);
    }
    expect((await api.create({ title: 'Leap', start_time: '2024-02-29T10:00:00Z', end_time: '2024-02-29T11:00:00Z' })).status).toBe(201);
    for (const end_time of ['2025-05-20T09:00:00Z', '2025-05-20T08:00:00Z']) {
      expect((await api.create({ title: 'T', start_time: '2025-05-20T09:00:00Z', end_time })).body).toEqual({ error: 'validation_error', message: 'end_time must be after start_time' });
    }
  });

  it('refuses another status than scheduled or confirmed, another team’s agent, and other teams', async () => {
    const base = { title: 'T', start_time: '2025-05-20T09:00:00Z', end_time: '2025-05-20T10:00:00Z' };
    expect((await api.create({ ...base, status: 'completed' })).body.error).toBe('validation_error');
    expect((await api.create({ ...base, ai_agent_id: 512 })).body).toEqual({ error: 'validation_error', message: 'ai_agent_id: no agent 512 in this team' });
    expect((await api.create({ ...base, team_id: 202 })).body.error).toBe('team_access_denied');
    expect((await api.create({ ...base, team_id: 999 })).body.error).toBe('team_not_found');
    expect((await api.create('{"title":')).body.error).toBe('invalid_json');
  });

  it('needs can_write_calendar: a read-only key is refused with the Calendar pages’ message', async () => {
    const { status, body } = await client('calendar-create', 'klen_test_read_only').create(example);
    expect(status).toBe(403);
    expect(body).toEqual({ error: 'permission_denied', message: 'This API key does not have can_write_calendar permission' });
  });
});

describe('the daily creation limit (calendar_events_per_day_limit, 50 per key)', () => {
  const api = client('calendar-daily-limit');
  const body = { title: 'Slot', start_time: '2025-06-02T16:00:00Z', end_time: '2025-06-02T16:30:00Z' };

  it('answers the 51st creation of the world’s day 429 with Retry-After to midnight UTC; a refused body does not count; the next day resets it', async () => {
    for (let i = 0; i < 50; i += 1) {
      expect((await api.create(body)).status).toBe(201);
      if (i === 10) expect((await api.create({ title: 'bad' })).status).toBe(400);
    }
    const refused = await api.create(body);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('rate_limit_exceeded');
    expect(refused.headers.get('retry-after')).toBe(String(12 * 3600)); // 12:00 UTC → midnight
    // updates do not count
    expect((await api.patch(123, { title: 'Still allowed' })).status).toBe(200);
    await api.advance(12 * 3600);
    expect((await api.create(body)).status).toBe(201);
  });
});

describe('PUT and PATCH /api/v1/calendar/events/{event_id}/update', () => {
  const api = client('calendar-update');

  it('PUT replaces the whole event with the documented body: what it leaves out goes back to its default', async () => {
    await api.patch(456, { location: 'Room 1', ai_agent_id: 123, customer_notes: 'VIP' });
    const example = requestExample(UPDATE, 'put') as Record<string, unknown>;
    const { status, body } = await api.put(456, example);
    expect(status).toBe(200);
    expect(body).toEqual({ id: 456, uuid: 'a1b2c3d4-e5f6-7890-a1b2-c3d4e5f67890', title: example['title'], start_time: '2025-05-16T15:00:00.000Z', end_time: '2025-05-16T16:00:00.000Z', status: 'confirmed', message: 'Event updated successfully' });
    const { body: event } = await api.get(456);
    expect(event).toMatchObject({ location: example['location'] ?? null, ai_agent: null, customer: { notes: null }, remind_before_minutes: 30, updated_at: NOW, created_at: '2025-04-28T16:20:00.000Z' });
    expect((await api.put(456, { title: 'No times' })).body).toEqual({ error: 'missing_parameter', message: 'Missing required parameter: start_time' });
  });

  it('PATCH changes only what it sends; null clears a text field; an empty PATCH changes nothing, not even updated_at', async () => {
    const before = (await api.get(124)).body;
    expect((await api.patch(124, {})).status).toBe(200);
    expect((await api.get(124)).body).toEqual(before);
    await api.advance(60);
    const { body } = await api.patch(124, { start_time: '2025-05-02T11:00:00Z', end_time: '2025-05-02T12:00:00Z', video_conference_url: null, status: 'no_show' });
    expect(body).toMatchObject({ start_time: '2025-05-02T11:00:00.000Z', status: 'no_show' });
    const after = (await api.get(124)).body;
    expect(after).toEqual({ ...before, start_time: '2025-05-02T11:00:00.000Z', end_time: '2025-05-02T12:00:00.000Z', duration_minutes: 60, video_conference_url: null, status: 'no_show', status_display: 'No Show', updated_at: '2025-05-01T12:01:00.000Z' });
  });

  it('refuses a PATCH that would leave the end before the start, an empty title, and unknown or other teams’ events', async () => {
    expect((await api.patch(123, { start_time: '2025-05-01T16:00:00Z' })).body).toEqual({ error: 'validation_error', message: 'end_time must be after start_time' });
    expect((await api.patch(123, { title: '' })).body).toEqual({ error: 'missing_parameter', message: 'Missing required parameter: title' });
    expect((await api.patch(999999, { title: 'x' })).body).toEqual({ error: 'not_found', message: 'Event not found or you do not have access' });
    expect((await client('calendar-update', 'klen_test_other_team').patch(123, { title: 'x' })).status).toBe(404);
  });
});

describe('POST /api/v1/calendar/events/{event_id}/cancel', () => {
  const api = client('calendar-cancel');

  it('cancels the documented example with its reason, added to the customer notes; again changes nothing', async () => {
    const { status, body } = await api.cancel(456, { reason: 'Client requested to reschedule' });
    expect(status).toBe(200);
    expect(body).toEqual({ id: 456, uuid: 'a1b2c3d4-e5f6-7890-a1b2-c3d4e5f67890', status: 'cancelled', message: 'Event cancelled successfully' });
    const event = (await api.get(456)).body;
    expect(event).toMatchObject({ status: 'cancelled', status_display: 'Cancelled', customer: { notes: 'Cancellation reason: Client requested to reschedule' } });
    expect((await api.cancel(456, { reason: 'again' })).body).toEqual(body);
    expect((await api.get(456)).body).toEqual(event);
  });

  it('takes no body at all, and answers the documented 404', async () => {
    expect((await api.cancel(124)).body.status).toBe('cancelled');
    expect((await api.cancel('f0000000-0000-4000-8000-000000000000')).body).toEqual({ error: 'not_found', message: 'Event not found or you do not have access' });
    expect((await api.cancel(123, { reason: 42 })).body.error).toBe('validation_error');
  });
});
