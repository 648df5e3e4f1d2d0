/** The exact text of every generated fixture file (all but keys.json), by name. */
import { generateCalls, type ContactNames } from './generate-calls.js';
import { generateCalendarEvents } from './generate-calendar-events.js';
import { generateContacts } from './generate-contacts.js';
import { AGENTS, CONTEXT_VARIABLES, DO_NOT_CALL, TEAMS } from './seed-records.js';

export function fixtureFileTexts(): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const names: ContactNames = new Map();
  const calls = generateCalls(names);
  const contacts = generateContacts(calls, names);
  return {
    'calls.json': json(calls),
    'contacts.json': json(contacts),
    'calendar-events.json': json(generateCalendarEvents(contacts)),
    'agents.json': json(AGENTS),
    'teams.json': json(TEAMS),
    'context-variables.json': json(CONTEXT_VARIABLES),
    'do-not-call.json': json(DO_NOT_CALL),
  };
}
