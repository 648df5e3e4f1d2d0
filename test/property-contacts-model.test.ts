/**
 * Property-based tests of the Contacts and Context Variables operations, over real HTTP.
 *
 * 1. The request space of all twelve operations: generated ids, queries, bodies (valid-ish,
 *    wrong-typed, not JSON, hostile keys), content types, credentials, sessions and sometimes
 *    control headers. Every answer must be declared by the contract and match its schema, be the
 *    `{error, message}` envelope when an error, never a 5xx nobody asked for; without control
 *    headers an oracle predicts the answer of the checks before the handler (session, key,
 *    permission, body) exactly; `Object.prototype` stays clean.
 * 2. A model-based test (fast-check commands): sequences of Create Contact, PATCH, Set Contact
 *    and Business Context, and create / update / delete of variable definitions, run against a
 *    fresh session and against a model written from the docs' rules; after each command the
 *    answer is the model's, and every contact, the definitions and the business context read
 *    back as the model has them.
 *
 * Replay a failure with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path>; KLEN_FC_RUNS_CONTACTS sets the
 * requests of property 1 (default 800) and a tenth of that, the command sequences of property 2.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiKeyQueryPart, credentialHeaders, credentialParts, EXAMPLE_KEY, headerText, httpTrim, keyValue, SESSION_NAME, sessionName, sometimes, winningKey } from './helpers/arbitraries.js';
import { contractViolations } from './helpers/contract.js';
import { useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ clock: 'manual' });
const RUNS = Number(process.env['KLEN_FC_RUNS_CONTACTS'] ?? 800);
const SEED = process.env['KLEN_FC_SEED'] === undefined ? undefined : Number(process.env['KLEN_FC_SEED']);
const REPLAY_PATH = process.env['KLEN_FC_PATH'];
const FC_OPTIONS = { ...(SEED === undefined ? {} : { seed: SEED }), ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }), interruptAfterTimeLimit: 40_000, markInterruptAsFailure: true };

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
interface KeyFixture {
  key: string;
  team_id: number;
  permissions: string[];
  active: boolean;
  simulate?: string;
}
const KEYS = fixture<KeyFixture[]>('keys.json');
const ALL_KEYS = [EXAMPLE_KEY, ...KEYS.map((k) => k.key).filter((k) => k !== EXAMPLE_KEY)];

// ============================================================================================
// 1. The request space of the twelve operations
// ============================================================================================

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  permission: 'can_read_contacts' | 'can_write_contacts';
  /** The path parameter's name, if any. */
  param?: 'contact_id' | 'variable_id';
  body: boolean;
}
const OPERATIONS: Operation[] = [
  { method: 'GET', template: '/api/v1/contacts', permission: 'can_read_contacts', body: false },
  { method: 'POST', template: '/api/v1/contacts/create', permission: 'can_read_contacts', body: true },
  { method: 'GET', template: '/api/v1/contacts/{contact_id}', permission: 'can_read_contacts', param: 'contact_id', body: false },
  { method: 'PUT', template: '/api/v1/contacts/{contact_id}/update', permission: 'can_read_contacts', param: 'contact_id', body: true },
  { method: 'PATCH', template: '/api/v1/contacts/{contact_id}/update', permission: 'can_read_contacts', param: 'contact_id', body: true },
  { method: 'POST', template: '/api/v1/contacts/{contact_id}/context', permission: 'can_write_contacts', param: 'contact_id', body: true },
  { method: 'POST', template: '/api/v1/business/context', permission: 'can_write_contacts', body: true },
  { method: 'GET', template: '/api/v1/context-variables', permission: 'can_read_contacts', body: false },
  { method: 'POST', template: '/api/v1/context-variables/create', permission: 'can_write_contacts', body: true },
  { method: 'PUT', template: '/api/v1/context-variables/{variable_id}/update', permission: 'can_write_contacts', param: 'variable_id', body: true },
  { method: 'PATCH', template: '/api/v1/context-variables/{variable_id}/update', permission: 'can_write_contacts', param: 'variable_id', body: true },
  { method: 'DELETE', template: '/api/v1/context-variables/{variable_id}/delete', permission: 'can_write_contacts', param: 'variable_id', body: false },
];

