import { scheduleEvent } from '../world/calendar-lifecycle.js';
import type { EventRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import { isoMillis } from './event-time.js';

/**
 * Storing a written event in its world, with what follows from it: the event recorded for the
 * webhooks and the event's own steps on the clock. The Calendar handlers and the admin API's
 * trigger both write through here, so a triggered event lives exactly as a created one.
 */

/** Stores a new event: `calendar.created`, then its reminder and end on the clock. */
export function storeCreatedEvent(world: World, event: EventRecord): void {
  world.calendar.put(event);
  world.emit('calendar.created', world.clock.now(), subject(event));
  scheduleEvent(world, event, world.clock.now());
}

/** Stores an update: `calendar.cancelled` if it cancels, else `calendar.updated` (with the times it had, if it moved); its steps rescheduled. */
export function storeUpdatedEvent(world: World, event: EventRecord, previous: EventRecord): void {
  const now = world.clock.now();
  world.calendar.put(event);
  if (event.status === 'cancelled' && previous.status !== 'cancelled') world.emit('calendar.cancelled', now, subject(event));
  else {
    const moved = event.start_time !== previous.start_time || event.end_time !== previous.end_time;
    world.emit('calendar.updated', now, subject(event), moved ? { previous_start: previous.start_time, previous_end: previous.end_time } : {});
  }
  scheduleEvent(world, event, now);
}

/**
 * Cancels an event: status `cancelled`, the reason added to the customer notes (as the Cancel
 * Event page says), `calendar.cancelled`. A cancelled event is returned as it is (idempotent).
 */
export function cancelStoredEvent(world: World, previous: EventRecord, reasonSent: string | undefined): EventRecord {
  if (previous.status === 'cancelled') return previous;
  const reason = reasonSent?.trim();
  const notes = reason ? [previous.customer.notes, `Cancellation reason: ${reason}`].filter((line) => line).join('\n') : previous.customer.notes;
  const event: EventRecord = { ...previous, status: 'cancelled', customer: { ...previous.customer, notes }, updated_at: isoMillis(world.clock.now()), revision: previous.revision + 1 };
  world.calendar.put(event);
  world.emit('calendar.cancelled', world.clock.now(), subject(event), reason ? { reason } : {});
  return event;
}

function subject(event: EventRecord): { calendar_event: { id: number; uuid: string } } {
  return { calendar_event: { id: event.id, uuid: event.uuid } };
}
