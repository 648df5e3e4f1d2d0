import { createRequire } from 'node:module';
import { pino, type Level } from 'pino';
import { StdoutLines } from './stdout-lines.js';

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
 * per line, the lines of each turn of the event loop written together (stdout-lines.ts). `pretty`
 * (the default on a terminal): pino-pretty's readable lines, in colour.
 */
export function createLogger(options: { level?: LogLevel; format?: LogFormat } = {}): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  // epoch milliseconds, pino's fastest timestamp (pretty output shows it as local time)
  const base = { level, base: null };
  if (format === 'json') return pino(base, new StdoutLines());
  // loaded only when used: pino-pretty and its dependencies cost start-up time
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(base, pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: `pid,hostname,${REQUEST_FIELDS}`, translateTime: 'SYS:HH:MM:ss.l' }));
}

/** Discards everything: for test suites that embed the server. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
