import { pino, type Level } from 'pino';
import pretty from 'pino-pretty';

/**
 * The logging the server needs: pino's API shape (`logger.info(fields, message)`), so a pino
 * logger can be passed as it is, and tests can pass a plain object.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type LogFormat = 'pretty' | 'json';
export type LogLevel = Extract<Level, 'debug' | 'info' | 'warn' | 'error'> | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

/**
 * A pino logger writing to stdout: one JSON object per line (`json`), or pino-pretty's
 * readable lines (`pretty`, colours when stdout is a terminal).
 */
export function createLogger(options: { level?: LogLevel; format?: LogFormat } = {}): Logger {
  const level = options.level ?? 'info';
  const base = { level, base: null, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.format === 'json') return pino(base);
  // a request's fields are summed up in its message: pretty output stays one line per request
  return pino(base, pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: `pid,hostname,${REQUEST_FIELDS}`, translateTime: 'SYS:HH:MM:ss.l' }));
}

const REQUEST_FIELDS = 'method,path,query,status,durationMs,auth,simulation';

/** Discards everything: for test suites that embed the server. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
