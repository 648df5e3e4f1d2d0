import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { apiKeysSchema, type ApiKey } from '../auth/api-key.js';
import { StartupError } from '../errors/startup-error.js';
import { describeAjvErrors } from '../openapi/ajv-errors.js';
import { passedBefore, rememberPassed } from '../openapi/check-cache.js';
import type { LoadedContract } from '../openapi/load-contract.js';
import { callContactOf, fullName, RECENT_NOTES } from './contact-fields.js';
import { checkValue } from './context-values.js';
import { displayName } from './display-name.js';
import type { Agent, Call, ContactRecord, DoNotCallEntry, TeamRecord, VariableRecord } from './records.js';
import { calendarEventFixtureSchema, type CalendarEventFixture } from './calendar-seed.js';
import { checkCalendarEvents, checkTeamCalendar, defaultTeamCalendar, teamCalendarSchema } from './load-calendar.js';
import { buildSeed, type Seed } from './seed.js';

/** The fixture files klen-mock reads, by name. */
export const FIXTURE_FILES = ['calls.json', 'agents.json', 'teams.json', 'contacts.json', 'context-variables.json', 'do-not-call.json', 'calendar-events.json', 'keys.json'] as const;
export type FixtureFile = (typeof FIXTURE_FILES)[number];

const E164 = '^\\+[1-9][0-9]{1,14}$';

/** JSON Schema of `teams.json` (sandbox only: the docs show teams but not their wallets). */
const teamSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'wallet_balance', 'rate_per_minute'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1 },
    wallet_balance: { type: 'number' },
    rate_per_minute: { type: 'number', exclusiveMinimum: 0 },
    business_context: { type: 'object' },
    calendar: teamCalendarSchema,
  },
} as const;

/** JSON Schema of `do-not-call.json`. */
const doNotCallSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['team_id', 'phone_number', 'reason'],
  properties: {
    team_id: { type: 'integer', minimum: 1 },
    phone_number: { type: 'string', pattern: E164 },
    reason: { type: 'string', minLength: 1 },
  },
} as const;

export interface LoadedSeed {
  seed: Seed;
  keys: ApiKey[];
  /** Where each file was read from (a user's directory may supply only some of them). */
  sources: Record<FixtureFile, string>;
}

/**
 * Reads and validates the fixtures and builds the seed. Each file is taken from `dir` when
 * present there, else from `defaultsDir` (the fixtures shipped with klen-mock). Calls and agents
 * are validated against the contract's `Call` and `Agent` schemas, the rest against the schemas
 * above, then against each other (every team, agent and contact a record names must exist and
 * agree). The first problem becomes a StartupError naming the file, the record and the field.
 */
