/**
 * Get Availability's slots: concrete cases with exact UTC instants (a plain week, events and
 * buffers, advance notice, DST days in New York, Berlin and Lord Howe, a leap day, lunch breaks,
 * '24:00'), then fast-check properties over random zones, working hours, events and ranges: every
 * slot in hours, of its stated length, after the notice, clear of every event by the buffer,
 * strictly increasing; the events only ever remove slots (exactly the conflicting ones); the
 * result equals a slow reference (luxon for every candidate, every slot against every event),
 * equals plain arithmetic in fixed-offset zones, and does not depend on the machine's clock.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, availableSlots, localDate, type AvailabilitySettings, type BusyInterval, type Slot, type Weekday } from './availability.js';

const RUNS = 200;
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const NINE_TO_FIVE: AvailabilitySettings['working_hours'] = {
  monday: [['09:00', '17:00']],
  tuesday: [['09:00', '17:00']],
  wednesday: [['09:00', '17:00']],
  thursday: [['09:00', '17:00']],
  friday: [['09:00', '17:00']],
  saturday: [],
};

function settings(overrides: Partial<AvailabilitySettings> = {}): AvailabilitySettings {
  return { timezone: 'UTC', working_hours: NINE_TO_FIVE, buffer_minutes: 0, advance_notice_minutes: 0, ...overrides };
}

type Input = Parameters<typeof availableSlots>[0];

function slots(overrides: Partial<Input> & { startDate: string }): Slot[] {
  return availableSlots({ settings: settings(), endDate: overrides.startDate, durationMinutes: 60, now: at('2000-01-01T00:00:00Z'), busy: [], ...overrides });
}

const starts = (list: readonly Slot[]) => list.map((s) => s.start);
const spans = (list: readonly Slot[]) => list.map((s) => `${s.start} ${s.end} ${s.duration_minutes}`);
const hourly = (date: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${date}T${String(from + i).padStart(2, '0')}:00:00.000Z`);
const MONDAY = '2025-05-05';

afterEach(() => {
  vi.useRealTimers();
});

describe('availableSlots, a plain UTC week', () => {
  const week = slots({ startDate: MONDAY, endDate: '2025-05-11' });

  it('cuts Mon–Fri 09:00–17:00 into eight 60-minute slots a day and nothing at the weekend', () => {
    expect(week).toHaveLength(40);
    expect(starts(week)).toEqual(['2025-05-05', '2025-05-06', '2025-05-07', '2025-05-08', '2025-05-09'].flatMap((d) => hourly(d, 9, 17)));
    expect(week[0]).toEqual({ start: '2025-05-05T09:00:00.000Z', end: '2025-05-05T10:00:00.000Z', duration_minutes: 60 });
    expect(week.at(-1)).toEqual({ start: '2025-05-09T16:00:00.000Z', end: '2025-05-09T17:00:00.000Z', duration_minutes: 60 });
    expect(week.every((s) => s.duration_minutes === 60 && at(s.end) - at(s.start) === 60 * MIN)).toBe(true);
  });

  it('a range of one day (start = end) gives that day only', () => {
    expect(starts(slots({ startDate: '2025-05-07' }))).toEqual(hourly('2025-05-07', 9, 17));
    expect(slots({ startDate: '2025-05-10' })).toEqual([]); // a Saturday
  });

  it('nothing for an empty range, a duration ≤ 0 or NaN, or no hours at all', () => {
    expect(slots({ startDate: '2025-05-07', endDate: '2025-05-06' })).toEqual([]);
    expect(slots({ startDate: MONDAY, durationMinutes: 0 })).toEqual([]);
    expect(slots({ startDate: MONDAY, durationMinutes: -30 })).toEqual([]);
    expect(slots({ startDate: MONDAY, durationMinutes: Number.NaN })).toEqual([]);
    expect(slots({ startDate: MONDAY, endDate: '2025-06-05', settings: settings({ working_hours: {} }) })).toEqual([]);
  });

  it('a slot must fit: 09:00–17:00 holds five 90-minute slots (the sixth would end at 18:00), and 180-minute ones end at 15:00', () => {
    expect(spans(slots({ startDate: MONDAY, durationMinutes: 90 }))).toEqual([
      '2025-05-05T09:00:00.000Z 2025-05-05T10:30:00.000Z 90',
      '2025-05-05T10:30:00.000Z 2025-05-05T12:00:00.000Z 90',
      '2025-05-05T12:00:00.000Z 2025-05-05T13:30:00.000Z 90',
      '2025-05-05T13:30:00.000Z 2025-05-05T15:00:00.000Z 90',
      '2025-05-05T15:00:00.000Z 2025-05-05T16:30:00.000Z 90',
    ]);
    expect(starts(slots({ startDate: MONDAY, durationMinutes: 180 }))).toEqual(['2025-05-05T09:00:00.000Z', '2025-05-05T12:00:00.000Z']);
    const oneMinute = slots({ startDate: MONDAY, durationMinutes: 1, settings: settings({ working_hours: { monday: [['09:00', '09:05']] } }) });
    expect(starts(oneMinute)).toEqual(['09:00', '09:01', '09:02', '09:03', '09:04'].map((t) => `${MONDAY}T${t}:00.000Z`));
  });

  it('refuses an unknown time zone', () => {
    expect(() => slots({ startDate: MONDAY, settings: settings({ timezone: 'Mars/Olympus_Mons' }) })).toThrow(RangeError);
  });
});

describe('availableSlots, events and buffers', () => {
  const event = (from: string, to: string): BusyInterval => ({ start: at(`${MONDAY}T${from}:00Z`), end: at(`${MONDAY}T${to}:00Z`) });

  it('an event removes exactly the slots it overlaps', () => {
    expect(starts(slots({ startDate: MONDAY, busy: [event('10:30', '11:30')] }))).toEqual(hourly(MONDAY, 9, 17).filter((s) => !s.includes('T10:') && !s.includes('T11:')));
  });

  it('touching is not overlapping; the buffer widens every slot on both sides, and a gap of exactly the buffer is enough', () => {
    const busy = [event('10:00', '11:00')];
    const without = (...hours: number[]) => hourly(MONDAY, 9, 17).filter((s) => !hours.some((h) => s.includes(`T${String(h).padStart(2, '0')}:`)));
    expect(starts(slots({ startDate: MONDAY, busy }))).toEqual(without(10));
    expect(starts(slots({ startDate: MONDAY, busy, settings: settings({ buffer_minutes: 15 }) }))).toEqual(without(9, 10, 11));
    expect(starts(slots({ startDate: MONDAY, busy, settings: settings({ buffer_minutes: 60 }) }))).toEqual(without(9, 10, 11));
    expect(starts(slots({ startDate: MONDAY, busy, settings: settings({ buffer_minutes: 61 }) }))).toEqual(without(9, 10, 11, 12));
  });

  it('events in any order, overlapping each other, spanning days or outside the hours', () => {
    const busy = [event('15:10', '15:20'), { start: at('2025-05-06T16:30:00Z'), end: at('2025-05-08T09:30:00Z') }, event('12:00', '13:30'), event('12:15', '12:45'), event('06:00', '08:59')];
    const list = starts(slots({ startDate: MONDAY, endDate: '2025-05-08', busy }));
    expect(list).toEqual([...hourly(MONDAY, 9, 12), '2025-05-05T14:00:00.000Z', '2025-05-05T16:00:00.000Z', ...hourly('2025-05-06', 9, 16), ...hourly('2025-05-08', 10, 17)]);
  });

  it('a cancelled event is not passed in, so it removes nothing', () => {
    const events = [
      { status: 'scheduled', ...event('09:00', '10:00') },
      { status: 'cancelled', ...event('13:00', '14:00') },
    ];
    const busy = events.filter((e) => e.status !== 'cancelled').map(({ start, end }) => ({ start, end }));
    const list = starts(slots({ startDate: MONDAY, busy }));
    expect(list).toEqual(hourly(MONDAY, 10, 17));
    expect(list).toContain('2025-05-05T13:00:00.000Z');
  });
});

describe('availableSlots, advance notice', () => {
  it('cuts the first slots of today: a slot must start at or after now + notice', () => {
    const now = at('2025-05-05T10:20:00Z');
    const notice = (minutes: number) => starts(slots({ startDate: MONDAY, endDate: '2025-05-06', now, settings: settings({ advance_notice_minutes: minutes }) }));
    expect(notice(0)).toEqual([...hourly(MONDAY, 11, 17), ...hourly('2025-05-06', 9, 17)]);
    expect(notice(60)).toEqual([...hourly(MONDAY, 12, 17), ...hourly('2025-05-06', 9, 17)]);
    expect(notice(100)).toEqual([...hourly(MONDAY, 12, 17), ...hourly('2025-05-06', 9, 17)]); // 12:00 exactly: kept
    expect(notice(101)).toEqual([...hourly(MONDAY, 13, 17), ...hourly('2025-05-06', 9, 17)]);
    expect(notice(24 * 60)).toEqual(hourly('2025-05-06', 11, 17));
  });

  it('the grid does not move with now: a 30-minute notice at 09:10 drops 09:00 and keeps 10:00, not 09:40', () => {
    const list = slots({ startDate: MONDAY, now: at('2025-05-05T09:10:00Z'), settings: settings({ advance_notice_minutes: 30 }) });
    expect(starts(list)).toEqual(hourly(MONDAY, 10, 17));
  });
});

describe('availableSlots, time zones and DST', () => {
  const night = (timezone: string, day: Weekday): AvailabilitySettings => settings({ timezone, working_hours: { [day]: [['01:00', '04:00']] } });

  it('America/New_York, spring forward 2025-03-09: 02:00 does not exist, so 01:00–04:00 local is two real hours', () => {
    const ny = night('America/New_York', 'sunday');
    expect(spans(slots({ startDate: '2025-03-09', settings: ny }))).toEqual([
      '2025-03-09T06:00:00.000Z 2025-03-09T07:00:00.000Z 60', // 01:00 EST
      '2025-03-09T07:00:00.000Z 2025-03-09T08:00:00.000Z 60', // "02:00" moved to 03:00 EDT; 03:00 is the same instant, offered once
    ]);
    expect(spans(slots({ startDate: '2025-03-09', settings: ny, durationMinutes: 30 }))).toEqual([
      '2025-03-09T06:00:00.000Z 2025-03-09T06:30:00.000Z 30',
      '2025-03-09T06:30:00.000Z 2025-03-09T07:00:00.000Z 30',
      '2025-03-09T07:00:00.000Z 2025-03-09T07:30:00.000Z 30',
      '2025-03-09T07:30:00.000Z 2025-03-09T08:00:00.000Z 30',
    ]);
    // a 90-minute slot from 01:00 EST ends at 03:30 EDT: 90 real minutes; the next would start at 02:30 → 03:30 EDT and end after 04:00
    expect(spans(slots({ startDate: '2025-03-09', settings: ny, durationMinutes: 90 }))).toEqual(['2025-03-09T06:00:00.000Z 2025-03-09T07:30:00.000Z 90']);
  });

  it('America/New_York, spring forward: an interval starting or ending inside the gap', () => {
    const ny = (from: string, to: string) => settings({ timezone: 'America/New_York', working_hours: { sunday: [[from, to]] } });
    // 02:30–03:30: only 03:00–03:30 EDT exists; "02:30" itself is moved to 03:30 EDT and would end after 03:30
    expect(spans(slots({ startDate: '2025-03-09', settings: ny('02:30', '03:30'), durationMinutes: 30 }))).toEqual(['2025-03-09T07:00:00.000Z 2025-03-09T07:30:00.000Z 30']);
    // 01:00–02:30: the end is moved forward by luxon to 03:30 EDT, so "02:00" (03:00 EDT) still fits: accepted, as the rules say
    expect(starts(slots({ startDate: '2025-03-09', settings: ny('01:00', '02:30'), durationMinutes: 30 }))).toEqual(['06:00', '06:30', '07:00'].map((t) => `2025-03-09T${t}:00.000Z`));
  });

  it('America/New_York, fall back 2025-11-02: 01:00–02:00 happens twice; 01:00 is its first (EDT) instant, the repeated hour is not offered', () => {
    const ny = night('America/New_York', 'sunday');
    expect(spans(slots({ startDate: '2025-11-02', settings: ny }))).toEqual([
      '2025-11-02T05:00:00.000Z 2025-11-02T06:00:00.000Z 60', // 01:00 EDT
      '2025-11-02T07:00:00.000Z 2025-11-02T08:00:00.000Z 60', // 02:00 EST
      '2025-11-02T08:00:00.000Z 2025-11-02T09:00:00.000Z 60', // 03:00 EST
    ]);
    expect(starts(slots({ startDate: '2025-11-02', settings: ny, durationMinutes: 30 }))).toEqual(
      ['05:00', '05:30', '07:00', '07:30', '08:00', '08:30'].map((t) => `2025-11-02T${t}:00.000Z`),
    );
  });

  it('the DST days do not depend on the machine clock (luxon alone would resolve 01:00 by the season it runs in)', () => {
    const ny = night('America/New_York', 'sunday');
    const results: string[][] = [];
    const luxonAlone: number[] = [];
    for (const clock of ['2025-07-01T12:00:00Z', '2026-01-15T12:00:00Z']) {
      vi.useFakeTimers({ now: at(clock), toFake: ['Date'] });
      results.push(spans(slots({ startDate: '2025-11-02', endDate: '2025-11-03', settings: { ...ny, working_hours: { sunday: [['00:00', '04:00']], monday: [['09:00', '10:00']] } }, durationMinutes: 30 })));
      luxonAlone.push(DateTime.fromObject({ year: 2025, month: 11, day: 2, hour: 1, minute: 30 }, { zone: 'America/New_York' }).toMillis());
      vi.useRealTimers();
    }
    expect(luxonAlone).toEqual([at('2025-11-02T05:30:00Z'), at('2025-11-02T06:30:00Z')]); // why the code asks getPossibleOffsets()
    expect(results[0]).toEqual(results[1]);
    expect(results[0]?.[3]).toBe('2025-11-02T05:30:00.000Z 2025-11-02T06:00:00.000Z 30');
    expect(results[0]?.at(-1)).toBe('2025-11-03T14:30:00.000Z 2025-11-03T15:00:00.000Z 30');
  });

  it('Europe/Berlin: 09:00 is 07:00Z in summer and 08:00Z in winter; both DST Sundays of 2025 at night', () => {
    const berlin = settings({ timezone: 'Europe/Berlin', working_hours: { tuesday: [['09:00', '10:00']] } });
    expect(starts(slots({ startDate: '2025-07-01', settings: berlin }))).toEqual(['2025-07-01T07:00:00.000Z']);
    expect(starts(slots({ startDate: '2025-01-07', settings: berlin }))).toEqual(['2025-01-07T08:00:00.000Z']);
    const nights = night('Europe/Berlin', 'sunday');
    // 2025-03-30: 02:00 CET → 03:00 CEST
    expect(spans(slots({ startDate: '2025-03-30', settings: nights }))).toEqual(['2025-03-30T00:00:00.000Z 2025-03-30T01:00:00.000Z 60', '2025-03-30T01:00:00.000Z 2025-03-30T02:00:00.000Z 60']);
    // 2025-10-26: 03:00 CEST → 02:00 CET; 02:00 is its first (CEST) instant
    expect(spans(slots({ startDate: '2025-10-26', settings: nights }))).toEqual([
      '2025-10-25T23:00:00.000Z 2025-10-26T00:00:00.000Z 60',
      '2025-10-26T00:00:00.000Z 2025-10-26T01:00:00.000Z 60',
      '2025-10-26T02:00:00.000Z 2025-10-26T03:00:00.000Z 60',
    ]);
  });

  it('Australia/Lord_Howe moves its clocks by 30 minutes', () => {
    const lhi = night('Australia/Lord_Howe', 'sunday');
    // 2025-10-05: 02:00 (+10:30) → 02:30 (+11)
    expect(spans(slots({ startDate: '2025-10-05', settings: lhi }))).toEqual(['2025-10-04T14:30:00.000Z 2025-10-04T15:30:00.000Z 60', '2025-10-04T15:30:00.000Z 2025-10-04T16:30:00.000Z 60']);
    // 2025-04-06: 02:00 (+11) → 01:30 (+10:30)
    expect(spans(slots({ startDate: '2025-04-06', settings: lhi }))).toEqual([
      '2025-04-05T14:00:00.000Z 2025-04-05T15:00:00.000Z 60',
      '2025-04-05T15:30:00.000Z 2025-04-05T16:30:00.000Z 60',
      '2025-04-05T16:30:00.000Z 2025-04-05T17:30:00.000Z 60',
    ]);
  });

  it('America/Havana changes at midnight: a midnight that does not exist, one that happens twice, and 24:00 before them', () => {
    const havana = settings({ timezone: 'America/Havana', working_hours: { saturday: [['22:00', '24:00']], sunday: [['00:00', '03:00']] } });
    // 2025-03-09 00:00 CST → 01:00 CDT: "00:00" is moved to 01:00 CDT, "01:00" is the same instant
    expect(spans(slots({ startDate: '2025-03-08', endDate: '2025-03-09', settings: havana }))).toEqual([
      '2025-03-09T03:00:00.000Z 2025-03-09T04:00:00.000Z 60',
      '2025-03-09T04:00:00.000Z 2025-03-09T05:00:00.000Z 60', // 23:00 CST to the change
      '2025-03-09T05:00:00.000Z 2025-03-09T06:00:00.000Z 60',
      '2025-03-09T06:00:00.000Z 2025-03-09T07:00:00.000Z 60',
    ]);
    // 2025-11-02 01:00 CDT → 00:00 CST: 00:00 is its first (CDT) instant
    expect(spans(slots({ startDate: '2025-11-01', endDate: '2025-11-02', settings: havana }))).toEqual([
      '2025-11-02T02:00:00.000Z 2025-11-02T03:00:00.000Z 60',
      '2025-11-02T03:00:00.000Z 2025-11-02T04:00:00.000Z 60',
      '2025-11-02T04:00:00.000Z 2025-11-02T05:00:00.000Z 60',
      '2025-11-02T06:00:00.000Z 2025-11-02T07:00:00.000Z 60',
      '2025-11-02T07:00:00.000Z 2025-11-02T08:00:00.000Z 60',
    ]);
  });

  it('a leap day: 2024-02-29 is a Thursday with hours; Asia/Kolkata is UTC+05:30', () => {
    const list = slots({ startDate: '2024-02-28', endDate: '2024-03-01' });
    expect(starts(list)).toEqual([...hourly('2024-02-28', 9, 17), ...hourly('2024-02-29', 9, 17), ...hourly('2024-03-01', 9, 17)]);
    const kolkata = slots({ startDate: '2024-02-29', settings: settings({ timezone: 'Asia/Kolkata', working_hours: { thursday: [['09:00', '11:00']] } }) });
    expect(spans(kolkata)).toEqual(['2024-02-29T03:30:00.000Z 2024-02-29T04:30:00.000Z 60', '2024-02-29T04:30:00.000Z 2024-02-29T05:30:00.000Z 60']);
  });

  it('several intervals a day (a lunch break): each is cut on its own', () => {
    const lunch = settings({ timezone: 'America/New_York', working_hours: { monday: [['08:00', '12:00'], ['13:00', '18:00']] } });
    expect(starts(slots({ startDate: MONDAY, settings: lunch, durationMinutes: 90 }))).toEqual(
      ['12:00', '13:30', '17:00', '18:30', '20:00'].map((t) => `${MONDAY}T${t}:00.000Z`), // 08:00, 09:30, 13:00, 14:30, 16:00 EDT
    );
  });

  it("'24:00' ends the day at the next midnight", () => {
    const late = (timezone: string) => settings({ timezone, working_hours: { monday: [['22:00', '24:00']] } });
    expect(spans(slots({ startDate: MONDAY, settings: late('UTC') }))).toEqual(['2025-05-05T22:00:00.000Z 2025-05-05T23:00:00.000Z 60', '2025-05-05T23:00:00.000Z 2025-05-06T00:00:00.000Z 60']);
    expect(spans(slots({ startDate: MONDAY, settings: late('America/New_York') }))).toEqual(['2025-05-06T02:00:00.000Z 2025-05-06T03:00:00.000Z 60', '2025-05-06T03:00:00.000Z 2025-05-06T04:00:00.000Z 60']);
    const allDay = slots({ startDate: MONDAY, durationMinutes: 180, settings: settings({ working_hours: { monday: [['00:00', '24:00']] } }) });
    expect(allDay).toHaveLength(8);
    expect(allDay.at(-1)?.end).toBe('2025-05-06T00:00:00.000Z');
  });
});

describe('localDate and addDays', () => {
  it('addDays across month and year ends and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2025-01-31', 30)).toBe('2025-03-02');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2025-05-01', 0)).toBe('2025-05-01');
    expect(addDays('2025-05-01', 7)).toBe('2025-05-08');
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });

  it('localDate: the date on the zone’s wall clock', () => {
    expect(localDate('UTC', at('2025-12-31T23:59:59.999Z'))).toBe('2025-12-31');
    expect(localDate('America/New_York', at('2026-01-01T04:59:59.999Z'))).toBe('2025-12-31');
    expect(localDate('America/New_York', at('2026-01-01T05:00:00.000Z'))).toBe('2026-01-01');
    expect(localDate('Asia/Kolkata', at('2024-02-28T18:29:59.999Z'))).toBe('2024-02-28');
    expect(localDate('Asia/Kolkata', at('2024-02-28T18:30:00.000Z'))).toBe('2024-02-29');
    expect(localDate('Europe/Berlin', at('2024-02-29T23:30:00.000Z'))).toBe('2024-03-01');
    expect(localDate('Australia/Lord_Howe', at('2024-12-31T13:00:00.000Z'))).toBe('2025-01-01'); // +11:00 in summer
    expect(() => localDate('Nowhere/Special', 0)).toThrow(RangeError);
  });

  it('addDays agrees with luxon and undoes itself (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), fc.integer({ min: -5000, max: 5000 }), (base, days) => {
        const date = DateTime.utc(2000, 1, 1).plus({ days: base }).toISODate() as string;
        const expected = DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate();
        expect(addDays(date, days)).toBe(expected);
        expect(addDays(addDays(date, days), -days)).toBe(date);
      }),
      { numRuns: RUNS },
    );
  });

  it('localDate agrees with Intl (property)', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: at('1990-01-01T00:00:00Z'), max: at('2060-01-01T00:00:00Z') }), (zone, instant) => {
        const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
        expect(localDate(zone, instant)).toBe(intl);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** America/Havana changes its clocks at midnight (00:00 → 01:00, 01:00 → 00:00). */
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Havana'] as const;
/** The DST changes of 2024–2026 (all on Sundays), so that ranges often contain one. */
const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  'America/New_York': ['2024-03-10', '2024-11-03', '2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01'],
  'Europe/Berlin': ['2024-03-31', '2024-10-27', '2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25'],
  'Australia/Lord_Howe': ['2024-04-07', '2024-10-06', '2025-04-06', '2025-10-05', '2026-04-05', '2026-10-04'],
  'America/Havana': ['2024-03-10', '2024-11-03', '2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01'],
};

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Sorted, non-overlapping intervals: boundaries on a 15-minute grid, on any minute, or in the small hours (where DST changes are); '24:00' possible. */
const intervalsArb = fc
  .oneof(
    fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((points) => points.map((p) => p * 15)),
    fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 6 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 6 }),
  )
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const pairs: Array<readonly [string, string]> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([hhmm(sorted[i] as number), hhmm(sorted[i + 1] as number)]);
    return pairs;
  });

