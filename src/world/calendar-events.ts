import { mulberry32 } from '../random/mulberry32.js';
import { byStart, timesOf, type SeedCalendar } from './calendar-seed.js';
import { firstEndingAfter, firstStartAtOrAfter, firstStartingAtOrAfter, type EventTimes } from './event-range.js';
import type { EventRecord, EventStatus } from './records.js';

/** Get Events' filter: the events overlapping [from, to) (epoch ms), of one status if given. */
export interface EventFilter {
  from: number;
  to: number;
  status?: EventStatus;
}

const EVENT_ID = /^[1-9][0-9]{0,15}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A world's calendar events: the seed's (as placed for the world's start), plus what the world
 * created or changed (copy on write, like contacts). An event belongs to one team for good. Each
 * team's own records are kept sorted by start, so a list merges two sorted sequences.
 */
export class CalendarEvents {
  readonly seed: SeedCalendar;
  readonly #changed = new Map<number, EventRecord>();
  /** UUID (lower case) → id, for the events created in this world. */
  readonly #createdUuids = new Map<string, number>();
  /** Each team's created or changed events, by start then id. */
  readonly #ownByTeam = new Map<number, EventRecord[]>();
  /** Each team's longest event (ms) ever among its own ones: bounds where a range's own events begin (event-range.ts). */
  readonly #ownLongest = new Map<number, number>();
  #nextId: number;
  #version = 0;

  constructor(seed: SeedCalendar, firstId: number) {
    this.seed = seed;
    this.#nextId = firstId;
  }

  /** The event by id, whatever its team. */
  get(id: number): EventRecord | undefined {
    return this.#changed.get(id) ?? this.seed.events.get(id);
  }

  /** The event with this integer id or UUID, if it belongs to the team (another team's is not found, as for calls). */
  find(idOrUuid: string, teamId: number): EventRecord | undefined {
    let id: number | undefined;
    if (EVENT_ID.test(idOrUuid)) id = Number(idOrUuid);
    else if (UUID.test(idOrUuid)) {
      const uuid = idOrUuid.toLowerCase();
      id = this.#createdUuids.get(uuid) ?? this.seed.idsByUuid.get(uuid);
    }
    const event = id === undefined ? undefined : this.get(id);
    return event?.team_id === teamId ? event : undefined;
  }

  /** The event with this UUID, whatever its team (its iCalendar file is served to whoever has the UUID). */
  findByUuid(uuid: string): EventRecord | undefined {
    if (!UUID.test(uuid)) return undefined;
    const id = this.#createdUuids.get(uuid.toLowerCase()) ?? this.seed.idsByUuid.get(uuid.toLowerCase());
    return id === undefined ? undefined : this.get(id);
  }

  /** Whether this world created or changed the event. */
  isChanged(id: number): boolean {
    return this.#changed.has(id);
  }

  /** One page of the team's events matching `filter`, by start time, and how many match in all. */
  list(teamId: number, filter: EventFilter, offset: number, limit: number): { count: number; events: EventRecord[] } {
    let count = 0;
    // [from, to) is empty when they are equal: nothing overlaps it
    if (filter.to <= filter.from) return { count, events: [] };
    const events: EventRecord[] = [];
    this.#overlapping(teamId, filter.from, filter.to, (event) => {
      if (filter.status !== undefined && event.status !== filter.status) return;
      if (count >= offset && events.length < limit) events.push(event);
      count += 1;
    });
    return { count, events };
  }

  /** The team's events that are not cancelled and overlap [from, to): what availability is computed from. */
  busy(teamId: number, from: number, to: number): Array<{ start: number; end: number }> {
    const busy: Array<{ start: number; end: number }> = [];
    this.#overlapping(teamId, from, to, (event) => {
      if (event.status !== 'cancelled') busy.push(timesOf(event));
    });
    return busy;
  }

  /** The next id, and a UUID derived from it (so every world gives its n-th event the same one). */
  newIds(): { id: number; uuid: string } {
    const id = this.#nextId++;
    let n = id;
    let uuid = deterministicUuid(n);
    while (this.seed.idsByUuid.has(uuid) || this.#createdUuids.has(uuid)) uuid = deterministicUuid((n += 7919));
    return { id, uuid };
  }

  /** Moves on with every event stored: what was computed from the events at one version holds while it stands. */
  get version(): number {
    return this.#version;
  }

  /** Stores a new or changed event (a new record: readers holding the old one keep a consistent view). */
  put(event: EventRecord): void {
    this.#version += 1;
    const previous = this.#changed.get(event.id);
    this.#changed.set(event.id, event);
    if (!this.seed.events.has(event.id)) this.#createdUuids.set(event.uuid.toLowerCase(), event.id);
    const own = this.#ownByTeam.get(event.team_id) ?? [];
    if (previous) own.splice(own.indexOf(previous), 1);
    own.splice(insertionPoint(own, event), 0, event);
    this.#ownByTeam.set(event.team_id, own);
    const { start, end } = timesOf(event);
    this.#ownLongest.set(event.team_id, Math.max(this.#ownLongest.get(event.team_id) ?? 0, end - start));
  }

  /** How many events this world created or changed. */
  get changedCount(): number {
    return this.#changed.size;
  }

  /** What this world created or changed, for saving (`--data-dir`). */
  snapshot(): CalendarEventsSnapshot {
    return { next_id: this.#nextId, changed: [...this.#changed.values()] };
  }

  /** Puts saved events back (into a store just built from the same seed, placed at the same start). */
  restore(saved: CalendarEventsSnapshot): void {
    for (const event of saved.changed) this.put(event);
    this.#nextId = saved.next_id;
  }

  /**
   * Visits the team's events that overlap [from, to) (start before `to`, end after `from`), by
   * start then id: the seed's not changed here, merged with the world's own. Each list begins at
   * a binary search (event-range.ts) past the events that end by `from`, and the seed's is walked
   * over its typed arrays of times, so a month of a big calendar costs its own events only.
   */
  #overlapping(teamId: number, from: number, to: number, visit: (event: EventRecord) => void): void {
    const seeded = this.seed.byTeam.get(teamId) ?? [];
    const times = this.seed.timesByTeam.get(teamId) ?? NO_TIMES;
    const own = this.#ownByTeam.get(teamId) ?? [];
    const { starts, ends } = times;
    const changed = this.#changed.size > 0 ? this.#changed : undefined;
    let s = firstEndingAfter(times.latestEnds, from);
    const seededEnd = firstStartAtOrAfter(starts, to);
    let o = firstStartingAtOrAfter(own, from - (this.#ownLongest.get(teamId) ?? 0));
    /** The world's next own event that overlaps the range, if any. */
    const nextOwn = (): EventRecord | undefined => {
      for (; o < own.length; o += 1) {
        const { start, end } = timesOf(own[o] as EventRecord);
        if (start >= to) return undefined;
        if (end > from) return own[o];
      }
      return undefined;
    };
    for (let mine = nextOwn(); ; mine = nextOwn()) {
      // the seeded events the order puts before `mine` (start, then id), over the typed arrays;
      // those the world changed are skipped: its own list has them
      const mineStart = mine ? timesOf(mine).start : Infinity;
      for (; s < seededEnd; s += 1) {
        const start = starts[s] as number;
        const seed = seeded[s] as EventRecord;
        if (start > mineStart || (start === mineStart && seed.id >= (mine as EventRecord).id)) break;
        if ((ends[s] as number) > from && !changed?.has(seed.id)) visit(seed);
      }
      if (!mine) return;
      visit(mine);
      o += 1;
    }
  }
}

/** The times of a team with no seeded events. */
const NO_TIMES: EventTimes = { starts: new Float64Array(0), ends: new Float64Array(0), latestEnds: new Float64Array(0) };

/** A world's calendar events as saved: only what differs from the seed. */
export interface CalendarEventsSnapshot {
  next_id: number;
  /** Events the world created or changed, in the order it first wrote them. */
  changed: EventRecord[];
}

/** Where `event` goes in a list sorted by start then id (binary search). */
function insertionPoint(list: readonly EventRecord[], event: EventRecord): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byStart(list[middle] as EventRecord, event) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A version 4 UUID drawn from the id alone (mulberry32). */
function deterministicUuid(n: number): string {
  let state = (n * 2246822519) >>> 0;
  let hex = '';
  for (let i = 0; i < 4; i += 1) {
    const draw = mulberry32(state);
    state = draw.state;
    hex += Math.floor(draw.value * 2 ** 32).toString(16).padStart(8, '0');
  }
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