export async function loadSeed(options: {
  dir: string;
  defaultsDir: string;
  contract: LoadedContract;
  /** A validator of a fixture file's schema, asked for only when the file did not pass it before (it loads Ajv's compiler). */
  compileSchema: () => Promise<(schema: object) => ValidateFunction>;
}): Promise<LoadedSeed> {
  const { dir, defaultsDir, contract } = options;
  if (!existsSync(dir)) throw new StartupError(dir, 'fixtures directory does not exist');
  const unknown = readdirSync(dir).filter((f) => f.endsWith('.json') && !(FIXTURE_FILES as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new StartupError(path.join(dir, unknown[0] as string), `not a fixture file klen-mock reads (it reads ${FIXTURE_FILES.join(', ')})`);
  }
  const locate = (name: FixtureFile) => (existsSync(path.join(dir, name)) ? path.join(dir, name) : path.join(defaultsDir, name));
  const sources = Object.fromEntries(FIXTURE_FILES.map((f) => [f, locate(f)])) as Record<FixtureFile, string>;
  const schemaOf = (name: string): object => {
    const schema = contract.dereferenced.components?.schemas?.[name];
    if (!schema) throw new StartupError(contract.file, `components.schemas.${name} is missing`);
    return schema;
  };
  /**
   * A fixture file's records, each valid against `schema`. Whether exactly this text passed
   * exactly this schema before is remembered (src/openapi/check-cache.ts): then the schema is not
   * compiled again (compiling the fixtures' schemas was most of a warm start's time). Every check
   * across records and files below runs on every start.
   */
  const read = async <T>(file: FixtureFile, schema: object, label: (r: Record<string, unknown>) => string): Promise<T[]> => {
    const source = sources[file];
    const text = readText(source);
    const data = parseJson(source, text);
    const inputs = schemaInputs(schema, text);
    if (inputs && passedBefore('fixture', inputs)) return validateRecords<T>(source, data, () => true, label);
    const records = validateRecords<T>(source, data, (await options.compileSchema())(schema), label);
    if (inputs) rememberPassed('fixture', inputs, source);
    return records;
  };

  const teams = (await read<TeamRecord>('teams.json', teamSchema, (t) => `id ${String(t.id)}`)).map((team) => (team.calendar ? team : { ...team, calendar: defaultTeamCalendar(team.id) }));
  teams.forEach((team, i) => checkTeamCalendar(sources['teams.json'], i, team, isTimeZone));
  const teamsById = uniqueBy(sources['teams.json'], teams, 'id', (t) => t.id);
  const agents = await read<Agent>('agents.json', schemaOf('Agent'), (a) => `id ${String(a.id)}`);
  const agentsById = uniqueBy(sources['agents.json'], agents, 'id', (a) => a.id);
  uniqueBy(sources['agents.json'], agents, 'assistant_id', (a) => a.assistant_id);
  agents.forEach((agent, i) => {
    const fail = (detail: string) => new StartupError(sources['agents.json'], `record ${i} (id ${agent.id}): ${detail}`);
    if (agent.team_id !== null && !teamsById.has(agent.team_id)) throw fail(`/team_id ${agent.team_id} is not a team of teams.json`);
    if (agent.can_make_calls !== (agent.phone_number !== null)) throw fail('/can_make_calls must be true exactly when the agent has a phone_number (the Get Agents page defines it so)');
  });
  const variableSchema = schemaOf('ContextVariable') as { properties: object; required: string[] };
  const variables = await read<VariableRecord>(
    'context-variables.json',
    { ...variableSchema, properties: { ...variableSchema.properties, team_id: { type: ['integer', 'null'], minimum: 1 } }, required: [...variableSchema.required, 'team_id'] },
    (v) => `id ${String(v.id)}`,
  );
  checkVariables(sources['context-variables.json'], variables, teamsById);
  teams.forEach((team, i) => checkContext(sources['teams.json'], `record ${i} (id ${team.id}): /business_context`, team.business_context ?? {}, visibleVariables(variables, team.id, 'business'), true));
  const contacts = await read<ContactRecord>('contacts.json', schemaOf('Contact'), (c) => `id ${String(c.id)}`);
  checkContacts(sources['contacts.json'], contacts, teamsById, variables);
  const calls = await read<Call>('calls.json', schemaOf('Call'), (c) => `id ${String(c.id)}`);
  checkCalls(sources['calls.json'], calls, teamsById, agentsById, new Map(contacts.map((c) => [c.id, c])));
  const doNotCall = await read<DoNotCallEntry>('do-not-call.json', doNotCallSchema, (d) => `phone_number ${String(d.phone_number)}`);
  uniqueBy(sources['do-not-call.json'], doNotCall, 'phone_number', (d) => `${d.team_id}|${d.phone_number}`);
  doNotCall.forEach((entry, i) => {
    const fail = (detail: string) => new StartupError(sources['do-not-call.json'], `record ${i} (phone_number ${entry.phone_number}): ${detail}`);
    if (!teamsById.has(entry.team_id)) throw fail(`/team_id ${entry.team_id} is not a team of teams.json`);
    const owner = contacts.find((c) => c.team.id === entry.team_id && c.phone_numbers.some((p) => p.phone_number === entry.phone_number));
    if (owner) throw fail(`is a number of contact ${owner.id} (contacts.json): mark it "do_not_call": true there instead, so the contact shows it`);
  });

  const calendarEvents = await read<CalendarEventFixture>('calendar-events.json', calendarEventFixtureSchema, (e) => `id ${String(e.id)}`);
  checkCalendarEvents(sources['calendar-events.json'], calendarEvents, teamsById, agentsById);

  const keys = await read<ApiKey>('keys.json', apiKeysSchema.items, (k) => `key "${String(k.key)}"`);
  uniqueBy(sources['keys.json'], keys, 'key', (k) => k.key);
  keys.forEach((key, i) => {
    if (!teamsById.has(key.team_id)) throw new StartupError(sources['keys.json'], `record ${i} (key "${key.key}"): /team_id ${key.team_id} is not a team of teams.json`);
  });
  return { seed: buildSeed({ calls, agents, teams, doNotCall, contacts, variables, calendarEvents }), keys, sources };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StartupError(file, `is not valid JSON: ${(error as Error).message}`);
  }
}