const settingsArb: fc.Arbitrary<AvailabilitySettings> = fc.record({
  timezone: fc.constantFrom(...ZONES),
  working_hours: fc.record(Object.fromEntries(WEEKDAYS.map((d) => [d, intervalsArb])) as Record<Weekday, typeof intervalsArb>, { requiredKeys: [] }),
  buffer_minutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 })),
  advance_notice_minutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })),
});

const utcDate = (date: string, days: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;

/** Random ranges of 1..maxDays days (half of them around a DST change of the zone), durations minDuration..180, events, now. */
function caseArb(maxDays: number, minDuration: number) {
  return fc
    .record({
      settings: settingsArb,
      anyDay: fc.integer({ min: 0, max: 3 * 365 }),
      nearTransition: fc.option(fc.record({ which: fc.nat(), before: fc.integer({ min: 0, max: maxDays - 1 }) })),
      days: fc.integer({ min: 0, max: maxDays - 1 }),
      durationMinutes: fc.integer({ min: minDuration, max: 180 }),
      nowMinute: fc.oneof(fc.integer({ min: -3 * 1440, max: 0 }), fc.integer({ min: -3 * 1440, max: (maxDays + 1) * 1440 })),
      busy: fc.array(fc.record({ from: fc.integer({ min: -1440, max: (maxDays + 1) * 1440 }), minutes: fc.integer({ min: 0, max: 480 }) }), { maxLength: 40 }),
    })
    .map(({ settings, anyDay, nearTransition, days, durationMinutes, nowMinute, busy }) => {
      const transitions = TRANSITIONS[settings.timezone];
      const startDate =
        nearTransition && transitions ? utcDate(transitions[nearTransition.which % transitions.length] as string, -Math.min(nearTransition.before, days)) : utcDate('2024-01-01', anyDay);
      const origin = at(`${startDate}T00:00:00Z`);
      const input: Input = {
        settings,
        startDate,
        endDate: utcDate(startDate, days),
        durationMinutes,
        now: origin + nowMinute * MIN,
        busy: busy.map(({ from, minutes }) => ({ start: origin + from * MIN, end: origin + (from + minutes) * MIN })),
      };
      return input;
    });
}

const conflicts = (start: number, end: number, busy: readonly BusyInterval[], bufferMs: number) => busy.some((b) => b.start < end + bufferMs && b.end > start - bufferMs);

/** The instant of a local time by luxon, earliest reading of an ambiguous one (minute 1440: the next midnight). */
function luxonInstant(zone: string, date: string, minute: number): number {
  const key = `${zone} ${date} ${minute}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    instant = luxonInstantUncached(zone, date, minute);
    instants.set(key, instant);
  }
  return instant;
}
const instants = new Map<string, number>();

function luxonInstantUncached(zone: string, date: string, minute: number): number {
  const day = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: Math.floor(minute / 1440) });
  const m = minute % 1440;
  const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone });
  return Math.min(...local.getPossibleOffsets().map((d) => d.toMillis()));
}

/** The slow, obvious version: luxon for every candidate, every slot against every event. */
function reference(input: Input): Array<[number, number]> {
  const { settings, durationMinutes: d } = input;
  const out: Array<[number, number]> = [];
  let cursor = -Infinity;
  for (let date = input.startDate; date <= input.endDate; date = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() as string) {
    const weekday = WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1] as Weekday;
    for (const [from, to] of settings.working_hours[weekday] ?? []) {
      const [a, b] = [minuteOf(from), minuteOf(to)];
      const last = luxonInstant(settings.timezone, date, b);
      for (let m = a; m + d <= b; m += d) {
        const start = luxonInstant(settings.timezone, date, m);
        const end = start + d * MIN;
        if (start < cursor || end > last) continue;
        cursor = end;
        if (start >= input.now + settings.advance_notice_minutes * MIN && !conflicts(start, end, input.busy, settings.buffer_minutes * MIN)) out.push([start, end]);
      }
    }
  }
  return out;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('availableSlots, properties', () => {
  it('every slot is in its local day’s hours, of its stated length, after the notice, clear of every event, and they strictly increase', () => {
    fc.assert(
      fc.property(caseArb(60, 1), (input) => {
        const list = availableSlots(input);
        const zone = input.settings.timezone;
        const bufferMs = input.settings.buffer_minutes * MIN;
        const transitionDay = new Map<string, boolean>();
        let previousEnd = -Infinity;
        for (const slot of list) {
          const fail = (what: string) => {
            throw new Error(`${what}: ${JSON.stringify(slot)}`);
          };
          if (!ISO_MS.test(slot.start) || !ISO_MS.test(slot.end)) fail('not ISO 8601 UTC with milliseconds');
          const [start, end] = [at(slot.start), at(slot.end)];
          if (slot.duration_minutes !== input.durationMinutes || end - start !== slot.duration_minutes * MIN) fail('length');
          if (start < input.now + input.settings.advance_notice_minutes * MIN) fail('before the notice');
          if (conflicts(start, end, input.busy, bufferMs)) fail('within the buffer of an event');
          if (start < previousEnd) fail('overlaps the previous slot');
          previousEnd = end;

          const local = DateTime.fromMillis(start, { zone });
          const date = local.toISODate() as string;
          if (date < input.startDate || date > input.endDate) fail('outside the range');
          const wall = local.hour * 60 + local.minute;
          const intervals = (input.settings.working_hours[WEEKDAYS[local.weekday - 1] as Weekday] ?? []).map(([f, t]) => [minuteOf(f), minuteOf(t)] as const);
          const home = intervals.find(([a, b]) => wall >= a && end <= luxonInstant(zone, date, b));
          if (!home) fail('outside the working hours');
          const [a, b] = home as readonly [number, number];
          let dst = transitionDay.get(date);
          if (dst === undefined) {
            const [from, to] = [luxonInstant(zone, date, 0), luxonInstant(zone, date, 1440)];
            dst = to - from !== 1440 * MIN || DateTime.fromMillis(from, { zone }).offset !== DateTime.fromMillis(to, { zone }).offset;
            transitionDay.set(date, dst);
          }
          // an ordinary day: on the wall-clock grid of its interval, ending by its end
          if (!dst && ((wall - a) % input.durationMinutes !== 0 || wall + input.durationMinutes > b)) fail('off the wall-clock grid');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('events only remove slots, exactly those within a buffer of one; removing all events never yields fewer', () => {
    fc.assert(
      fc.property(caseArb(60, 1), (input) => {
        const withEvents = availableSlots(input);
        const free = availableSlots({ ...input, busy: [] });
        expect(free.length).toBeGreaterThanOrEqual(withEvents.length);
        const bufferMs = input.settings.buffer_minutes * MIN;
        expect(withEvents).toEqual(free.filter((s) => !conflicts(at(s.start), at(s.end), input.busy, bufferMs)));
        // and the order of the events does not matter
        expect(availableSlots({ ...input, busy: [...input.busy].reverse() })).toEqual(withEvents);
      }),
      { numRuns: RUNS },
    );
  });

  it('equals the slow reference (luxon for every candidate, every slot against every event)', () => {
    fc.assert(
      fc.property(caseArb(14, 5), (input) => {
        const expected = reference(input).map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString(), duration_minutes: input.durationMinutes }));
        expect(availableSlots(input)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('in a zone without DST, with no events and no notice, it is the whole wall-clock grid', () => {
    fc.assert(
      fc.property(caseArb(60, 1), fc.constantFrom(['UTC', 0] as const, ['Asia/Kolkata', 330] as const), (input, [timezone, offset]) => {
        const list = availableSlots({ ...input, settings: { ...input.settings, timezone, advance_notice_minutes: 0 }, now: -Infinity, busy: [] });
        const expected: string[] = [];
        for (let date = input.startDate; date <= input.endDate; date = addDays(date, 1)) {
          const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7] as Weekday;
          for (const [from, to] of input.settings.working_hours[weekday] ?? []) {
            for (let m = minuteOf(from); m + input.durationMinutes <= minuteOf(to); m += input.durationMinutes) {
              expected.push(new Date(at(`${date}T00:00:00Z`) + (m - offset) * MIN).toISOString());
            }
          }
        }
        expect(starts(list)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on the machine clock (summer or winter where the code runs)', () => {
    fc.assert(
      fc.property(caseArb(14, 5), (input) => {
        const runAt = (clock: string) => {
          vi.useFakeTimers({ now: at(clock), toFake: ['Date'] });
          try {
            return availableSlots(input);
          } finally {
            vi.useRealTimers();
          }
        };
        expect(runAt('2025-07-01T12:00:00Z')).toEqual(runAt('2026-01-15T12:00:00Z'));
      }),
      { numRuns: RUNS },
    );
  });
});