const pathId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('789', '124', '800', '456', '941', '802', '1', '2', '3', '4', '6', '9', '999999') },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', 'abc', '2147483648', '1e3', '%31', '%zz', '__proto__', 'constructor', '0x10', ' 7') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent) },
);

const queryValue = fc.oneof(fc.constantFrom('qualified_lead', 'lead', 'contacted', 'not_contacted', 'VIP', 'vip', 'doe', 'contact', 'business', '1', '25', '100', '101', '0', ''), headerText(12));
const queryPart = fc.array(fc.tuple(fc.constantFrom('stage', 'status', 'tag', 'search', 'page', 'limit', 'context_type', '__proto__', 'junk'), queryValue), { maxLength: 3 });

/** JSON values with the keys an attacker tries, and the fields of these operations. */
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const fieldName = fc.constantFrom('first_name', 'last_name', 'email', 'tags', 'phone_numbers', 'custom_context', 'industry_context', 'team_id', 'stage', 'status', 'country', 'name', 'display_name', 'variable_type', 'context_type', 'select_options', 'variables', 'auto_create_variables', ...hostileKeys);
const fieldValue = fc.oneof(
  fc.constantFrom<unknown>('Ada', '', '  ', 'Gold', 'select', 'text', 'contact', 'business', 'membership_level', ['Bronze', 'Gold'], [], null, true, 0, 101, 202, 999, '+15550100200', [{ phone_number: '+15550100200' }], [{ phone_number: '+1555', primary: 'yes' }]),
  fc.dictionary(fc.constantFrom('membership_level', 'last_payment_date', 'is_new', 'Bad Name', ...hostileKeys), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom<unknown>('Gold', '2024-02-30', '42', 'yes')), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const objectText = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 6 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);
const bodyText = fc.oneof(
  { weight: 8, arbitrary: objectText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"first_name":', "{'a':1}", 'null', '[]', '{"variables":{"a":' + '['.repeat(70) + '1' + ']'.repeat(70) + '}}', '\ufeff{}') },
);
const contentType = fc.oneof({ weight: 10, arbitrary: fc.constant<string | undefined>('application/json') }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded') });

const CONTROL_CODES = ['server_error', 'not_found', 'invalid_key', 'permission_denied', 'rate_limit_exceeded', 'missing_first_name', 'team_access_denied', 'team_not_found', 'undefined_variable', 'invalid_value', 'duplicate_variable', 'delete_not_allowed', 'update_not_allowed', 'missing_parameter', 'teapot'];
const controls = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL_CODES).map((code) => ({ 'X-Mock-Error': code })) },
  { weight: 1, arbitrary: fc.constantFrom('code=400', 'code=403', 'code=404', 'code=500', 'code=418').map((prefer) => ({ Prefer: prefer })) },
);

/** A body the operation accepts, then 0 to 2 generated fields after it (which may spoil it): so the handlers' answers come up too. */
const BASE_BODIES: Record<string, Array<[string, unknown]>> = {
  '/api/v1/contacts/create': [['first_name', 'Ada']],
  '/api/v1/contacts/{contact_id}/update': [['first_name', 'Ada']],
  '/api/v1/contacts/{contact_id}/context': [['variables', { membership_level: 'Gold' }]],
  '/api/v1/business/context': [['variables', { support_hours: '9-5' }]],
  '/api/v1/context-variables/create': [['name', 'prop_var'], ['display_name', 'Prop'], ['variable_type', 'text'], ['context_type', 'contact']],
  '/api/v1/context-variables/{variable_id}/update': [['display_name', 'Prop']],
};
const operationAndBody = fc.constantFrom(...OPERATIONS).chain((operation) =>
  fc.record({
    operation: fc.constant(operation),
    body: fc.oneof(
      { weight: 2, arbitrary: bodyText },
      {
        weight: 1,
        arbitrary: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 2 }).map((extra) => {
          const entries = [...(BASE_BODIES[operation.template] ?? []), ...extra];
          return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
        }),
      },
    ),
  }),
);