/** What a fixture file's schema check depends on (the schema and the text), or undefined if the schema cannot be written out. */
function schemaInputs(schema: object, text: string): string[] | undefined {
  try {
    return [JSON.stringify(schema), text];
  } catch {
    return undefined; // a schema that refers to itself: checked every time
  }
}

function validateRecords<T>(file: string, data: unknown, validate: (value: unknown) => boolean | Promise<unknown>, label: (record: Record<string, unknown>) => string): T[] {
  if (!Array.isArray(data)) throw new StartupError(file, 'must contain a JSON array of records');
  const validator = validate as ((value: unknown) => boolean) & { errors?: Parameters<typeof describeAjvErrors>[0] };
  data.forEach((record: unknown, index) => {
    if (!validator(record)) {
      const name = record && typeof record === 'object' ? ` (${label(record as Record<string, unknown>)})` : '';
      throw new StartupError(file, `record ${index}${name}: ${describeAjvErrors(validator.errors).join('; ')}`);
    }
  });
  return data as T[];
}

/** A map of records by a field that must be unique; a duplicate is a StartupError naming both records. */
function uniqueBy<T, K>(file: string, records: readonly T[], field: string, keyOf: (record: T) => K): Map<K, T> {
  const seen = new Map<K, T>();
  const index = new Map<K, number>();
  records.forEach((record, i) => {
    const key = keyOf(record);
    if (index.has(key)) throw new StartupError(file, `record ${i}: /${field} ${JSON.stringify(key)} is already used by record ${index.get(key)}`);
    index.set(key, i);
    seen.set(key, record);
  });
  return seen;
}

/**
 * Ids and call_ids are unique and no call_id reads as another call's id; each call's team and
 * agent exist and agree with teams.json and agents.json; a call's contact is the contacts.json
 * record, as a call shows it (name, email, company, status, stage, last call), of the call's
 * team, and the call's number is one of the contact's (that is how calls find their contact).
 */
function checkCalls(file: string, calls: readonly Call[], teams: ReadonlyMap<number, TeamRecord>, agents: ReadonlyMap<number, Agent>, contacts: ReadonlyMap<number, ContactRecord>): void {
  const owner = new Map<string, number>();
  calls.forEach((call, index) => {
    const fail = (detail: string) => new StartupError(file, `record ${index} (id ${call.id}): ${detail}`);
    if (/^[0-9]+$/.test(call.call_id)) throw fail(`/call_id "${call.call_id}" is only digits: it would read as a database id`);
    for (const [field, value] of [['id', String(call.id)], ['call_id', call.call_id]] as const) {
      const previous = owner.get(value);
      if (previous !== undefined) throw fail(`/${field} "${value}" is already used by record ${previous}`);
      owner.set(value, index);
    }
    const team = teams.get(call.team.id);
    if (!team) throw fail(`/team/id ${call.team.id} is not a team of teams.json`);
    if (team.name !== call.team.name) throw fail(`/team/name "${call.team.name}" differs from teams.json ("${team.name}")`);
    const agent = agents.get(call.agent.id);
    if (!agent) throw fail(`/agent/id ${call.agent.id} is not an agent of agents.json`);
    if (agent.name !== call.agent.name || agent.assistant_id !== call.agent.assistant_id) {
      throw fail(`/agent differs from agents.json (id ${agent.id} is "${agent.name}", ${agent.assistant_id})`);
    }
    if (agent.team_id !== call.team.id) throw fail(`/agent/id ${agent.id} belongs to team ${String(agent.team_id)}, not to the call's team ${call.team.id}`);
    if (call.contact) {
      const contact = contacts.get(call.contact.id);
      if (!contact) throw fail(`/contact/id ${call.contact.id} is not a contact of contacts.json`);
      if (contact.team.id !== call.team.id) throw fail(`/contact/id ${contact.id} belongs to team ${contact.team.id}, not to the call's team ${call.team.id}`);
      const expected = callContactOf(contact);
      for (const field of Object.keys(expected) as Array<keyof typeof expected>) {
        if (expected[field] !== call.contact[field]) {
          throw fail(`/contact/${field} ${JSON.stringify(call.contact[field])} differs from contact ${contact.id} in contacts.json (${JSON.stringify(expected[field])})`);
        }
      }
      if (!contact.phone_numbers.some((p) => p.phone_number === call.phone_number)) {
        throw fail(`/phone_number ${call.phone_number} is not a number of its contact ${contact.id} (contacts.json): add it to the contact's phone_numbers`);
      }
    }
  });
}

