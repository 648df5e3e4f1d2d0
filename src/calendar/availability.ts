/**
 * Get Availability's `available_slots`: a team's working hours, day by day in the team's time
 * zone, cut into back-to-back slots of the asked duration, less the slots too soon (advance
 * notice) or too near an event (buffer). Pure: the handler passes the world's clock and the
 * team's non-cancelled events.
 *
 * The grid is local wall-clock time: within a working interval [a, b) the candidates start at
 * a, a + duration, a + 2·duration, … while start + duration ≤ b (in wall-clock minutes). Luxon
 * turns a local time into an instant, with two fixes that make it deterministic and honest:
 *
 * - An ambiguous local time (a DST overlap: the hour a fall-back repeats) is the EARLIER
 *   instant. Luxon's `fromObject` alone does not decide this: it guesses the offset from the
 *   machine's current time, so 01:30 on 2025-11-02 in New York comes out EDT in summer and EST
 *   in winter. `getPossibleOffsets()` (luxon's own) lists both readings; the earliest is taken.
 * - A local time that does not exist (a DST gap) is moved forward by the gap, as luxon does.
 *
 * DST choice: a slot is [start, start + duration) in UTC, its start the luxon instant of the
 * candidate's local start, and it is kept only if it ends by the instant of the interval's end
 * (instant(b)) and starts no earlier than the previous slot ended. So every slot's
 * `duration_minutes` is the asked duration and its true length (a client asking for 60-minute
 * slots never gets one of 120 or 0 minutes), slots never overlap and never leave the hours.
 * The alternative (converting the local end too and reporting the UTC difference) makes slots of
 * 0 and 120 minutes on DST days and, after a spring-forward, two candidates on one instant (02:00
 * is moved to 03:00): it would need the same filtering and still report odd durations.
 * What this costs: on a fall-back day the hour the clocks repeat is offered on its first pass
 * only (the grid has one candidate per wall-clock time, at its earlier instant; New York's
 * 2025-11-02 01:00–04:00 gives 05:00Z, 07:00Z, 08:00Z, not 06:00Z); on a spring-forward day a
 * candidate moved forward onto a time the next candidate also names is kept and the next one
 * dropped. A working interval ending inside a gap ends where luxon puts it (moved forward), as
 * the rules accept. An unknown time zone is a RangeError (it is the team's setting, not input).
 *
 * Speed: a day whose local midnight has the same offset as the instant 24 hours later has no
 * transition within it (assumed: no zone has two opposite transitions within one day), so its
 * local minutes map linearly to instants: luxon is asked once for the zone's offset there (and
 * that instant is the next day's midnight). Only the first day and a day after a transition take
 * a full luxon conversion of their midnight, and only on a transition day is each candidate
 * converted by luxon. Events are sorted once and swept with a running maximum of their ends.
 */
import { DateTime, IANAZone } from 'luxon';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** A team's availability settings (fixtures/teams.json `calendar`). */
export interface AvailabilitySettings {
  /** IANA time zone of the working hours, e.g. 'America/New_York' or 'UTC'. */
  timezone: string;
  /** Local working intervals per weekday, 'HH:MM' 24-hour, each start < end, sorted, not overlapping; '24:00' allowed as an end. A missing or empty day has no hours. */
  working_hours: Partial<Record<Weekday, ReadonlyArray<readonly [string, string]>>>;
  /** Minutes kept free before and after every event. */
  buffer_minutes: number;
  /** A slot must start at least this many minutes after now. */
  advance_notice_minutes: number;
}

/** A time taken by an event, epoch ms, [start, end). */
export interface BusyInterval {
  start: number;
  end: number;
}

