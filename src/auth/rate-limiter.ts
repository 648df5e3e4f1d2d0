/** The documented standard limit: `requests_per_minute_limit`, 60 requests per minute per key. */
export const DOCUMENTED_REQUESTS_PER_MINUTE = 60;

/**
 * A fixed window per key: the first request of a key opens a window of `windowMs`; within it
 * the key may make `limit` requests; the next one is refused until the window ends.
 */
export class RateLimiter {
  readonly limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: number, options: { windowMs?: number; now?: () => number } = {}) {
    this.limit = limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Counts one request of `key`. Returns undefined when allowed, else the whole seconds until
   * the window ends (at least 1): the `Retry-After` value.
   */
  hit(key: string): number | undefined {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit) return undefined;
    return Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000));
  }
}
