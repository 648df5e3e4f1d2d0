/** The exact text of every generated fixture file (all but keys.json), by name. */
import type { components } from '../types/openapi.js';
import { bulkCalendarEvents } from './bulk-calendar-events.js';
import { bulkCalls } from './bulk-calls.js';
import { bulkContacts } from './bulk-contacts.js';
import { Draws, drawPools } from './bulk-draws.js';
import type { FixtureSize } from './fixture-size.js';
import { generateCalls, SEED, type ContactNames } from './generate-calls.js';
import { generateCalendarEvents } from './generate-calendar-events.js';
import { generateContacts } from './generate-contacts.js';
import { AGENTS, CONTEXT_VARIABLES, DO_NOT_CALL, TEAMS } from './seed-records.js';

/**
 * The shipped set, or with `size` a larger one: the shipped records (every documented example
 * as it is), then seeded bulk ones up to each total (a total below the shipped count leaves
 * the shipped records alone). The same size gives the same bytes.
 */
export function fixtureFileTexts(size?: FixtureSize): Record<string, string> {
  return fixtureTexts(fixtureRecords(size));
}

/** The files' texts of generated records. */
export function fixtureTexts({ calls, contacts, events }: Records): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'calls.json': json(calls),
    'contacts.json': json(contacts),
    'calendar-events.json': json(events),
    'agents.json': json(AGENTS),
    'teams.json': json(TEAMS),
    'context-variables.json': json(CONTEXT_VARIABLES),
    'do-not-call.json': json(DO_NOT_CALL),
  };
}

/** The generated calls, contacts and calendar events of the set (the other files are seed-records.ts as it is). */
export function fixtureRecords(size?: FixtureSize): Records {
  const names: ContactNames = new Map();
  const calls = generateCalls(names);
  const contacts = generateContacts(calls, names);
  const shipped = { calls, contacts, events: generateCalendarEvents(contacts) };
  return size ? withBulkRecords(size, shipped) : shipped;
}

/** A generated set's records: calls, contacts and calendar events. */
export type Records = { calls: Array<components['schemas']['Call']>; contacts: Array<components['schemas']['Contact']>; events: ReturnType<typeof generateCalendarEvents> };

/** The shipped records followed by the bulk ones (contacts first: the calls and events refer to them). */
function withBulkRecords(size: FixtureSize, shipped: Records): Records {
  // one stream per kind, so a set with more events has the same calls and contacts
  const pools = drawPools(SEED + 1000);
  const takenNumbers = new Set(shipped.contacts.flatMap((c) => c.phone_numbers.map((p) => p.phone_number)));
  const newContacts = bulkContacts(Math.max(0, size.contacts - shipped.contacts.length), new Draws(SEED + 1), pools, takenNumbers);
  const takenCallIds = new Set(shipped.calls.map((c) => c.call_id));
  const called = bulkCalls(Math.max(0, size.calls - shipped.calls.length), newContacts, new Draws(SEED + 2), takenCallIds);
  const takenUuids = new Set(shipped.events.map((e) => e.uuid));
  const newEvents = bulkCalendarEvents(Math.max(0, size.events - shipped.events.length), called.contacts, new Draws(SEED + 3), pools, takenUuids);
  return { calls: [...shipped.calls, ...called.calls], contacts: [...shipped.contacts, ...called.contacts], events: [...shipped.events, ...newEvents] };
}
