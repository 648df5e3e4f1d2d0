/**
 * Where JSON log lines go: stdout, the lines of one turn of the event loop written together in
 * one write when the turn ends (a busy sandbox answers several requests per turn; a quiet one
 * shows each line at once).
 *
 * Why not pino's own destination (sonic-boom, which this replaced): measured under `npm run
 * bench`'s load, its batching cost ~7 µs of CPU per request line, as much as a fifth of a whole
 * Get Call Details request. Each line measured the whole pending batch (a flattened string), and
 * each batch went through libuv's thread pool: a hand-off to a thread and a wake-up of the main
 * loop when it was written. Here a line is an array push; stdout on a pipe or a socket (docker,
 * compose, CI) is asynchronous in Node, a non-blocking write from the main thread, and on a file
 * it is synchronous, which files allow.
 *
 * If whatever reads stdout stops reading, what waits for it stops at `maxBuffered` bytes instead
 * of growing without bound (a sandbox runs all day): lines past that are dropped and stderr says
 * how many, once a minute at most. If stdout goes away (EPIPE), logging stops; serving does not.
 */
export interface LineOutput {
  write(text: string, callback?: (error?: Error | null) => void): boolean;
  readonly writableLength: number;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;
const DROP_WARNING_INTERVAL_MS = 60_000;

export class StdoutLines {
  readonly #out: LineOutput;
  readonly #maxBuffered: number;
  readonly #warn: (message: string) => void;
  #pending: string[] = [];
  #scheduled = false;
  #broken = false;
  #dropped = 0;
  #warnedAt = -Infinity;

  constructor(out: LineOutput = process.stdout, options: { maxBuffered?: number; warn?: (message: string) => void } = {}) {
    this.#out = out;
    this.#maxBuffered = options.maxBuffered ?? MAX_BUFFERED_LOG_BYTES;
    this.#warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    out.on('error', () => {
      this.#broken = true;
      this.#pending = [];
    });
  }

  /** pino calls this with each line (its newline included). */
  write(line: string): void {
    if (this.#broken) return;
    if (this.#out.writableLength > this.#maxBuffered) return this.#drop();
    this.#pending.push(line);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#writePending);
  }

  /** pino's `logger.flush`: the callback runs once every line so far has been handed to the system. */
  flush(callback: (error?: Error) => void = () => {}): void {
    this.#writePending();
    if (this.#broken || this.#out.writableLength === 0) return callback();
    this.#out.write('', () => callback());
  }

  readonly #writePending = (): void => {
    this.#scheduled = false;
    if (this.#pending.length === 0 || this.#broken) return;
    const text = this.#pending.length === 1 ? (this.#pending[0] as string) : this.#pending.join('');
    this.#pending = [];
    this.#out.write(text);
  };

  #drop(): void {
    this.#dropped += 1;
    const now = Date.now();
    if (now - this.#warnedAt < DROP_WARNING_INTERVAL_MS) return;
    this.#warnedAt = now;
    this.#warn(`klen-mock: stdout is not being read fast enough; ${this.#dropped} log line(s) dropped so far`);
  }
}
