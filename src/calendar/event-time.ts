/**
 * The Calendar API's times: ISO 8601 in, UTC with milliseconds out (`2025-05-01T14:00:00.000Z`,
 * as every Calendar page writes them).
 *
 * Why not `Date.parse` alone: it accepts forms ISO 8601 does not ("May 1, 2025", "2025-05-01
 * 14:00") and rolls impossible dates over (February 30th becomes March 2nd). The pattern below
 * takes the ISO 8601 date-time forms a client sends, then the parts are checked against the
 * instant they make, so an impossible date or time is refused rather than moved.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** The instants the API's time form can write (`YYYY-…`, four-digit years): 0001-01-01 to 9999-12-31, UTC. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Epoch ms of an ISO 8601 date-time (read as UTC without an offset: Inferred), or undefined. A
 * fraction finer than milliseconds is cut, not rounded; an instant whose UTC form would leave the
 * four-digit years (9999-12-31T23:00:00-02:00) is refused, since no response could show it.
 */
export function parseEventTime(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match as unknown as string[];
  const y = Number(year);
  const utc = Date.UTC(y, Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const check = new Date(utc);
  // Date.UTC maps years 0-99 to 1900-1999: those and any rolled-over part are refused
  if (y < 1000 || check.getUTCFullYear() !== y || check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || check.getUTCHours() !== Number(hour) || check.getUTCMinutes() !== Number(minute) || check.getUTCSeconds() !== Number(second)) {
    return undefined;
  }
  const offset = offsetMinutes(zone as string);
  if (offset === undefined) return undefined;
  const instant = utc - offset * 60_000;
  return instant >= FIRST_INSTANT && instant <= LAST_INSTANT ? instant : undefined;
}

/** ISO 8601 UTC with milliseconds. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole minutes from start to end (rounded down): `duration_minutes`. */
export function minutesBetween(start: string, end: string): number {
  return Math.floor((Date.parse(end) - Date.parse(start)) / 60_000);
}

/** `Z`, `+02:00`, `-0530` → minutes east of UTC; offsets beyond ±18:00 or with minutes ≥ 60 are refused. */
function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 18 || minutes > 59 || (hours === 18 && minutes > 0)) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
