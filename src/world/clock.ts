/** How a world's time moves: with the wall clock, or only when told (`advance`). */
export type ClockMode = 'real' | 'manual';

/** A task due at `at` (epoch ms). Tasks are plain data, so a world's timeline can be listed and saved. */
interface Scheduled<T> {
  at: number;
  sequence: number;
  task: T;
}

/** A clock as saved (`--data-dir`): where its time stands and what it has scheduled. */
export interface ClockSnapshot<T> {
  mode: ClockMode;
  /** real: ms added to the wall clock by `advance`; manual: the current instant (epoch ms). */
  offset_or_now: number;
  /** The next scheduling number (ties between tasks due at the same instant run in this order). */
  sequence: number;
  /** The tasks not yet run, in due order. */
  tasks: Array<{ at: number; sequence: number; task: T }>;
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
  #queue = new TaskQueue<T>();
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  /** The due time the timer is set for, if any. */
  #armedAt: number | undefined;
  #disposed = false;
  readonly #prepare: () => void;

  /**
   * `prepare` runs before the clock runs anything or says what it has scheduled: what schedules
   * lazily (a world's seeded calendar) schedules then, so every task runs in due order. A
   * `runDue` with nothing due runs nothing and does not prepare (each request calls it: a start
   * need not place the calendar to answer its first request); whatever prepare would have
   * scheduled and is due then runs when the clock next prepares, each at its own due time.
   */
  constructor(options: { mode: ClockMode; start?: number; onDue: (task: T, at: number) => void; wallClock?: () => number; prepare?: () => void }) {
    this.mode = options.mode;
    this.#onDue = options.onDue;
    this.#prepare = options.prepare ?? (() => undefined);
    this.#wallClock = options.wallClock ?? Date.now;
    this.#offsetOrNow = options.mode === 'manual' ? options.start ?? this.#wallClock() : 0;
  }

