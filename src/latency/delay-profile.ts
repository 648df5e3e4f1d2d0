import { mulberry32 } from '../random/mulberry32.js';

/** A latency profile: every API response waits `min`–`max` ms (uniform), `min` = `max` for a fixed delay. */
export interface DelaySpec {
  min: number;
  max: number;
}

/** Upper bound of a profile, the same as `X-Mock-Delay`'s. */
export const MAX_PROFILE_DELAY_MS = 30_000;

/**
 * Draws delays from a seeded generator (mulberry32), so the same seed gives the same sequence
 * of delays in every run: a flaky-looking UI bug under latency can be replayed.
 */
export class DelayProfile {
  readonly spec: DelaySpec;
  #state: number;

  constructor(spec: DelaySpec, seed: number) {
    this.spec = spec;
    this.#state = seed >>> 0;
  }

  next(): number {
    if (this.spec.min === this.spec.max) return this.spec.min;
    const { state, value: unit } = mulberry32(this.#state);
    this.#state = state;
    return this.spec.min + Math.floor(unit * (this.spec.max - this.spec.min + 1));
  }
}

/** Reads `300` or `100-800`; undefined when the text is neither, or out of 0–30000. */
export function parseDelaySpec(text: string): DelaySpec | undefined {
  const match = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return min <= max && max <= MAX_PROFILE_DELAY_MS ? { min, max } : undefined;
}