const anyRequest = fc.record({
  operationAndBody,
  id: pathId,
  query: queryPart,
  contentType,
  credentials: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(EXAMPLE_KEY, 'klen_test_read_only', 'klen_test_other_team').map((k) => ({ authorization: `Bearer ${k}`, apiKeyHeader: undefined, apiKeyQuery: undefined })) }, { weight: 1, arbitrary: fc.record(credentialParts(keyValue(ALL_KEYS))) }),
  session: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('prop-space-a', 'prop-space-b') }, { weight: 1, arbitrary: sessionName }),
  controls,
}).map(({ operationAndBody: { operation, body }, ...rest }) => ({ operation, body, ...rest }));

function keyVerdict(key: string | undefined, permission: string): { status: number; error: string } | undefined {
  if (key === undefined) return { status: 401, error: 'authentication_required' };
  const record = KEYS.find((k) => k.key === key && k.active);
  if (!record) return { status: 401, error: 'invalid_key' };
  if (record.simulate === 'server_error') return { status: 500, error: 'server_error' };
  if (record.simulate === 'rate_limit_exceeded') return { status: 429, error: 'rate_limit_exceeded' };
  if (!record.permissions.includes(permission)) return { status: 403, error: 'permission_denied' };
  return undefined;
}

/** Is `text` JSON the sandbox parses (an empty or whitespace-only body is not)? */
function parses(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function expectClean(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe('the request space of the contacts and context variables operations', () => {
  it(`answers ${RUNS} generated requests within the contract, and as the documented order of checks says`, { timeout: 90_000 }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        const { operation } = r;
        const path = operation.param ? operation.template.replace(`{${operation.param}}`, r.id) : operation.template;
        const queryParts = r.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
        const keyPart = apiKeyQueryPart(r.credentials);
        if (keyPart) queryParts.push(keyPart);
        const url = `${sandbox.url}${path}${queryParts.length > 0 ? `?${queryParts.join('&')}` : ''}`;
        const headers: Record<string, string> = { ...credentialHeaders(r.credentials), ...r.controls, 'X-Mock-Session': r.session };
        if (operation.body && r.contentType !== undefined) headers['Content-Type'] = r.contentType;
        // bytes, not a string: fetch would add 'Content-Type: text/plain' to a string body sent without one
        const response = await fetch(url, { method: operation.method, headers, ...(operation.body ? { body: Buffer.from(r.body) } : {}), signal: AbortSignal.timeout(5000) });
        const text = await response.text();
        const body = JSON.parse(text) as Record<string, unknown>;
        const key = winningKey(r.credentials);
        const askedFor5xx = /server_error|code=5/.test(JSON.stringify(r.controls)) || key === 'klen_test_server_error';
        seen.set(`${operation.method} ${operation.template} ${response.status}`, (seen.get(`${operation.method} ${operation.template} ${response.status}`) ?? 0) + 1);

        // within the contract (404 and 405 outside any operation are the plain envelope)
        const template = response.status === 404 && body['message'] !== undefined && String(body['message']).startsWith('Requested resource not found') ? null : operation.template;
        expect(contractViolations(template, operation.method.toLowerCase(), response.status, response.headers.get('content-type'), body, response.headers)).toEqual([]);
        if (response.status >= 400) expect(Object.keys(body).sort()).toEqual(['error', 'message']);
        if (response.status >= 500) expect(askedFor5xx, `an unrequested ${response.status}: ${text}`).toBe(true);
        expectClean();

        // the checks before the handler, when no control header speaks
        if (Object.keys(r.controls).length === 0 && template !== null) {
          const verdict = !SESSION_NAME.test(httpTrim(r.session))
            ? { status: 400, error: 'validation_error' }
            : (keyVerdict(key, operation.permission) ??
              (operation.body && r.contentType !== undefined && !/^application\/(json|[a-z0-9.+-]*\+json)\b/i.test(r.contentType)
                ? { status: 415, error: 'unsupported_media_type' }
                : operation.body && !parses(r.body)
                  ? { status: 400, error: r.body.includes('['.repeat(70)) ? 'validation_error' : 'invalid_json' }
                  : undefined));
          if (verdict) expect({ status: response.status, error: body['error'] }).toEqual(verdict);
          // past those checks, only the handler's own answers
          else expect(['authentication_required', 'invalid_key', 'permission_denied', 'rate_limit_exceeded', 'server_error', 'payload_too_large', 'unsupported_media_type', 'invalid_json']).not.toContain(body['error']);
        }
      }),
      { numRuns: RUNS, ...FC_OPTIONS },
    );
    // the answers a UI must handle came up
    if (RUNS >= 800) {
      for (const expected of ['POST /api/v1/contacts/create 201', 'PATCH /api/v1/contacts/{contact_id}/update 200', 'GET /api/v1/contacts/{contact_id} 404', 'DELETE /api/v1/context-variables/{variable_id}/delete 403', 'POST /api/v1/contacts/{contact_id}/context 400']) {
        expect(seen.get(expected) ?? 0, expected).toBeGreaterThan(0);
      }
    }
  });
});

