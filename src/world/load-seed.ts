import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { apiKeysSchema, type ApiKey } from '../auth/api-key.js';
import { StartupError } from '../errors/startup-error.js';
import { describeAjvErrors } from '../openapi/ajv.js';
import type { LoadedContract } from '../openapi/load-contract.js';
import type { Agent, Call, DoNotCallEntry, TeamRecord } from './records.js';
import { buildSeed, type Seed } from './seed.js';

/** The fixture files klen-mock reads, by name. */
export const FIXTURE_FILES = ['calls.json', 'agents.json', 'teams.json', 'do-not-call.json', 'keys.json'] as const;
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
export function loadSeed(options: { dir: string; defaultsDir: string; contract: LoadedContract; ajv: Ajv2020 }): LoadedSeed {
  const { dir, defaultsDir, contract, ajv } = options;
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
  const read = <T>(file: FixtureFile, schema: object, label: (r: Record<string, unknown>) => string) =>
    validateRecords<T>(sources[file], readJson(sources[file]), ajv.compile(schema), label);

  const teams = read<TeamRecord>('teams.json', teamSchema, (t) => `id ${String(t.id)}`);
  const teamsById = uniqueBy(sources['teams.json'], teams, 'id', (t) => t.id);
  const agents = read<Agent>('agents.json', schemaOf('Agent'), (a) => `id ${String(a.id)}`);
  const agentsById = uniqueBy(sources['agents.json'], agents, 'id', (a) => a.id);
  uniqueBy(sources['agents.json'], agents, 'assistant_id', (a) => a.assistant_id);
  agents.forEach((agent, i) => {
    const fail = (detail: string) => new StartupError(sources['agents.json'], `record ${i} (id ${agent.id}): ${detail}`);
    if (agent.team_id !== null && !teamsById.has(agent.team_id)) throw fail(`/team_id ${agent.team_id} is not a team of teams.json`);
    if (agent.can_make_calls !== (agent.phone_number !== null)) throw fail('/can_make_calls must be true exactly when the agent has a phone_number (the Get Agents page defines it so)');
  });
  const calls = read<Call>('calls.json', schemaOf('Call'), (c) => `id ${String(c.id)}`);
  checkCalls(sources['calls.json'], calls, teamsById, agentsById);
  const doNotCall = read<DoNotCallEntry>('do-not-call.json', doNotCallSchema, (d) => `phone_number ${String(d.phone_number)}`);
  uniqueBy(sources['do-not-call.json'], doNotCall, 'phone_number', (d) => `${d.team_id}|${d.phone_number}`);
  doNotCall.forEach((entry, i) => {
    if (!teamsById.has(entry.team_id)) throw new StartupError(sources['do-not-call.json'], `record ${i} (phone_number ${entry.phone_number}): /team_id ${entry.team_id} is not a team of teams.json`);
  });

  const keys = read<ApiKey>('keys.json', apiKeysSchema.items, (k) => `key "${String(k.key)}"`);
  uniqueBy(sources['keys.json'], keys, 'key', (k) => k.key);
  keys.forEach((key, i) => {
    if (!teamsById.has(key.team_id)) throw new StartupError(sources['keys.json'], `record ${i} (key "${key.key}"): /team_id ${key.team_id} is not a team of teams.json`);
  });
  return { seed: buildSeed({ calls, agents, teams, doNotCall }), keys, sources };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StartupError(file, `is not valid JSON: ${(error as Error).message}`);
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
 * agent exist and agree with teams.json and agents.json; a contact that appears in several calls
 * is the same contact, of the same team, in each.
 */
function checkCalls(file: string, calls: readonly Call[], teams: ReadonlyMap<number, TeamRecord>, agents: ReadonlyMap<number, Agent>): void {
  const owner = new Map<string, number>();
  const contacts = new Map<number, { json: string; team: number; index: number }>();
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
      const json = JSON.stringify(call.contact);
      const seen = contacts.get(call.contact.id);
      if (seen && (seen.json !== json || seen.team !== call.team.id)) throw fail(`/contact (id ${call.contact.id}) differs from the same contact in record ${seen.index}`);
      if (!seen) contacts.set(call.contact.id, { json, team: call.team.id, index });
    }
  });
}
