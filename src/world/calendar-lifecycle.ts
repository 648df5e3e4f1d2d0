import { isoMillis } from '../calendar/event-time.js';
import { isOpen, transitionsOf, type EventTransition } from './calendar-seed.js';
import { endStatusOf } from './magic-numbers.js';
import type { EventRecord } from './records.js';
import type { World } from './world.js';

/** A step of one event the world wrote, valid while the event is at `revision`. */
export interface EventTask {
  kind: 'event';
  eventId: number;
  step: EventTransition['step'];
  revision: number;
}

/** The next step of the seeded events' timeline (one task per world walks it, not one per event). */
export interface SeedEventsTask {
  kind: 'seed-events';
  index: number;
}

/**
 * Starts a world's calendar on its clock. The seeded events are a snapshot: what falls due after
 * the world starts happens in it, not what fell due before, except that relative events that
 * ended earlier on the world's first day are ended now, quietly (no events), as if the world had
 * watched them. Then one task walks the seeded timeline from the first step after now.
 */
export function startCalendar(world: World, now: number): void {
  const { seed } = world.calendar;
  let index = firstAtOrAfter(seed.timeline, seed.firstDayStart);
  for (; index < seed.timeline.length && (seed.timeline[index] as EventTransition).at <= now; index += 1) {
    const step = seed.timeline[index] as EventTransition;
    const event = world.calendar.get(step.eventId);
    if (step.step === 'end' && seed.relativeIds.has(step.eventId) && event && isOpen(event.status)) {
      world.calendar.put(ended(event, step.at));
    }
  }
  armSeedTimeline(world, index);
}

/**
 * Schedules what is left of an event the world just wrote at `since`: its end (an open event
 * whose end has already passed is ended at the write itself, so nothing is dated before it) and
 * its reminder, if that falls after the write (Inferred: a reminder already due when the event is
 * written is not sent).
 */
export function scheduleEvent(world: World, event: EventRecord, since: number): void {
  for (const step of transitionsOf(event)) {
    if (step.step === 'reminder' && step.at <= since) continue;
    world.clock.schedule(Math.max(step.at, since), { kind: 'event', eventId: event.id, step: step.step, revision: event.revision });
  }
}

/** Carries out a calendar task at `at`, the instant it was due. */
export function runCalendarTask(world: World, task: EventTask | SeedEventsTask, at: number): void {
  if (task.kind === 'event') {
    const event = world.calendar.get(task.eventId);
    // a write since the task was scheduled replaced it with its own steps
    if (event && event.revision === task.revision) runStep(world, event, task.step, at);
    return;
  }
  const step = world.calendar.seed.timeline[task.index];
  if (!step) return;
  // an event the world wrote has its own steps; the seed's are for the ones it did not touch
  if (!world.calendar.isChanged(step.eventId)) {
    const event = world.calendar.get(step.eventId);
    if (event) runStep(world, event, step.step, at);
  }
  armSeedTimeline(world, task.index + 1);
}

function runStep(world: World, event: EventRecord, step: EventTransition['step'], at: number): void {
  if (!isOpen(event.status)) return;
  if (step === 'reminder') {
    world.emit('calendar.reminder', at, { calendar_event: { id: event.id, uuid: event.uuid } });
    return;
  }
  const done = ended(event, at);
  world.calendar.put(done);
  // Inferred: the docs have no calendar.no_show webhook; a no-show is an update of the status
  world.emit(done.status === 'completed' ? 'calendar.completed' : 'calendar.updated', at, { calendar_event: { id: event.id, uuid: event.uuid } });
}

/** The event as its end leaves it: completed, or no_show for the magic customer number. */
function ended(event: EventRecord, at: number): EventRecord {
  return { ...event, status: endStatusOf(event), updated_at: isoMillis(at), revision: event.revision + 1 };
}

function armSeedTimeline(world: World, index: number): void {
  const step = world.calendar.seed.timeline[index];
  if (step) world.clock.schedule(step.at, { kind: 'seed-events', index });
}

/** The first index whose step is at or after `at` (binary search over the time-ordered timeline). */
function firstAtOrAfter(timeline: readonly EventTransition[], at: number): number {
  let low = 0;
  let high = timeline.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((timeline[middle] as EventTransition).at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