// ============================================================================================
// 2. A model of the docs' rules, against sequences of writes
// ============================================================================================

type VariableType = 'text' | 'number' | 'date' | 'boolean' | 'select';
interface ModelVariable {
  id: number;
  name: string;
  display_name: string;
  description: string | null;
  variable_type: VariableType;
  context_type: 'contact' | 'business';
  is_default: boolean;
  select_options: string[] | null;
}
interface ModelPhone {
  id: number;
  phone_number: string;
  primary: boolean;
  do_not_call: boolean;
}
interface ModelContact {
  id: number;
  first_name: string;
  last_name: string | null;
  stage: string;
  tags: string[];
  phones: ModelPhone[];
  custom_context: Record<string, unknown>;
}
interface Model {
  session: string;
  contacts: Map<number, ModelContact>;
  variables: Map<number, ModelVariable>;
  business: Record<string, unknown>;
  nextVariableId: number;
}

const TEAM = 101;
const SEED_VARIABLES = fixture<Array<ModelVariable & { team_id: number | null }>>('context-variables.json').filter((v) => v.team_id === null || v.team_id === TEAM);
const SEED_CONTACTS = fixture<Array<Record<string, any>>>('contacts.json').filter((c) => [789, 124, 800].includes(c.id));
const SEED_BUSINESS = fixture<Array<{ id: number; business_context: Record<string, unknown> }>>('teams.json').find((t) => t.id === TEAM)?.business_context ?? {};

function initialModel(session: string): Model {
  const contacts = new Map<number, ModelContact>();
  for (const c of SEED_CONTACTS) {
    contacts.set(c.id, { id: c.id, first_name: c.first_name, last_name: c.last_name, stage: c.stage, tags: c.tags, phones: c.phone_numbers.map((p: any) => ({ id: p.id, phone_number: p.phone_number, primary: p.primary, do_not_call: p.do_not_call })), custom_context: c.custom_context });
  }
  const variables = new Map(SEED_VARIABLES.map(({ team_id: _team, ...v }) => [v.id, v]));
  const maxId = Math.max(...fixture<Array<{ id: number }>>('context-variables.json').map((v) => v.id));
  return { session, contacts, variables, business: { ...SEED_BUSINESS }, nextVariableId: maxId + 1 };
}

/** The Data Type Validation table of the Set Context pages: the stored value, or undefined when it does not fit. */
function fit(variable: Pick<ModelVariable, 'variable_type' | 'select_options'>, value: unknown): { value: unknown } | undefined {
  switch (variable.variable_type) {
    case 'text':
      return typeof value === 'string' ? { value } : undefined;
    case 'number':
      if (typeof value === 'number') return { value };
      return typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? { value: Number(value) } : undefined;
    case 'date': {
      if (typeof value !== 'string') return undefined;
      const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
      if (!m) return undefined;
      const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
      return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() + 1 === Number(m[2]) ? { value } : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && ['true', 'yes', '1'].includes(value.toLowerCase())) return { value: true };
      if (typeof value === 'string' && ['false', 'no', '0'].includes(value.toLowerCase())) return { value: false };
      return undefined;
    case 'select':
      return typeof value === 'string' && (variable.select_options ?? []).includes(value) ? { value } : undefined;
  }
}

