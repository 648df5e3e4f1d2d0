/**
 * Calendar events move on the world's clock: reminders fall due `remind_before_minutes` before
 * the start, an open event whose end passes becomes completed (or no_show for the magic
 * customer number), and each step is recorded as the webhooks name it, for the webhooks to
 * deliver. With a manual clock every step happens at an exact, repeatable instant.
 */
import { describe, expect, it } from 'vitest';
import { adminViolations } from './helpers/contract.js';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
/** A world started at 16:00 Pacific time on the first day: some of the day's relative events have ended. */
const evening = useSandbox({ clock: 'manual', clockStart: '2025-05-01T23:00:00Z' });
const LIST = '/api/v1/calendar/events';

function inSession(session: string, server = sandbox) {
  const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': session, 'Content-Type': 'application/json' };
  const admin = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}/__mock/sessions/${session}${path}`, init);
    const body = (await res.json()) as any;
    expect(adminViolations(`/__mock/sessions/{name}${path}`, (init.method ?? 'get').toLowerCase() as 'get' | 'post', res.status, body)).toEqual([]);
    return body;
  };
  return {
    create: async (body: Record<string, unknown>) => (await server.call('/api/v1/calendar/events/create', { method: 'POST', headers, body: JSON.stringify(body) }, '/api/v1/calendar/events/create')).body,
    get: async (id: number) => (await server.call(`${LIST}/${id}`, { headers }, '/api/v1/calendar/events/{event_id}')).body,
    patch: async (id: number, body: Record<string, unknown>) => (await server.call(`${LIST}/${id}/update`, { method: 'PATCH', headers, body: JSON.stringify(body) }, '/api/v1/calendar/events/{event_id}/update')).body,
    cancel: async (id: number) => (await server.call(`${LIST}/${id}/cancel`, { method: 'POST', headers }, '/api/v1/calendar/events/{event_id}/cancel')).body,
    advance: (seconds: number) => admin('/clock/advance', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds }) }),
    clock: () => admin('/clock'),
    /** The world's calendar events about these events: [type, id, time]. */
    events: async (...ids: number[]) => ((await admin('/events')).events as any[]).filter((e) => e.calendar_event && ids.includes(e.calendar_event.id)).map((e) => [e.type, e.calendar_event.id, e.time]),
  };
}

describe('an event the world created (manual clock from 2025-05-01T12:00:00Z)', () => {
  const world = inSession('calendar-lifecycle');

  it('is reminded of at start − remind_before_minutes and completed at its end, each recorded once, at its instant', async () => {
    const { id } = await world.create({ title: 'Demo', start_time: '2025-05-01T14:00:00Z', end_time: '2025-05-01T14:30:00Z', remind_before_minutes: 60 });
    const pending = (await world.clock()).pending.filter((p: any) => p.calendar_event?.id === id);
    expect(pending).toEqual([
      { at: '2025-05-01T13:00:00.000Z', calendar_event: { id, uuid: expect.any(String) }, step: 'reminder' },
      { at: '2025-05-01T14:30:00.000Z', calendar_event: { id, uuid: expect.any(String) }, step: 'end' },
    ]);
    await world.advance(3600);
    expect(await world.events(id)).toEqual([
      ['calendar.created', id, '2025-05-01T12:00:00Z'],
      ['calendar.reminder', id, '2025-05-01T13:00:00Z'],
    ]);
    expect((await world.get(id)).status).toBe('scheduled');
    await world.advance(5400);
    expect((await world.get(id)).status).toBe('completed');
    expect((await world.get(id)).updated_at).toBe('2025-05-01T14:30:00.000Z');
    expect((await world.events(id)).at(-1)).toEqual(['calendar.completed', id, '2025-05-01T14:30:00Z']);
  });

  it('moves the seeded events too: event 123 is reminded of at 13:30 and completed at 15:00', async () => {
    await world.advance(1800); // to 15:00
    expect(await world.events(123)).toEqual([
      ['calendar.reminder', 123, '2025-05-01T13:30:00Z'],
      ['calendar.completed', 123, '2025-05-01T15:00:00Z'],
    ]);
    expect((await world.get(123)).status).toBe('completed');
  });
});

describe('rescheduling, cancelling and the no-show number', () => {
  const world = inSession('calendar-reschedule');

  it('a rescheduled event keeps only its new steps; a cancelled one has none; the magic number ends as no_show', async () => {
    const moved = (await world.create({ title: 'Moved', start_time: '2025-05-01T16:00:00Z', end_time: '2025-05-01T17:00:00Z' })).id;
    const cancelled = (await world.create({ title: 'Off', start_time: '2025-05-01T16:00:00Z', end_time: '2025-05-01T17:00:00Z', status: 'confirmed' })).id;
    const noShow = (await world.create({ title: 'Ghost', start_time: '2025-05-01T13:00:00Z', end_time: '2025-05-01T13:30:00Z', customer_phone: '+15005550001', is_reminder_enabled: false })).id;
    await world.patch(moved, { start_time: '2025-05-01T18:00:00Z', end_time: '2025-05-01T19:00:00Z' });
    await world.cancel(cancelled);
    await world.advance(8 * 3600);
    expect(await world.events(moved)).toEqual([
      ['calendar.created', moved, '2025-05-01T12:00:00Z'],
      ['calendar.updated', moved, '2025-05-01T12:00:00Z'],
      ['calendar.reminder', moved, '2025-05-01T17:00:00Z'],
      ['calendar.completed', moved, '2025-05-01T19:00:00Z'],
    ]);
    expect(await world.events(cancelled)).toEqual([
      ['calendar.created', cancelled, '2025-05-01T12:00:00Z'],
      ['calendar.cancelled', cancelled, '2025-05-01T12:00:00Z'],
    ]);
    expect((await world.get(cancelled)).status).toBe('cancelled');
    expect(await world.events(noShow)).toEqual([
      ['calendar.created', noShow, '2025-05-01T12:00:00Z'],
      ['calendar.updated', noShow, '2025-05-01T13:30:00Z'],
    ]);
    expect((await world.get(noShow)).status).toBe('no_show');
  });

  it('records the previous times of a rescheduled event, as the calendar.updated webhook shows them', async () => {
    const all = (await fetch(`${sandbox.url}/__mock/sessions/calendar-reschedule/events`).then((r) => r.json())) as { events: any[] };
    expect(all.events.find((e) => e.type === 'calendar.updated' && e.previous_start)).toMatchObject({ previous_start: '2025-05-01T16:00:00.000Z', previous_end: '2025-05-01T17:00:00.000Z' });
  });

  it('an event created already over is completed at once; a reminder already due is not sent late', async () => {
    const past = (await world.create({ title: 'Yesterday', start_time: '2025-04-30T10:00:00Z', end_time: '2025-04-30T11:00:00Z' })).id;
    expect((await world.get(past)).status).toBe('completed');
    const soon = (await world.create({ title: 'Soon', start_time: '2025-05-01T20:30:00Z', end_time: '2025-05-01T21:00:00Z' })).id; // reminder due 19:30, now 20:00
    await world.advance(3600);
    expect((await world.events(soon)).map(([type]) => type)).toEqual(['calendar.created', 'calendar.completed']);
  });
});

describe('a world started late on its first day (manual clock from 16:00 Pacific)', () => {
  const world = inSession('calendar-evening', evening);

  it('shows the day’s relative events that have ended as completed, without recording steps it did not see', async () => {
    const morning = await world.get(1024); // 09:30–11:00 Pacific, confirmed in the fixtures
    expect(morning).toMatchObject({ start_time: '2025-05-01T16:30:00.000Z', status: 'completed' });
    expect(await world.events(1024)).toEqual([]);
    // the fixed-time seeded events are a snapshot: 123 (14:00–15:00Z) keeps its status
    expect((await world.get(123)).status).toBe('confirmed');
  });
});
