/**
 * Get Availability remembers its answers per world (src/handlers/calendar.ts): these hold it to
 * what a fresh computation would say as the clock moves and as events are booked and cancelled.
 * Manual clock from 2025-05-01T12:00:00Z (05:00 in team 101's Los Angeles), advance notice 120
 * minutes, buffer 15.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const NOW = Date.parse('2025-05-01T12:00:00Z');
const NOTICE_MS = 120 * 60_000;
const SESSION = 'availability-remembered';
const headers = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': SESSION, 'Content-Type': 'application/json' };

type Slot = { start: string; end: string; duration_minutes: number };
const availability = async (): Promise<{ available_slots: Slot[]; count: number }> => {
  const res = await sandbox.call('/api/v1/calendar/availability', { headers }, '/api/v1/calendar/availability');
  expect(res.status).toBe(200);
  return res.body;
};
/** Moves the session's clock to `at` (epoch ms, after its now). */
let now = NOW;
async function advanceTo(at: number): Promise<void> {
  const res = await fetch(`${sandbox.url}/__mock/sessions/${SESSION}/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds: (at - now) / 1000 }) });
  expect(res.status).toBe(200);
  now = at;
}
const bookable = (slots: Slot[], at: number) => slots.filter((s) => Date.parse(s.start) >= at + NOTICE_MS);

describe('Get Availability, asked again', () => {
  it('follows the clock: the first slot stays until the advance notice reaches it, then goes', async () => {
    const before = await availability();
    expect(await availability()).toEqual(before);
    const first = Date.parse((before.available_slots[0] as Slot).start);
    await advanceTo(first - NOTICE_MS - 1000);
    expect(await availability()).toEqual(before);
    await advanceTo(first - NOTICE_MS + 1000);
    const after = await availability();
    expect(after.available_slots).toEqual(bookable(before.available_slots, now));
    expect(after.count).toBe(before.count - 1);
  });

  it('follows the events: a booking takes its slot (and those within the buffer), a cancellation gives them back', async () => {
    const before = await availability();
    const slot = before.available_slots[2] as Slot;
    const created = await sandbox.call('/api/v1/calendar/events/create', { method: 'POST', headers, body: JSON.stringify({ title: 'Booked', start_time: slot.start, end_time: slot.end }) }, '/api/v1/calendar/events/create');
    expect(created.status).toBe(201);
    const booked = await availability();
    expect(booked.available_slots.map((s) => s.start)).not.toContain(slot.start);
    expect(booked.count).toBeLessThan(before.count);
    const cancelled = await sandbox.call(`/api/v1/calendar/events/${created.body.id}/cancel`, { method: 'POST', headers }, '/api/v1/calendar/events/{event_id}/cancel');
    expect(cancelled.status).toBe(200);
    expect(await availability()).toEqual(before);
  });
});