function inferred(value: unknown): VariableType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return fit({ variable_type: 'date', select_options: null }, value) ? 'date' : 'text';
  return undefined;
}

const titleCase = (name: string) => name.split('_').filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');

/** Set Context in the model: the documented outcome, and the new values when it succeeds. */
function modelSetContext(model: Model, contextType: 'contact' | 'business', current: Record<string, unknown>, updates: Array<[string, unknown]>, auto: boolean): { error: string } | { values: Record<string, unknown>; created: ModelVariable[] } {
  const values = new Map(Object.entries(current));
  const created: ModelVariable[] = [];
  let nextId = model.nextVariableId;
  for (const [name, value] of updates) {
    if (value === null) {
      values.delete(name);
      continue;
    }
    const defined = [...model.variables.values(), ...created].find((v) => v.name === name && v.context_type === contextType);
    if (defined) {
      const stored = fit(defined, value);
      if (!stored) return { error: 'invalid_value' };
      values.set(name, stored.value);
      continue;
    }
    if (!auto) return { error: 'undefined_variable' };
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(name)) return { error: 'validation_error' };
    const type = inferred(value);
    if (!type) return { error: 'invalid_value' };
    created.push({ id: nextId++, name, display_name: titleCase(name), description: null, variable_type: type, context_type: contextType, is_default: false, select_options: null });
    values.set(name, value);
  }
  return { values: Object.fromEntries(values), created };
}

async function call(model: Model, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-Mock-Session': model.session };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.json() };
}

type Real = Record<string, never>;
type Command = fc.AsyncCommand<Model, Real>;

const PHONES = ['+15550170001', '+15550170002', '+15550170003', '+15551234567'];
const CONTEXT_NAMES = ['membership_level', 'last_payment_date', 'preferred_language', 'best_time_to_call', 'support_hours', 'visits', 'vip', 'renewal', 'Bad Name'];
const CONTEXT_VALUES = fc.constantFrom<unknown>('Gold', 'Diamond', 'English', '2024-01-31', '2024-02-30', '2024-03-01T10:00:00Z', 42, '42', 'x42', true, 'yes', 'maybe', null, { a: 1 }, ['Gold'], 'mornings');
/** Values that fit each name (its seeded or auto-created type), so that most updates get through and change the world. */
const FITTING: Record<string, unknown[]> = {
  membership_level: ['Gold', 'Bronze'],
  last_payment_date: ['2024-01-31', '2024-03-01T10:00:00Z'],
  preferred_language: ['English', 'Polish'],
  best_time_to_call: ['mornings', 'after 6pm'],
  support_hours: ['9-5', 'Mon-Sat'],
  visits: [42, '7'],
  vip: [true, 'no'],
  renewal: ['2025-06-01'],
};
/** Names the seeded contacts hold come up most, so that updates and removals meet existing values. */
const contextUpdate = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('membership_level', 'preferred_language') }, { weight: 5, arbitrary: fc.constantFrom(...CONTEXT_NAMES) }).chain((name) =>
  fc.tuple(fc.constant(name), fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(FITTING[name] ?? ['x'])) }, { weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: CONTEXT_VALUES })),
);

