/**
 * The size option of `npm run fixtures`: how many calls, contacts and calendar events a generated
 * set holds in all (`--calls 100000 --contacts 50000 --events 10000 --out <dir>`), for scale
 * tests and benchmarks. Without it the script writes the shipped set, byte for byte.
 */
import { parseArgs } from 'node:util';

/** Totals of a generated set: the shipped records, then seeded bulk ones up to these counts. */
export interface FixtureSize {
  calls: number;
  contacts: number;
  events: number;
}

/** What `npm run fixtures` was asked: a size (undefined: the shipped set) and where to write. */
export interface FixtureRequest {
  size: FixtureSize | undefined;
  /** A directory for a complete set (keys.json included), or undefined for fixtures/ itself. */
  out: string | undefined;
}

/** Reads the command line; a problem is thrown as an Error whose message says what to write instead. */
export function parseFixtureArgs(args: readonly string[]): FixtureRequest {
  const { values } = parseArgs({
    args: [...args],
    options: { calls: { type: 'string' }, contacts: { type: 'string' }, events: { type: 'string' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const count = (name: 'calls' | 'contacts' | 'events'): number | undefined => {
    const text = values[name];
    if (text === undefined) return undefined;
    if (!/^[0-9]{1,7}$/.test(text)) throw new Error(`--${name} must be a whole number (at most 9,999,999), got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const calls = count('calls');
  const contacts = count('contacts');
  const events = count('events');
  const sized = calls !== undefined || contacts !== undefined || events !== undefined;
  // a sized set written over fixtures/ would change the shipped fixtures (and fail their test)
  if (sized && values.out === undefined) throw new Error('a sized set needs --out <dir>: fixtures/ holds the shipped set');
  return { size: sized ? { calls: calls ?? 0, contacts: contacts ?? 0, events: events ?? 0 } : undefined, out: values.out };
}
