/** How a world's time moves: with the wall clock, or only when told (`advance`). */
export type ClockMode = 'real' | 'manual';

/** A task due at `at` (epoch ms). Tasks are plain data, so a world's timeline can be listed and saved. */
interface Scheduled<T> {
  at: number;
  sequence: number;
  task: T;
}

/**
 * A world's clock: its notion of now, and the tasks scheduled on it (the call lifecycle's next
 * steps). Every timestamp a world writes comes from here; nothing else reads the wall clock.
 *
 * - `real`: now is the wall clock (plus whatever `advance` added). Due tasks run from a timer,
 *   and also whenever the world is used (`runDue`), so a late timer never shows stale state.
 * - `manual`: now starts at `start` and moves only by `advance`, which runs every task that falls
 *   due on the way, in time order, each at its own due time (Stripe's test clocks work this way):
 *   a test can assert exact timestamps.
 *
 * A task runs with the instant it was due, not the instant it happened to run: the timestamps
 * it writes are the same whether a timer fired late or `advance` jumped past it.
 */
export class Clock<T> {
  readonly mode: ClockMode;
  readonly #onDue: (task: T, at: number) => void;
  readonly #wallClock: () => number;
  /** real: added to the wall clock; manual: the current instant. */
  #offsetOrNow: number;
  /** While a task runs in `manual` mode, the instant it was due. */
  #running: number | undefined;
  #tasks: Scheduled<T>[] = [];
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(options: { mode: ClockMode; start?: number; onDue: (task: T, at: number) => void; wallClock?: () => number }) {
    this.mode = options.mode;
    this.#onDue = options.onDue;
    this.#wallClock = options.wallClock ?? Date.now;
    this.#offsetOrNow = options.mode === 'manual' ? options.start ?? this.#wallClock() : 0;
  }

  /** Now, in epoch milliseconds. */
  now(): number {
    if (this.#running !== undefined) return this.#running;
    return this.mode === 'manual' ? this.#offsetOrNow : this.#wallClock() + this.#offsetOrNow;
  }

  /** Schedules `task` at `at` (epoch ms); a time already past runs at the next `runDue`. */
  schedule(at: number, task: T): void {
    const entry = { at, sequence: this.#sequence++, task };
    // keep the queue sorted by time, then by scheduling order (binary search: queues can be long)
    let low = 0;
    let high = this.#tasks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.#tasks[mid] as Scheduled<T>;
      if (other.at <= at) low = mid + 1;
      else high = mid;
    }
    this.#tasks.splice(low, 0, entry);
    this.#arm();
  }

  /** Runs every task due by now, in order (tasks they schedule run too, if due). */
  runDue(): void {
    if (this.#runUntil(this.now()) > 0) this.#arm();
  }

  /**
   * Moves time forward by `ms` and runs every task due on the way, each at its due time.
   * Works in both modes (in `real` mode it skips ahead of the wall clock). Returns the new now.
   */
  advance(ms: number): number {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance takes a duration of 0 ms or more, got ${ms}`);
    const target = this.now() + ms;
    this.#runUntil(target);
    if (this.mode === 'manual') this.#offsetOrNow = target;
    else this.#offsetOrNow += ms;
    this.#arm();
    return this.now();
  }

  /** The tasks not yet run, in order. */
  pending(): ReadonlyArray<{ at: number; task: T }> {
    return this.#tasks.map(({ at, task }) => ({ at, task }));
  }

  /** Stops the timer for good (the world is reset or dropped). */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#tasks = [];
  }

  /** Runs the tasks due by `target`; returns how many ran. */
  #runUntil(target: number): number {
    let ran = 0;
    while (this.#tasks.length > 0 && (this.#tasks[0] as Scheduled<T>).at <= target) {
      const { at, task } = this.#tasks.shift() as Scheduled<T>;
      if (this.mode === 'manual') this.#offsetOrNow = Math.max(this.#offsetOrNow, at);
      this.#running = at;
      ran += 1;
      try {
        this.#onDue(task, at);
      } finally {
        this.#running = undefined;
      }
    }
    return ran;
  }

  /** In real mode, one timer for the earliest task (unref'd: it never keeps the process alive). */
  #arm(): void {
    if (this.mode !== 'real' || this.#disposed) return;
    clearTimeout(this.#timer);
    const first = this.#tasks[0];
    if (!first) return;
    this.#timer = setTimeout(() => {
      this.#runUntil(this.now());
      this.#arm();
    }, Math.max(0, Math.min(first.at - this.now(), 2 ** 31 - 1)));
    this.#timer.unref();
  }
}