/**
 * Contacts: unique ids, phone number ids and note ids; the team exists with that name; the
 * derived fields agree with what they derive from (full name, display names); a valid IANA
 * timezone; numbers unique per contact, exactly one primary, Do Not Call dates where marked; at
 * most RECENT_NOTES notes; custom_context values of defined contact variables fit their type,
 * stored normalized.
 */
function checkContacts(file: string, contacts: readonly ContactRecord[], teams: ReadonlyMap<number, TeamRecord>, variables: readonly VariableRecord[]): void {
  uniqueBy(file, contacts, 'id', (c) => c.id);
  const phoneIds = new Map<number, number>();
  const noteIds = new Map<number, number>();
  contacts.forEach((contact, index) => {
    const fail = (detail: string) => new StartupError(file, `record ${index} (id ${contact.id}): ${detail}`);
    if (contact.team === null) throw fail('/team is null: every sandbox contact belongs to a team of teams.json');
    const team = teams.get(contact.team.id);
    if (!team) throw fail(`/team/id ${contact.team.id} is not a team of teams.json`);
    if (team.name !== contact.team.name) throw fail(`/team/name "${contact.team.name}" differs from teams.json ("${team.name}")`);
    const derived = { full_name: fullName(contact.first_name, contact.last_name), stage_display: displayName(contact.stage), status_display: displayName(contact.status) };
    for (const [field, value] of Object.entries(derived)) {
      if (contact[field as keyof typeof derived] !== value) throw fail(`/${field} must be ${JSON.stringify(value)} (derived from the contact's other fields)`);
    }
    if (contact.timezone !== null && !isTimeZone(contact.timezone)) throw fail(`/timezone "${contact.timezone}" is not an IANA timezone`);
    const numbers = new Set<string>();
    contact.phone_numbers.forEach((phone, p) => {
      const at = `/phone_numbers/${p}`;
      const seen = phoneIds.get(phone.id);
      if (seen !== undefined) throw fail(`${at}/id ${phone.id} is already used by contact record ${seen}`);
      phoneIds.set(phone.id, index);
      if (numbers.has(phone.phone_number)) throw fail(`${at}/phone_number ${phone.phone_number} is listed twice`);
      numbers.add(phone.phone_number);
      if (phone.do_not_call !== (phone.dnc_date !== null)) throw fail(`${at}/dnc_date must be set exactly when do_not_call is true`);
      if (!phone.do_not_call && phone.dnc_reason !== null) throw fail(`${at}/dnc_reason must be null when do_not_call is false`);
    });
    const primaries = contact.phone_numbers.filter((p) => p.primary).length;
    if (contact.phone_numbers.length > 0 && primaries !== 1) throw fail(`/phone_numbers must have exactly one primary number, has ${primaries}`);
    if (contact.recent_notes.length > RECENT_NOTES) throw fail(`/recent_notes has ${contact.recent_notes.length} notes: a contact keeps the ${RECENT_NOTES} most recent`);
    contact.recent_notes.forEach((note, n) => {
      const seen = noteIds.get(note.id);
      if (seen !== undefined) throw fail(`/recent_notes/${n}/id ${note.id} is already used by contact record ${seen}`);
      noteIds.set(note.id, index);
    });
    checkContext(file, `record ${index} (id ${contact.id}): /custom_context`, contact.custom_context, visibleVariables(variables, contact.team.id, 'contact'), false);
  });
}