export interface Slot {
  start: string;
  end: string;
  duration_minutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Indexed by `Date#getUTCDay()`. */
const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function availableSlots(input: {
  settings: AvailabilitySettings;
  /** 'YYYY-MM-DD', first day, in the settings' time zone. */
  startDate: string;
  /** 'YYYY-MM-DD', last day (inclusive). */
  endDate: string;
  durationMinutes: number;
  /** Epoch ms (the sandbox world's clock). */
  now: number;
  /** The team's non-cancelled events, any order, may overlap. */
  busy: readonly BusyInterval[];
}): Slot[] {
  const { settings, durationMinutes } = input;
  if (!(durationMinutes > 0) || !Number.isFinite(durationMinutes)) return [];
  const firstDay = dayNumber(input.startDate);
  const lastDay = dayNumber(input.endDate);
  if (Number.isNaN(firstDay) || Number.isNaN(lastDay) || firstDay > lastDay) return [];
  const zone = checkedZone(settings.timezone);
  const hoursByWeekday = WEEKDAYS.map((weekday) => parseIntervals(settings.working_hours[weekday]));
  const durationMs = durationMinutes * MINUTE_MS;
  const earliestStart = input.now + settings.advance_notice_minutes * MINUTE_MS;
  const bufferMs = settings.buffer_minutes * MINUTE_MS;
  const busy = [...input.busy].sort((x, y) => x.start - y.start);
  let nextBusy = 0; // busy[0 .. nextBusy) start before the current slot's end + buffer
  let busyEndMax = -Infinity; // the latest end among them
  let cursor = -Infinity; // where the last slot of the grid ended: slots never overlap
  const slots: Slot[] = [];

  // Local midnight of `day` when the previous day showed it: its instant and offset
  let knownMidnight: { ms: number; offset: number } | undefined;
  for (let day = firstDay; day <= lastDay; day++) {
    let midnight = knownMidnight;
    let exact = true; // the instant's wall clock reads 00:00 (not a midnight moved by a gap)
    if (!midnight) {
      const local = localMidnight(zone, day);
      midnight = { ms: local.ms, offset: local.offset };
      exact = local.exact;
    }
    const base = midnight.ms;
    // the same offset 24 hours later: no transition within the day, local minute m is base + m minutes
    const linear = exact && offsetAt(zone, base + DAY_MS) === midnight.offset;
    knownMidnight = linear ? { ms: base + DAY_MS, offset: midnight.offset } : undefined;
    const intervals = hoursByWeekday[weekdayIndex(day)] ?? [];
    if (intervals.length === 0) continue;
    const instantOf = (minute: number): number => (linear ? base + minute * MINUTE_MS : localInstant(zone, day, minute).toMillis());
    for (const [from, to] of intervals) {
      // No check against instantOf(from): every candidate's local start is ≥ from already, and
      // when `from` lies in a gap luxon moves it past later candidates that do exist (02:30 →
      // 03:30 EDT, while 03:00 is 03:00 EDT): those are in the hours and are kept.
      const intervalEnd = instantOf(to);
      for (let minute = from; minute + durationMinutes <= to; minute += durationMinutes) {
        const start = instantOf(minute);
        const end = start + durationMs;
        // written so that NaN (an impossible local time) fails too
        if (!(start >= cursor && end <= intervalEnd)) continue;
        cursor = end;
        if (!(start >= earliestStart)) continue;
        while (nextBusy < busy.length && (busy[nextBusy] as BusyInterval).start < end + bufferMs) {
          busyEndMax = Math.max(busyEndMax, (busy[nextBusy] as BusyInterval).end);
          nextBusy++;
        }
        if (busyEndMax > start - bufferMs) continue;
        slots.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString(), duration_minutes: durationMinutes });
      }
    }
  }
  return slots;
}

/** Today's date 'YYYY-MM-DD' in a time zone at an instant. */
export function localDate(timezone: string, at: number): string {
  const date = DateTime.fromMillis(at, { zone: checkedZone(timezone) }).toISODate();
  if (date === null) throw new RangeError(`No date at ${at}`);
  return date;
}

/** date + days, 'YYYY-MM-DD' (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (Number.isNaN(day)) throw new RangeError(`Not a date: ${date}`);
  return isoDate(day + days);
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, NaN if it is not one (no rolling over: 02-30 is NaN). */
function dayNumber(date: string): number {
  const match = DATE.exec(date);
  if (!match) return NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0-99
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return NaN;
  return Math.round(utc.getTime() / DAY_MS);
}

function isoDate(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const yyyy = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : String(year);
  return `${yyyy}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function weekdayIndex(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/**
 * Luxon's answers that every request over the same days asks again, kept per zone (bounded): a
 * zone's offset at an instant, and a day's local midnight. Luxon computes each with
 * Intl.DateTimeFormat#formatToParts, the largest cost of Get Availability after the zone fix.
 */
const MEMO_LIMIT = 10_000;
const offsets = new Map<string, Map<number, number>>();
const midnights = new Map<string, Map<number, { ms: number; offset: number; exact: boolean }>>();

function memo<V>(store: Map<string, Map<number, V>>, zone: IANAZone, key: number, compute: () => V): V {
  let byKey = store.get(zone.name);
  if (!byKey) store.set(zone.name, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) {
    if (byKey.size >= MEMO_LIMIT) byKey.clear();
    value = compute();
    byKey.set(key, value);
  }
  return value;
}

function offsetAt(zone: IANAZone, ms: number): number {
  return memo(offsets, zone, ms, () => zone.offset(ms));
}

function localMidnight(zone: IANAZone, day: number): { ms: number; offset: number; exact: boolean } {
  return memo(midnights, zone, day, () => {
    const local = localInstant(zone, day, 0);
    return { ms: local.toMillis(), offset: local.offset, exact: local.hour === 0 && local.minute === 0 };
  });
}

/**
 * The instant of a local wall-clock time on a day (minute 0..1440; 1440 is the next day's
 * midnight), by luxon: a time in a gap moved forward, an ambiguous one the earlier instant.
 */
function localInstant(zone: IANAZone, day: number, minuteOfDay: number): DateTime {
  const dayOffset = Math.floor(minuteOfDay / MINUTES_PER_DAY);
  const minute = minuteOfDay - dayOffset * MINUTES_PER_DAY;
  const date = new Date((day + dayOffset) * DAY_MS);
  const local = DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone },
  );
  let earliest = local;
  for (const reading of local.getPossibleOffsets()) if (reading.toMillis() < earliest.toMillis()) earliest = reading;
  return earliest;
}

/** 'HH:MM' pairs → minutes of the day ('24:00' is 1440). */
function parseIntervals(intervals: ReadonlyArray<readonly [string, string]> | undefined): Array<readonly [number, number]> {
  return (intervals ?? []).map(([from, to]) => [minuteOfDay(from), minuteOfDay(to)] as const);
}

function minuteOfDay(time: string): number {
  const [hours = '', minutes = ''] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * The zone as luxon's object, which luxon keeps one of per name: given a name instead, luxon
 * checks it by building an Intl.DateTimeFormat on every DateTime it makes (a CPU profile of Get
 * Availability showed that as its largest cost).
 */
function checkedZone(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${timezone}`);
  return zone;
}