class CreateContact implements Command {
  constructor(readonly spec: { first: string; tags: string[]; phones: Array<{ n: number; primary?: boolean; dnc?: boolean }>; level: string | undefined }) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const { first, tags, phones, level } = this.spec;
    const body = { first_name: first, tags, phone_numbers: phones.map((p) => ({ phone_number: PHONES[p.n], ...(p.primary === undefined ? {} : { primary: p.primary }), ...(p.dnc === undefined ? {} : { do_not_call: p.dnc }) })), ...(level === undefined ? {} : { custom_context: { membership_level: level, source: 'prop' } }) };
    const res = await call(model, 'POST', '/api/v1/contacts/create', body);
    const numbers = body.phone_numbers.map((p) => p.phone_number);
    const levelVariable = [...model.variables.values()].find((v) => v.name === 'membership_level' && v.context_type === 'contact');
    const expected =
      first.trim() === '' ? 'missing_first_name'
      : new Set(numbers).size < numbers.length || phones.filter((p) => p.primary === true).length > 1 ? 'validation_error'
      : level !== undefined && levelVariable && !fit(levelVariable, level) ? 'validation_error'
      : undefined;
    if (expected) return void expect([res.status, res.body.error]).toEqual([400, expected]);
    expect(res.status).toBe(201);
    const primaryAt = Math.max(0, phones.findIndex((p) => p.primary === true));
    expect(res.body).toMatchObject({ first_name: first, tags: [...new Set(tags)] });
    expect(res.body.phone_numbers.map((p: any) => [p.phone_number, p.primary, p.do_not_call])).toEqual(phones.map((p, i) => [PHONES[p.n], i === primaryAt, p.dnc === true]));
    const contact: ModelContact = { id: res.body.id, first_name: first, last_name: null, stage: 'lead', tags: [...new Set(tags)], phones: res.body.phone_numbers.map((p: any) => ({ id: p.id, phone_number: p.phone_number, primary: p.primary, do_not_call: p.do_not_call })), custom_context: level === undefined ? {} : { membership_level: level, source: 'prop' } };
    model.contacts.set(contact.id, contact);
  }
  toString = () => `CreateContact(${JSON.stringify(this.spec)})`;
}

class PatchContact implements Command {
  constructor(readonly spec: { pick: number; stage?: string; tags?: string[]; lastName?: string | null; addPhone?: number; toggleDnc?: number }) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const ids = [...model.contacts.keys()];
    const id = this.spec.pick < ids.length ? (ids[this.spec.pick] as number) : this.spec.pick === 100 ? 802 : 999_999;
    const contact = model.contacts.get(id);
    const body: Record<string, unknown> = {};
    if (this.spec.stage !== undefined) body['stage'] = this.spec.stage;
    if (this.spec.tags !== undefined) body['tags'] = this.spec.tags;
    if (this.spec.lastName !== undefined) body['last_name'] = this.spec.lastName;
    const entries: Array<Record<string, unknown>> = [];
    const toggled = contact && this.spec.toggleDnc !== undefined ? contact.phones[this.spec.toggleDnc % Math.max(1, contact.phones.length)] : undefined;
    if (toggled) entries.push({ id: toggled.id, phone_number: toggled.phone_number, do_not_call: !toggled.do_not_call });
    if (this.spec.addPhone !== undefined) entries.push({ phone_number: PHONES[this.spec.addPhone] });
    if (entries.length > 0) body['phone_numbers'] = entries;
    const res = await call(model, 'PATCH', `/api/v1/contacts/${id}/update`, body);
    if (!contact) return void expect([res.status, res.body.error]).toEqual([404, 'not_found']);
    const added = this.spec.addPhone === undefined ? undefined : PHONES[this.spec.addPhone];
    if (added !== undefined && contact.phones.some((p) => p.phone_number === added)) return void expect([res.status, res.body.error]).toEqual([400, 'validation_error']);
    expect(res.status).toBe(200);
    if (this.spec.stage !== undefined) contact.stage = this.spec.stage;
    if (this.spec.tags !== undefined) contact.tags = [...new Set(this.spec.tags)];
    if (this.spec.lastName !== undefined) contact.last_name = this.spec.lastName;
    if (toggled) toggled.do_not_call = !toggled.do_not_call;
    if (added !== undefined) {
      const phone = res.body.phone_numbers.at(-1);
      expect(phone).toMatchObject({ phone_number: added, do_not_call: false });
      contact.phones.push({ id: phone.id, phone_number: added, primary: contact.phones.length === 0, do_not_call: false });
    }
  }
  toString = () => `PatchContact(${JSON.stringify(this.spec)})`;
}

