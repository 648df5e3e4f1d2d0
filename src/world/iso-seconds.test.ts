import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoSeconds } from './world.js';

describe('isoSeconds', () => {
  it('is the instant cut to the second, in any order of calls (the last second’s string is reused)', () => {
    const instant = fc.integer({ min: 0, max: Date.parse('2100-01-01T00:00:00Z') });
    fc.assert(
      fc.property(fc.array(fc.oneof(instant, instant.map((ms) => ms - (ms % 1000)), fc.constant(Date.parse('2025-05-01T12:00:00.999Z'))), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(isoSeconds(ms)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
      }),
    );
    expect(isoSeconds(Date.parse('2025-05-01T12:00:00.999Z'))).toBe('2025-05-01T12:00:00Z');
  });
});
