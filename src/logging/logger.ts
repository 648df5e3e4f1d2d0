import { createRequire } from 'node:module';
import { pino, type Level } from 'pino';

/**
 * The logging the server needs: pino's API shape (`logger.info(fields, message)`), so a pino
 * logger can be passed as it is, and tests can pass a plain object. `flush` (pino has it) is
 * called when the server closes, so buffered lines are written before the process exits.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  flush?(callback?: (error?: Error) => void): void;
}

export type LogFormat = 'pretty' | 'json';
export type LogLevel = Extract<Level, 'debug' | 'info' | 'warn' | 'error'> | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

/** A request's (and a webhook delivery's) fields are summed up in its message: pretty output stays one line each. */
const REQUEST_FIELDS = 'method,path,status,ms,auth,key,session,simulated,delayMs,delivery,webhook,event,attempt';
const require = createRequire(import.meta.url);

/**
 * A pino logger on stdout. `json` (the default when stdout is not a terminal): one JSON object
 * per line, written asynchronously in batches so logging never holds a request up. `pretty`
 * (the default on a terminal): pino-pretty's readable lines, in colour.
 */
export function createLogger(options: { level?: LogLevel; format?: LogFormat } = {}): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  // epoch milliseconds, pino's fastest timestamp (pretty output shows it as local time)
  const base = { level, base: null };
  if (format === 'json') return pino(base, jsonDestination());
  // loaded only when used: pino-pretty and its dependencies cost start-up time
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(base, pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: `pid,hostname,${REQUEST_FIELDS}`, translateTime: 'SYS:HH:MM:ss.l' }));
}

/**
 * stdout, written asynchronously in 4 KiB batches, and at least every 200 ms: a line is never
 * held longer than that (a quiet sandbox under `docker run` or docker compose, whose stdout is
 * not a terminal, shows each request at once instead of when 4 KiB of lines have gathered).
 * Larger batches cost more, not less (measured: sonic-boom measures its pending batch on every
 * line). If whatever reads stdout stops reading, the buffer stops at 16 MiB instead of growing
 * without bound (a sandbox runs all day): lines past that are dropped, and stderr says how many,
 * once per minute at most.
 */
export const LOG_FLUSH_MS = 200;

function jsonDestination() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: LOG_FLUSH_MS, maxLength: 16 * 1024 * 1024 });
  let dropped = 0;
  let warnedAt = 0;
  destination.on('drop', () => {
    dropped += 1;
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    process.stderr.write(`klen-mock: stdout is not being read fast enough; ${dropped} log line(s) dropped so far\n`);
  });
  return destination;
}

/** Discards everything: for test suites that embed the server. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
