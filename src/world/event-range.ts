import type { EventRecord } from './records.js';

/**
 * Events' times as numbers, and where the events overlapping a range [from, to) begin in a list
 * sorted by start (Get Events, Get Availability). Such a list stops at the first event starting
 * at or after `to`; the first event that overlaps may start long before `from` (a long event
 * still running), so the start alone cannot be binary-searched for `from`. Two bounds that can:
 *
 * - the latest end among the first i + 1 events (`EventTimes.latestEnds`, rising with i): every
 *   event before the first i whose latest end is after `from` ends at or before `from`. Exact,
 *   for a list that never changes (the seed's placed events);
 * - the longest duration the list has ever held: an event starting before `from - longest` ends
 *   before `from`. For a list a world changes (its own events), kept as a running maximum.
 */

const parsedTimes = new WeakMap<EventRecord, { start: number; end: number }>();

/**
 * An event's start and end in epoch ms, parsed once per record (records are never mutated):
 * lists and availability compare many events per request, and parsing their ISO strings each
 * time was a tenth of Get Availability's CPU.
 */
export function timesOf(event: EventRecord): { start: number; end: number } {
  let times = parsedTimes.get(event);
  if (!times) {
    times = { start: Date.parse(event.start_time), end: Date.parse(event.end_time) };
    parsedTimes.set(event, times);
  }
  return times;
}

/**
 * A list's times, by position, in typed arrays: a month of a big calendar is walked over these
 * (a few ns an event) rather than through each record (a WeakMap lookup an event).
 */
export interface EventTimes {
  starts: Float64Array;
  ends: Float64Array;
  /** The latest end among the first i + 1 events. */
  latestEnds: Float64Array;
}

/** The times of a list sorted by start. */
export function eventTimes(list: readonly EventRecord[]): EventTimes {
  const starts = new Float64Array(list.length);
  const ends = new Float64Array(list.length);
  const latestEnds = new Float64Array(list.length);
  let latest = -Infinity;
  list.forEach((event, i) => {
    const { start, end } = timesOf(event);
    starts[i] = start;
    ends[i] = end;
    latest = Math.max(latest, end);
    latestEnds[i] = latest;
  });
  return { starts, ends, latestEnds };
}

/** The first index whose event might end after `from`: all before it end at or before `from`. */
export function firstEndingAfter(latestEnds: Float64Array, from: number): number {
  return firstAbove(latestEnds, from);
}

/** The first index whose start is at or after `at`, in a list's starts. */
export function firstStartAtOrAfter(starts: Float64Array, at: number): number {
  return firstAbove(starts, at, true);
}

/** The first index of a list sorted by start whose event starts at or after `at`. */
export function firstStartingAtOrAfter(list: readonly EventRecord[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timesOf(list[middle] as EventRecord).start < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index of a rising array whose value is above `bound` (or equal to it, with `orEqual`). */
function firstAbove(values: Float64Array, bound: number, orEqual = false): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const value = values[middle] as number;
    if (value < bound || (!orEqual && value === bound)) low = middle + 1;
    else high = middle;
  }
  return low;
}