  /** Now, in epoch milliseconds. */
  now(): number {
    if (this.#running !== undefined) return this.#running;
    return this.mode === 'manual' ? this.#offsetOrNow : this.#wallClock() + this.#offsetOrNow;
  }

  /**
   * Runs `act` as if now were `at`, a past instant: what it writes is dated then and what it
   * schedules falls due from then (the next `runDue` catches up). The admin API's trigger uses
   * it to give a generated call or event the history that leads to the event asked for.
   */
  asOf<R>(at: number, act: () => R): R {
    if (at > this.now()) throw new RangeError('asOf takes an instant in the past');
    const before = this.#running;
    this.#running = at;
    try {
      return act();
    } finally {
      this.#running = before;
    }
  }

  /** Schedules `task` at `at` (epoch ms); a time already past runs at the next `runDue`. */
  schedule(at: number, task: T): void {
    this.#queue.push({ at, sequence: this.#sequence++, task });
    this.#arm();
  }

  /** Runs every task due by now, in order (tasks they schedule run too, if due). */
  runDue(): void {
    const now = this.now();
    if (!this.#hasDue(now)) return;
    this.#prepare();
    if (this.#runUntil(now) > 0) this.#arm();
  }

  /** Whether a task is running (or `asOf` acts in the past): the clock is not to be run again from inside. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  #hasDue(now: number): boolean {
    const first = this.#queue.peek();
    return first !== undefined && first.at <= now;
  }

  /**
   * Moves time forward by `ms` and runs every task due on the way, each at its due time.
   * Works in both modes (in `real` mode it skips ahead of the wall clock). Returns the new now.
   */
  advance(ms: number): number {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance takes a duration of 0 ms or more, got ${ms}`);
    this.#prepare();
    const target = this.now() + ms;
    this.#runUntil(target);
    if (this.mode === 'manual') this.#offsetOrNow = target;
    else this.#offsetOrNow += ms;
    this.#armedAt = undefined; // now moved: the timer's delay is stale
    this.#arm();
    return this.now();
  }

  /** The tasks not yet run, in order. */
  pending(): ReadonlyArray<{ at: number; task: T }> {
    this.#prepare();
    return this.#queue.sorted().map(({ at, task }) => ({ at, task }));
  }

  /** How many tasks are not yet run. */
  get pendingCount(): number {
    this.#prepare();
    return this.#queue.size;
  }

  /** Where the clock stands and what it has scheduled: plain data, for saving. */
  snapshot(): ClockSnapshot<T> {
    this.#prepare();
    return { mode: this.mode, offset_or_now: this.#offsetOrNow, sequence: this.#sequence, tasks: this.#queue.sorted().map(({ at, sequence, task }) => ({ at, sequence, task })) };
  }

  /**
   * Puts a saved clock back (on a clock just built, with nothing scheduled). In real mode the wall
   * clock went on meanwhile: tasks that fell due while the sandbox was down run at the next
   * `runDue` (or at once, from the timer), each at its own due time.
   */
  restore(saved: ClockSnapshot<T>): void {
    if (saved.mode !== this.mode) throw new Error(`the clock was saved in ${saved.mode} mode, and runs in ${this.mode} mode now`);
    this.#offsetOrNow = saved.offset_or_now;
    this.#sequence = saved.sequence;
    this.#queue = new TaskQueue<T>();
    for (const entry of saved.tasks) this.#queue.push({ ...entry });
    this.#armedAt = undefined;
    this.#arm();
  }

  /** Stops the timer for good (the world is reset or dropped). */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#queue = new TaskQueue<T>();
  }

  /** Runs the tasks due by `target`; returns how many ran. */
  #runUntil(target: number): number {
    let ran = 0;
    while (this.#queue.size > 0 && (this.#queue.peek() as Scheduled<T>).at <= target) {
      const { at, task } = this.#queue.pop() as Scheduled<T>;
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

  /**
   * In real mode, one timer for the earliest task (unref'd: it never keeps the process alive).
   * Re-armed only when the earliest task changes: most new tasks fall due after it, and a timer
   * per scheduled step cost a load test of Initiate Call about a tenth of its CPU.
   */
  #arm(): void {
    if (this.mode !== 'real' || this.#disposed) return;
    const first = this.#queue.peek();
    if (first?.at === this.#armedAt) return;
    clearTimeout(this.#timer);
    this.#armedAt = first?.at;
    if (!first) return;
    this.#timer = setTimeout(() => {
      this.#armedAt = undefined;
      this.#prepare();
      this.#runUntil(this.now());
      this.#arm();
    }, Math.max(0, Math.min(first.at - this.now(), 2 ** 31 - 1)));
    this.#timer.unref();
  }
}

/**
 * A binary min-heap of tasks by (due time, scheduling order): O(log n) to add and to take the
 * next, since a busy world can hold tens of thousands of pending steps (hand-written: a few
 * lines, and the ordering must include the scheduling sequence for same-time tasks).
 */
class TaskQueue<T> {
  readonly #heap: Scheduled<T>[] = [];

  get size(): number {
    return this.#heap.length;
  }

  peek(): Scheduled<T> | undefined {
    return this.#heap[0];
  }

  push(entry: Scheduled<T>): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Scheduled<T>, heap[parent] as Scheduled<T>)) break;
      [heap[i], heap[parent]] = [heap[parent] as Scheduled<T>, heap[i] as Scheduled<T>];
      i = parent;
    }
  }

  pop(): Scheduled<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left] as Scheduled<T>, heap[smallest] as Scheduled<T>)) smallest = left;
        if (right < heap.length && before(heap[right] as Scheduled<T>, heap[smallest] as Scheduled<T>)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Scheduled<T>, heap[i] as Scheduled<T>];
        i = smallest;
      }
    }
    return top;
  }

  /** Every entry in due order (a copy: for listing, not for the hot path). */
  sorted(): Scheduled<T>[] {
    return [...this.#heap].sort((a, b) => (before(a, b) ? -1 : 1));
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}
