/**
 * mulberry32: a tiny seeded generator of 32-bit states, for the sandbox's reproducible choices
 * (latency draws, new call ids). Not for secrets. Returns the next state and a number in [0, 1).
 */
export function mulberry32(state: number): { state: number; value: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: next, value: ((t ^ (t >>> 14)) >>> 0) / 4294967296 };
}
