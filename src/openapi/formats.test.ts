import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, remembered } from './formats.js';

type Check = { validate: (value: string) => boolean };

/** Strings near RFC 3339 date-times, and anything else. */
const dateTimeLike = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('Z', 'z', '+01:00', '-23:59', '+24:00', '', '+0130'), fc.constantFrom('T', 't', ' ', '_')).map(
    ([y, mo, d, h, mi, s, zone, sep]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${sep}${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}${zone}`,
  ),
  fc.string({ maxLength: 30 }),
);

describe('the date and time formats remember their answers', () => {
  it('answer exactly as ajv-formats does, asked once or again, past the memory limit too', () => {
    for (const name of ['date-time', 'date', 'time'] as const) {
      const original = (fullFormats[name] as Check).validate;
      const ours = (FORMATS[name] as Check).validate;
      const small = remembered(original, 3);
      fc.assert(
        fc.property(fc.array(dateTimeLike, { minLength: 1, maxLength: 12 }), (values) => {
          for (const value of [...values, ...values.reverse()]) {
            const part = name === 'date' ? value.slice(0, 10) : name === 'time' ? value.slice(11) : value;
            expect(ours(part)).toBe(original(part));
            expect(small(part)).toBe(original(part));
          }
        }),
        { numRuns: 500 },
      );
    }
  });

  it('the leap second rule is ajv-formats’: 23:59:60 only at the end of a UTC day', () => {
    const dateTime = (FORMATS['date-time'] as Check).validate;
    expect(dateTime('2016-12-31T23:59:60Z')).toBe(true);
    expect(dateTime('2016-12-31T18:59:60-05:00')).toBe(true);
    expect(dateTime('2016-12-31T22:59:60Z')).toBe(false);
    expect(dateTime('2023-02-29T00:00:00Z')).toBe(false);
  });
});