class SetContext implements Command {
  constructor(readonly spec: { target: 'business' | number; updates: Array<[string, unknown]>; auto: boolean }) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const ids = [...model.contacts.keys()];
    const contactId = this.spec.target === 'business' ? undefined : (ids[this.spec.target % ids.length] as number);
    const contact = contactId === undefined ? undefined : model.contacts.get(contactId);
    // names are unique in a JSON object: the last value of a name is the one sent
    const updates = [...new Map(this.spec.updates).entries()];
    const body = { variables: Object.fromEntries(updates), auto_create_variables: this.spec.auto };
    const res = await call(model, 'POST', contact ? `/api/v1/contacts/${contact.id}/context` : '/api/v1/business/context', body);
    const outcome = modelSetContext(model, contact ? 'contact' : 'business', contact ? contact.custom_context : model.business, updates, this.spec.auto);
    if ('error' in outcome) return void expect([res.status, res.body.error]).toEqual([400, outcome.error]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const variable of outcome.created) model.variables.set(variable.id, variable);
    model.nextVariableId += outcome.created.length;
    if (contact) contact.custom_context = outcome.values;
    else model.business = outcome.values;
  }
  toString = () => `SetContext(${JSON.stringify(this.spec)})`;
}

class CreateVariable implements Command {
  constructor(readonly spec: { name: string; type: VariableType; context: 'contact' | 'business'; options: string[] | undefined }) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const { name, type, context, options } = this.spec;
    const res = await call(model, 'POST', '/api/v1/context-variables/create', { name, display_name: titleCase(name) || 'X', variable_type: type, context_type: context, ...(options === undefined ? {} : { select_options: options }) });
    const expected =
      !/^[a-z][a-z0-9_]{0,63}$/.test(name) ? 'validation_error'
      : type === 'select' && options === undefined ? 'missing_parameter'
      : type !== 'select' && options !== undefined ? 'validation_error'
      : [...model.variables.values()].some((v) => v.name === name && v.context_type === context) ? 'duplicate_variable'
      : undefined;
    if (expected) return void expect([res.status, res.body.error]).toEqual([400, expected]);
    expect(res.body).toEqual({ id: model.nextVariableId, name, display_name: titleCase(name), message: 'Variable definition created successfully' });
    model.variables.set(model.nextVariableId, { id: model.nextVariableId, name, display_name: titleCase(name), description: null, variable_type: type, context_type: context, is_default: false, select_options: options ?? null });
    model.nextVariableId += 1;
  }
  toString = () => `CreateVariable(${JSON.stringify(this.spec)})`;
}

class UpdateOrDeleteVariable implements Command {
  constructor(readonly spec: { id: number; action: 'delete' | 'rename' | 'retype' | 'display' }) {}
  check = () => true;
  async run(model: Model): Promise<void> {
    const variable = model.variables.get(this.spec.id);
    const action = this.spec.action;
    const res =
      action === 'delete'
        ? await call(model, 'DELETE', `/api/v1/context-variables/${this.spec.id}/delete`)
        : await call(model, 'PATCH', `/api/v1/context-variables/${this.spec.id}/update`, action === 'rename' ? { name: 'renamed' } : action === 'retype' ? { variable_type: 'text' } : { display_name: 'Shown As' });
    if (!variable) return void expect([res.status, res.body.error]).toEqual([404, 'not_found']);
    if (variable.is_default) return void expect([res.status, res.body.error]).toEqual([403, action === 'delete' ? 'delete_not_allowed' : 'update_not_allowed']);
    if (action === 'rename' && variable.name !== 'renamed') return void expect([res.status, res.body.error]).toEqual([400, 'validation_error']);
    expect(res.status).toBe(200);
    if (action === 'delete') model.variables.delete(variable.id);
    if (action === 'retype') Object.assign(variable, { variable_type: 'text', select_options: null });
    if (action === 'display') variable.display_name = 'Shown As';
  }
  toString = () => `UpdateOrDeleteVariable(${JSON.stringify(this.spec)})`;
}