/**
 * Context variable definitions: unique ids; a team's own (team_id set) or a default one (team_id
 * null, `is_default` true), never both; `select_options` exactly for `select`; a name unique
 * within its context type among the definitions a team sees.
 */
function checkVariables(file: string, variables: readonly VariableRecord[], teams: ReadonlyMap<number, TeamRecord>): void {
  uniqueBy(file, variables, 'id', (v) => v.id);
  variables.forEach((variable, index) => {
    const fail = (detail: string) => new StartupError(file, `record ${index} (id ${variable.id}): ${detail}`);
    if (variable.team_id !== null && !teams.has(variable.team_id)) throw fail(`/team_id ${variable.team_id} is not a team of teams.json`);
    if (variable.is_default !== (variable.team_id === null)) throw fail('/is_default must be true exactly when team_id is null (default variables belong to no team)');
    if ((variable.variable_type === 'select') !== (variable.select_options !== null)) throw fail('/select_options must be a list exactly when variable_type is "select"');
    const clash = variables.find(
      (other, o) => o < index && other.name === variable.name && other.context_type === variable.context_type && (other.team_id === null || variable.team_id === null || other.team_id === variable.team_id),
    );
    if (clash) throw fail(`/name "${variable.name}" is already a ${variable.context_type} variable (id ${clash.id}) that the same team sees`);
  });
}

/** The definitions a team sees of one context type: its own and the default ones. */
function visibleVariables(variables: readonly VariableRecord[], teamId: number, contextType: VariableRecord['context_type']): VariableRecord[] {
  return variables.filter((v) => v.context_type === contextType && (v.team_id === null || v.team_id === teamId));
}

/**
 * Context values: those of a defined variable fit its type and are stored normalized (`42`, not
 * `"42"`). Business context holds defined variables only; a contact's custom_context may also
 * hold other fields (Create Contact takes any).
 */
function checkContext(file: string, where: string, values: Readonly<Record<string, unknown>>, variables: readonly VariableRecord[], definedOnly: boolean): void {
  for (const [name, value] of Object.entries(values)) {
    const variable = variables.find((v) => v.name === name);
    if (!variable) {
      if (definedOnly) throw new StartupError(file, `${where}/${name} is not a business variable of context-variables.json that the team sees`);
      continue;
    }
    const checked = checkValue(variable, value);
    if (!checked.ok) throw new StartupError(file, `${where}/${name} ${JSON.stringify(value)} does not fit the ${variable.variable_type} variable ${variable.id}: it must be ${checked.expected}`);
    if (checked.value !== value) throw new StartupError(file, `${where}/${name} must be stored normalized: ${JSON.stringify(checked.value)}, not ${JSON.stringify(value)}`);
  }
}

/** Zones already checked (contacts share a few). */
const knownZones = new Map<string, boolean>();
/**
 * The runtime's canonical zone names: listing them costs about 1.5 ms, while the first
 * Intl.DateTimeFormat with a time zone costs about 20 ms (ICU loads its zone data), and start-up
 * checks every team's and contact's zone. A name not listed (an alias such as `US/Eastern`, other
 * letter case) is checked the slow way, as the runtime accepts those too.
 */
let canonicalZones: ReadonlySet<string> | undefined;

function isTimeZone(name: string): boolean {
  // UTC is always supported (ECMA-402) but not listed by every runtime (Node 20's ICU leaves it out)
  canonicalZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (canonicalZones.has(name)) return true;
  let known = knownZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(name, known);
  }
  return known;
}