/** Everything the model holds reads back as it has it. */
class ReadBack implements Command {
  check = () => true;
  async run(model: Model): Promise<void> {
    const listed = await call(model, 'GET', '/api/v1/context-variables');
    expect(listed.body.variables).toEqual([...model.variables.values()].sort((a, b) => a.id - b.id));
    for (const contact of model.contacts.values()) {
      const { body } = await call(model, 'GET', `/api/v1/contacts/${contact.id}`);
      expect({ first_name: body.first_name, last_name: body.last_name, stage: body.stage, tags: body.tags, custom_context: body.custom_context }).toEqual({
        first_name: contact.first_name,
        last_name: contact.last_name,
        stage: contact.stage,
        tags: contact.tags,
        custom_context: contact.custom_context,
      });
      expect(body.phone_numbers.map((p: any) => [p.id, p.phone_number, p.do_not_call])).toEqual(contact.phones.map((p) => [p.id, p.phone_number, p.do_not_call]));
      expect(body.phone_numbers.filter((p: any) => p.primary)).toHaveLength(body.phone_numbers.length > 0 ? 1 : 0);
    }
    const business = (await (await fetch(`${sandbox.url}/__mock/sessions/${model.session}/business-context`)).json()) as { teams: Array<{ team_id: number; business_context: unknown }> };
    expect(business.teams.find((t) => t.team_id === TEAM)?.business_context).toEqual(model.business);
    expectClean();
  }
  toString = () => 'ReadBack';
}

const commands = [
  fc
    .record({
      first: fc.constantFrom('Ada', 'Émile', '亮太', '', '   '),
      tags: fc.array(fc.constantFrom('VIP', 'Lead', 'vip'), { maxLength: 3 }),
      phones: fc.array(fc.record({ n: fc.integer({ min: 0, max: 3 }), primary: fc.option(fc.boolean(), { nil: undefined }), dnc: sometimes(fc.boolean()) }, { requiredKeys: ['n'] }), { maxLength: 3 }),
      level: sometimes(fc.constantFrom('Gold', 'Diamond', 'Bronze')),
    })
    .map((spec) => new CreateContact(spec as ConstructorParameters<typeof CreateContact>[0])),
  fc
    .record({ pick: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(100, 101)), stage: sometimes(fc.constantFrom('customer', 'prospect')), tags: sometimes(fc.array(fc.constantFrom('A', 'B', 'A'), { maxLength: 3 })), lastName: sometimes(fc.constantFrom<string | null>('Smith', null)), addPhone: sometimes(fc.integer({ min: 0, max: 3 })), toggleDnc: sometimes(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: ['pick'] })
    .map((spec) => new PatchContact(spec as ConstructorParameters<typeof PatchContact>[0])),
  fc
    .record({ target: fc.oneof({ weight: 1, arbitrary: fc.constant<'business'>('business') }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }) }), updates: fc.array(contextUpdate, { minLength: 1, maxLength: 3 }), auto: fc.boolean() })
    .map((spec) => new SetContext(spec)),
  fc
    .record({ name: fc.constantFrom('membership_level', 'support_hours', 'visits', 'tier', 'Bad Name', 'x'.repeat(65)), type: fc.constantFrom<VariableType>('text', 'number', 'date', 'boolean', 'select'), context: fc.constantFrom<'contact' | 'business'>('contact', 'business'), options: sometimes(fc.constant(['Gold', 'Silver'])) })
    .map((spec) => new CreateVariable(spec as ConstructorParameters<typeof CreateVariable>[0])),
  fc.record({ id: fc.constantFrom(1, 2, 3, 4, 6, 9, 10, 11, 12, 999), action: fc.constantFrom<'delete' | 'rename' | 'retype' | 'display'>('delete', 'rename', 'retype', 'display') }).map((spec) => new UpdateOrDeleteVariable(spec)),
  fc.constant(new ReadBack()),
];

describe('contacts and context variables against a model of the docs’ rules', () => {
  it(`runs ${Math.max(10, Math.round(RUNS / 10))} sequences of writes, each answer and every read-back as the model says`, { timeout: 120_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: '+1' }), async (sequence) => {
        const session = `prop-model-${Date.now()}-${run++}`;
        const model = initialModel(session);
        await fc.asyncModelRun(() => ({ model, real: {} }), [...sequence, new ReadBack()]);
        await fetch(`${sandbox.url}/__mock/sessions/${session}`, { method: 'DELETE' });
      }),
      { numRuns: Math.max(10, Math.round(RUNS / 10)), ...FC_OPTIONS },
    );
  });
});
