/**
 * Property-based tests of GET /api/v1/calls (getCalls), POST /api/v1/calls (initiateCall) and
 * GET /api/v1/agents (getAgents), over real HTTP. fast-check generates query strings, bodies,
 * content types, credentials (three methods × valid, invalid, empty, oversized, malformed),
 * `X-Mock-Session` names and, now and then, sandbox control headers. Every answer must be one
 * the contract declares, in the envelope when it is an error, never a 5xx nobody asked for;
 * without control headers an oracle built from the fixtures and the documented order of checks
 * predicts the status and the code exactly.
 *
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path> (and
 * `-t` to pick the property). KLEN_FC_RUNS_OPS=<n> sets the requests per property (default
 * 1000). The server bugs these properties found are plain tests at the end of this file.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiKeyQueryPart,
  credentialHeaders,
  credentialParts,
  EXAMPLE_KEY,
  headerText,
  httpTrim,
  keyValue,
  SESSION_NAME,
  sessionName,
  sometimes,
  winningKey,
  type Credentials,
} from './helpers/arbitraries.js';
import { contractViolations, DOCUMENTED_EXAMPLE } from './helpers/contract.js';
import {
  askedForServerError,
  Big,
  controlHeaders,
  controlsArbitrary,
  Deep,
  depthArb,
  expectPrototypesClean,
  expectWithinContract,
  hasControls,
  hostile,
  integerVerdict,
  isJsonMediaType,
  keyVerdict as keyVerdictOf,
  RawNumber,
  sendJson,
  singleCredential,
  textDepth,
  wrongType,
  type IntegerVerdict,
  type KeyFixture,
  type Sent,
} from './helpers/property-http.js';
import { CALL_PATH, useSandbox } from './helpers/sandbox.js';
import { fcOptions } from './helpers/fc-options.js';

const sandbox = useSandbox();
const RUNS = Number(process.env['KLEN_FC_RUNS_OPS'] ?? 1000);
/** Below this many runs the rarer answers may not come up, so their reachability is not asserted. */
const COVERAGE_RUNS = 1000;
const FC_OPTIONS = fcOptions(RUNS, 40_000);

const LIST = '/api/v1/calls';
const AGENTS_PATH = '/api/v1/agents';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const E164 = /^\+[1-9][0-9]{1,14}$/;

// ---- the fixtures the sandbox serves (useSandbox() runs on the shipped ones): the oracle's data

interface AgentFixture {
  id: number;
  assistant_id: string;
  phone_number: string | null;
  team_id: number | null;
}
interface CallFixture {
  id: number;
  call_id: string;
  status: string;
  type: string;
  agent: { id: number };
  team: { id: number };
  contact: { id: number } | null;
}
interface TeamFixture {
  id: number;
  wallet_balance: number;
  rate_per_minute: number;
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const AGENTS = fixture<AgentFixture[]>('agents.json');
const CALLS = fixture<CallFixture[]>('calls.json');
const KEYS = fixture<KeyFixture[]>('keys.json');
const TEAMS = fixture<TeamFixture[]>('teams.json');
interface ContactFixture {
  id: number;
  team: { id: number };
  phone_numbers: Array<{ phone_number: string; do_not_call: boolean }>;
}
const CONTACTS = fixture<ContactFixture[]>('contacts.json');
/** A team's Do Not Call list: do-not-call.json, and the numbers of its contacts marked do_not_call. */
const DO_NOT_CALL = new Set([
  ...fixture<Array<{ team_id: number; phone_number: string }>>('do-not-call.json').map((e) => `${e.team_id}|${e.phone_number}`),
  ...CONTACTS.flatMap((c) => c.phone_numbers.filter((p) => p.do_not_call).map((p) => `${c.team.id}|${p.phone_number}`)),
]);
const CONTACT_TEAM = new Map(CONTACTS.map((c) => [c.id, c.team.id] as const));
const ALL_KEYS = [EXAMPLE_KEY, ...KEYS.map((k) => k.key).filter((k) => k !== EXAMPLE_KEY)];
/** Active keys with every permission and no simulated error: one per team. */
const TEAM_KEYS = { 101: EXAMPLE_KEY, 202: 'klen_test_other_team', 303: 'klen_test_no_balance' } as const;

// ---- the oracle

type Verdict = { status: number; error: string | readonly string[] };

/** What the documented order of checks gives a key: a refusal, or the team (fixtures/keys.json). */
const keyVerdict = (key: string | undefined, permission: string): Verdict | { team: number } => keyVerdictOf(KEYS, key, permission);

/** `X-Mock-Session` as the server receives it (the client strips spaces at either end): absent, or a valid name. */
const sessionIsValid = (session: string | undefined) => session === undefined || SESSION_NAME.test(httpTrim(session));

/** The agent an id names within a team: its database id (`456` or `"456"`) or its assistant_id, exactly. */
function agentOf(id: unknown, team: number): AgentFixture | undefined {
  return AGENTS.find((a) => a.team_id === team && (id === a.id || id === String(a.id) || id === a.assistant_id));
}

/** The seeded calls of a team matching the filters, newest (highest id) first. */
function seededCalls(team: number, filter: { agent?: string; status?: string; type?: string }): CallFixture[] {
  const agent = filter.agent === undefined ? undefined : agentOf(filter.agent, team);
  if (filter.agent !== undefined && !agent) return [];
  return CALLS.filter(
    (c) => c.team.id === team && (agent === undefined || c.agent.id === agent.id) && (filter.status === undefined || c.status === filter.status) && (filter.type === undefined || c.type === filter.type),
  ).sort((a, b) => b.id - a.id);
}

/** A JSON integer in JSON Schema's sense: no fractional part (1e999, which JSON.parse reads as Infinity, is one). */
const isJsonInteger = (n: unknown): n is number => typeof n === 'number' && !Number.isNaN(n) && (Number.isInteger(n) || !Number.isFinite(n));

// ---- sandbox control headers, now and then (the oracle stands aside when a request sends any)

const CONTROL_CODES = [
  'authentication_required', 'invalid_key', 'permission_denied', 'rate_limit_exceeded', 'server_error', 'validation_error', 'not_found',
  'missing_phone_number', 'missing_agent_id', 'invalid_phone_number', 'invalid_json', 'agent_not_found', 'no_phone_number', 'do_not_call',
  'insufficient_funds', 'payload_too_large', 'unsupported_media_type',
];
const controls = controlsArbitrary(CONTROL_CODES, 14);

// ---- credentials and sessions

/** A valid key of each team most of the time, any key sometimes. */
const teamKey = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...Object.values(TEAM_KEYS)) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_KEYS) });

/** Mostly one key sent one way; else the full space of property.test.ts (none, several, garbage). */
const credentials = (weightSingle: number): fc.Arbitrary<Credentials> =>
  fc.oneof({ weight: weightSingle, arbitrary: singleCredential(teamKey) }, { weight: 2, arbitrary: fc.record(credentialParts(keyValue(ALL_KEYS))) });

/** Session names, valid and not (with a no-break space at either end among them: a bug these properties found). */
const session = fc.oneof({ weight: 20, arbitrary: sessionName }, { weight: 1, arbitrary: fc.constantFrom('x\u00a0', '\u00a0ci-job-4711') });

/** Query fragments no operation declares: ignored, so they change nothing. */
const junkFragment: fc.Arbitrary<string> = fc.constantFrom('', '&', '%zz', '=', '=x', '__proto__=1', 'constructor=x', 'toString=1', 'a[b]=c', 'agent_id%5B%5D=1', 'Page=0', 'LIMIT=1000', 'limit%20=5', 'status%00=x', 'cb=1700000000');

/** One request to the sandbox; a hang is a failure with a counterexample (the 5 s timeout). */
const send = (path: string, init: RequestInit = {}) => sendJson(sandbox.url, path, init);

function expectVerdict(res: Sent, verdict: Verdict): void {
  const errors = typeof verdict.error === 'string' ? [verdict.error] : verdict.error;
  expect({ status: res.status, error: errors.includes(res.body?.error) ? errors[0] : res.body?.error }).toEqual({ status: verdict.status, error: errors[0] });
}

const tally = (seen: Map<string, number>, key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
const sortedTally = (seen: Map<string, number>) => JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b))));

// ============================================================================================
// GET /api/v1/calls
// ============================================================================================

const PARAMS = ['agent_id', 'status', 'type', 'page', 'limit'] as const;
type ParamName = (typeof PARAMS)[number];

/** Absent, sent once, or repeated (`limit=1&limit=2`). */
const param = (value: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: value.map((v) => [v]) },
    { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]) => [a, b]) },
  );

const agentIdValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...AGENTS.map((a) => String(a.id)), '999', '1') },
  { weight: 3, arbitrary: fc.constantFrom(...AGENTS.map((a) => a.assistant_id), 'assistant_nope') },
  { weight: 1, arbitrary: fc.constantFrom('', ' 456', '456 ', '0456', '+456', '456.0', '4.56e2', '__proto__', 'constructor', 'toString', 'null', '%', '&', '=', '#', '+') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 3000 }) },
);

const enumValue = (values: readonly string[], garbage: readonly string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...garbage) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 15 }) });

const statusValue = enumValue(['completed', 'failed', 'in-progress', 'queued'], ['', 'COMPLETED', 'Completed', 'done', 'in_progress', 'inprogress', 'queued ', ' failed', 'null', '__proto__']);
const typeValue = enumValue(['inbound', 'outbound'], ['', 'Inbound', 'OUTBOUND', 'both', 'in', 'outbound,inbound', 'null']);

/**
 * An integer query parameter: in range, out of range (0, negative, past the maximum), huge (up
 * to 400 digits), non-numeric, and the forms a lenient number parser takes (`0x2`, ` 2`, `1e1`).
 * A page so large it overflows to Infinity was a server bug (now a case at the end of this file).
 */
const integerValue = (typicalMax: number) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: typicalMax }).map(String) },
      { weight: 1, arbitrary: fc.integer({ min: typicalMax + 1, max: 1_000_000 }).map(String) },
      { weight: 1, arbitrary: fc.integer({ min: -1000, max: 0 }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom('101', '1000', '9007199254740993', '99999999999999999999', '1'.repeat(308), '1'.repeat(310), '9'.repeat(400), 'Infinity', '1e309') },
      { weight: 1, arbitrary: fc.stringMatching(/^[1-9][0-9]{15,400}$/) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', 'abc', '1a', 'one', '١', '1_000', 'NaN', 'true', 'null', '[1]', '1,2', '-Infinity', '0.5', '1.5', '-0', '-1') },
      { weight: 1, arbitrary: fc.constantFrom('1e1', '0x2', ' 2', '+3', '5.', '.5e1', '1.0', '010', '2 ', '0b11', '\n4') },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    )
    ;

const listRequest = fc.record({
  credentials: credentials(3),
  session: sometimes(session),
  controls,
  params: fc.record({
    agent_id: param(agentIdValue),
    status: param(statusValue),
    type: param(typeValue),
    page: param(integerValue(6)),
    limit: param(integerValue(12)),
  }),
  /** Spaces as `+` (application/x-www-form-urlencoded) rather than `%20`. */
  formEncoded: fc.boolean(),
  junk: fc.array(junkFragment, { maxLength: 2 }),
  junkFirst: fc.boolean(),
});
type ListRequest = typeof listRequest extends fc.Arbitrary<infer T> ? T : never;

function listPath(r: ListRequest): string {
  const encode = (v: string) => (r.formEncoded ? encodeURIComponent(v).replace(/%20/g, '+') : encodeURIComponent(v));
  const parts = PARAMS.flatMap((name) => (r.params[name] ?? []).map((v) => `${name}=${encode(v)}`));
  const key = apiKeyQueryPart(r.credentials);
  if (key !== undefined) parts.push(key);
  const all = r.junkFirst ? [...r.junk, ...parts] : [...parts, ...r.junk];
  return all.length === 0 ? LIST : `${LIST}?${all.join('&')}`;
}


/** The query's verdict: `invalid` (400), `lenient` (200 or 400) or `valid` (200), with the values a 200 must show. */
function queryVerdict(r: ListRequest): { verdict: IntegerVerdict; page: number; limit: number; filter: { agent?: string; status?: string; type?: string } } {
  const verdicts: IntegerVerdict[] = [];
  const one = (name: ParamName) => {
    const values = r.params[name];
    if (values === undefined) return undefined;
    if (values.length > 1) verdicts.push('invalid'); // a scalar parameter sent twice
    return values[0] as string;
  };
  const agent = one('agent_id');
  const status = one('status');
  const type = one('type');
  const page = one('page');
  const limit = one('limit');
  if (agent === '') verdicts.push('invalid');
  if (status !== undefined && !['completed', 'failed', 'in-progress', 'queued'].includes(status)) verdicts.push('invalid');
  if (type !== undefined && !['inbound', 'outbound'].includes(type)) verdicts.push('invalid');
  if (page !== undefined) verdicts.push(integerVerdict(page, 1, 2 ** 31 - 1)); // format: int32
  if (limit !== undefined) verdicts.push(integerVerdict(limit, 1, 100));
  const verdict = verdicts.includes('invalid') ? 'invalid' : verdicts.includes('lenient') ? 'lenient' : 'valid';
  return {
    verdict,
    page: page === undefined ? 1 : Number(page),
    limit: limit === undefined ? 10 : Number(limit),
    filter: { ...(agent === undefined ? {} : { agent }), ...(status === undefined ? {} : { status }), ...(type === undefined ? {} : { type }) },
  };
}

describe('the request space of GET /api/v1/calls', () => {
  it(`answers ${RUNS} generated queries within the contract, as the oracle predicts`, { timeout: 60_000 }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(listRequest, async (r) => {
        const path = listPath(r);
        const key = winningKey(r.credentials);
        const headers = { ...credentialHeaders(r.credentials), ...controlHeaders(r.controls), ...(r.session === undefined ? {} : { 'X-Mock-Session': r.session }) };
        const res = await send(path, { headers });
        expectWithinContract(res, LIST, 'get', askedForServerError(r.controls, key));
        const query = queryVerdict(r);

        if (!hasControls(r.controls)) {
          // the documented order: session name → key → permission → query → handler
          const auth = keyVerdict(key, 'can_read_calls');
          if (!sessionIsValid(r.session)) expectVerdict(res, { status: 400, error: 'validation_error' });
          else if ('status' in auth) expectVerdict(res, auth);
          else if (query.verdict === 'invalid') expectVerdict(res, { status: 400, error: 'validation_error' });
          else if (query.verdict === 'valid') expect(res.status).toBe(200);
          else expect([200, 400]).toContain(res.status);
          if (res.status === 400 && sessionIsValid(r.session)) expect(res.body.error).toBe('validation_error');
        }

        if (res.status === 200) {
          // a 200 is the normal flow: a valid team key, an accepted query, a world as seeded
          const auth = keyVerdict(key, 'can_read_calls');
          expect(auth).toHaveProperty('team');
          const team = (auth as { team: number }).team;
          expect(query.verdict).not.toBe('invalid');
          const body = res.body as { count: number; page: number; limit: number; pages: number; calls: Array<{ id: string; agent_id: string; status: string; type: string }> };
          expect({ page: body.page, limit: body.limit }).toEqual({ page: query.page, limit: query.limit });
          expect(body.calls.length).toBeLessThanOrEqual(body.limit);
          expect(body.pages).toBeGreaterThanOrEqual(1);
          expect(body.pages).toBe(Math.max(1, Math.ceil(body.count / body.limit)));
          const teamAssistants = AGENTS.filter((a) => a.team_id === team).map((a) => a.assistant_id);
          for (const call of body.calls) {
            expect(teamAssistants).toContain(call.agent_id);
            if (query.filter.status !== undefined) expect(call.status).toBe(query.filter.status);
            if (query.filter.type !== undefined) expect(call.type).toBe(query.filter.type);
            if (query.filter.agent !== undefined) expect(call.agent_id).toBe(agentOf(query.filter.agent, team)?.assistant_id);
          }
          const expected = seededCalls(team, query.filter);
          expect(body.count).toBe(expected.length);
          const start = (query.page - 1) * query.limit;
          expect(body.calls.map((c) => c.id)).toEqual(expected.slice(start, start + query.limit).map((c) => c.call_id));
        }
        tally(seen, `${res.status}${res.status >= 400 ? ` ${res.body.error}` : ''}`);
      }),
      FC_OPTIONS,
    );
    console.info(`GET /api/v1/calls: ${RUNS} requests, answers ${sortedTally(seen)}`);
    const statuses = new Set([...seen.keys()].map((k) => Number(k.slice(0, 3))));
    if (RUNS >= COVERAGE_RUNS) expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401, 403, 429, 500]));
  });
});

// ============================================================================================
// POST /api/v1/calls
// ============================================================================================

const bigArb = (chars: readonly string[]) => fc.record({ char: fc.constantFrom(...chars), count: fc.integer({ min: 10_000, max: 200_000 }) }).map(({ char, count }) => new Big(char, count));

const VALID_PHONES = ['+15551234567', '+15550001111', '+447700900123', '+12', '+123456789012345', '+15005550009', '+15559876543', '+15005550001', '+15005550004'];

const phoneField = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VALID_PHONES) },
  { weight: 2, arbitrary: fc.stringMatching(/^\+[1-9][0-9]{1,14}$/) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('15551234567', '+0123456', '+1', '+1234567890123456', '+1 555 123 4567', '+1-555-123-4567', '+1555abc4567', '++15551234567', ' +15551234567', '+15551234567\n', '+١٥٥٥١٢٣٤', 'null', '+', '+15551234567\u0000'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.oneof(bigArb(['5', 'é']), depthArb.map((d) => new Deep(d))) },
);

const agentField = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(123, 456, 457, 460) },
  { weight: 3, arbitrary: fc.constantFrom(458, 512, 513, 514, 601, 999, 1) },
  { weight: 3, arbitrary: fc.constantFrom('123', '456', '458', '512', '601', 'assistant_abc123', 'assistant_ghi789', 'assistant_d8r4f7', 'assistant_s7p4x1', 'assistant_k7c2l9') },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(' 123', '0123', '0', '-1', '123.0', '1e2', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'null') },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, -123, 1.5, 123.5, 1e300, Number.MAX_SAFE_INTEGER + 2, new RawNumber('123.0'), new RawNumber('1.23e2'), new RawNumber('1e999'), new RawNumber('-1e999'), new RawNumber('-0')) },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), bigArb(['a', '😀'])) },
);

const contactField = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(789, 456, 800, 801) }, // team 101
  { weight: 1, arbitrary: fc.constantFrom(802, 866, 99999, 1) }, // team 202, team 303, nobody's
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, '789', '', null, [], {}, true, 1e300, new RawNumber('1e999'), new RawNumber('789.0')) },
);

const scalarText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant('  '));
const variablesField = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        customer_name: scalarText,
        appointment_time: scalarText,
        custom_context: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(scalarText, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 8 }), wrongType),
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      hostile('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}'),
      hostile('{"custom_context":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x","valueOf":1},"customer_name":{"__proto__":"x"}}'),
      hostile('{"__proto__":[],"hasOwnProperty":"x"}'),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'text', 5, true) },
  { weight: 1, arbitrary: depthArb.map((d) => new Deep(d)) },
  { weight: 1, arbitrary: bigArb(['x', 'é', '😀']).map((big) => ({ customer_name: big, custom_context: { note: big } })) },
);

/** Keys that are not fields: hostile ones, unknown ones, and a field again (the last one wins). */
const extraEntry: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.constantFrom<[string, unknown]>(
    ['__proto__', { polluted: 'yes', phone_number: '+15551234567', agent_id: 123, isAdmin: true }],
    ['constructor', { prototype: { polluted: 'yes' } }],
    ['prototype', { polluted: 'yes' }],
    ['__proto__', null],
    ['__proto__', 'x'],
    ['toString', 'x'],
  ),
  fc.tuple(fc.constantFrom('phone_number', 'agent_id', 'contact_id', 'variables'), fc.oneof(phoneField, agentField)),
  fc.tuple(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })),
);

type Entries = Array<[string, unknown]>;

const objectBody: fc.Arbitrary<Entries> = fc
  .record({
    phone: fc.option(phoneField, { freq: 10, nil: undefined }),
    agent: fc.option(agentField, { freq: 10, nil: undefined }),
    contact: sometimes(contactField),
    variables: sometimes(variablesField),
    extra: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(extraEntry, { minLength: 1, maxLength: 2 }) }),
    extraFirst: fc.boolean(),
  })
  .map(({ phone, agent, contact, variables, extra, extraFirst }) => {
    const fields: Entries = [];
    if (phone !== undefined) fields.push(['phone_number', phone]);
    if (agent !== undefined) fields.push(['agent_id', agent]);
    if (contact !== undefined) fields.push(['contact_id', contact]);
    if (variables !== undefined) fields.push(['variables', variables]);
    return extraFirst ? [...extra, ...fields] : [...fields, ...extra];
  });

type BodySpec = { kind: 'object'; entries: Entries } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

const rawText = fc.oneof(
  fc.constantFrom(
    '', '   ', '\n', '{', '}', '{"phone_number":', "{'phone_number':'+15551234567','agent_id':123}", '{phone_number:"+15551234567",agent_id:123}',
    '{"phone_number":"+15551234567","agent_id":123,}', '{"phone_number":"+15551234567","agent_id":123}}', '{"phone_number":"+15551234567","agent_id":123} x',
    '{"phone_number":"+15551234567","agent_id":123}{}', 'NaN', 'undefined', '{"agent_id":NaN}', '{"phone_number":"\\x"}', '<call/>',
    'phone_number=%2B15551234567&agent_id=123', '{"phone_number":"+15551234567","agent_id":0123}', '\u0000', '[[[[[[[[[[', '{"a":"\u0001"}',
    '{"phone_number":"+15551234567","agent_id":123,"variables":{"a":' + '['.repeat(70),
  ),
  fc.string({ maxLength: 40 }),
);

/** A body of `bytes` (±) bytes: just under or over the 1 MiB the sandbox reads. */
const oversized = fc.record({ char: fc.constantFrom('x', 'é', '😀'), bytes: fc.integer({ min: 1_040_000, max: 1_100_000 }) }).map(({ char, bytes }): BodySpec => ({
  kind: 'object',
  entries: [
    ['phone_number', '+15551234567'],
    ['agent_id', 123],
    ['variables', { customer_name: new Big(char, Math.ceil(bytes / Buffer.byteLength(char))) }],
  ],
}));

const bodySpec: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 20, arbitrary: objectBody.map((entries): BodySpec => ({ kind: 'object', entries })) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom<unknown>(null, [], 'x', 1, true, [{ phone_number: '+15551234567', agent_id: 123 }]), fc.jsonValue({ maxDepth: 2 })).map((value): BodySpec => ({ kind: 'json', value })) },
  { weight: 2, arbitrary: rawText.map((text): BodySpec => ({ kind: 'text', text })) },
  { weight: 1, arbitrary: oversized },
);

function bodyText(spec: BodySpec): string {
  if (spec.kind === 'text') return spec.text;
  if (spec.kind === 'json') return JSON.stringify(spec.value) ?? 'null';
  const member = ([name, value]: [string, unknown]) => `${JSON.stringify(name)}:${value instanceof RawNumber ? value.text : JSON.stringify(value) ?? 'null'}`;
  return `{${spec.entries.map(member).join(',')}}`;
}

/** `undefined`: no Content-Type header at all (read as JSON). */
const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 3, arbitrary: fc.constantFrom<string | undefined>(undefined, 'application/json; charset=utf-8', 'APPLICATION/JSON', 'Application/Json;charset=UTF-8', 'application/vnd.klen+json', 'application/merge-patch+json', '') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json', 'application/xml',
      'application/jsonp', 'json', 'application/json-patch', '*/*', 'application/octet-stream',
    ),
  },
);

/** The session the POSTs write in: a fresh world every 200 requests, so no wallet runs dry under a long run. */
const RUN_SESSION = `prop-initiate-${Date.now()}`;

/**
 * A key and a body that fit together: a team's key, one of that team's agents (by database id,
 * as a number or a string, or by assistant_id), a valid number, maybe a contact of the team.
 * Most of these get through to the handler's checks (201, 402, 403 do_not_call, 404 no_phone_number).
 */
const coherent = fc.constantFrom(101, 101, 101, 202, 303).chain((team) =>
  fc.record({
    credentials: singleCredential(fc.constant(TEAM_KEYS[team as keyof typeof TEAM_KEYS])),
    body: fc
      .record({
        phone: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALID_PHONES) }, { weight: 1, arbitrary: fc.stringMatching(/^\+[1-9][0-9]{1,14}$/) }),
        agent: fc.constantFrom<unknown>(...AGENTS.filter((a) => a.team_id === team).flatMap((a) => [a.id, String(a.id), a.assistant_id])),
        contact: sometimes(fc.constantFrom(...[...CONTACT_TEAM].filter(([, t]) => t === team).map(([id]) => id))),
        variables: sometimes(variablesField),
      })
      .map(({ phone, agent, contact, variables }): BodySpec => {
        const entries: Entries = [['phone_number', phone], ['agent_id', agent]];
        if (contact !== undefined) entries.push(['contact_id', contact]);
        if (variables !== undefined) entries.push(['variables', variables]);
        return { kind: 'object', entries };
      }),
  }),
);

const initiateRequest = fc.record({
  keyAndBody: fc.oneof({ weight: 2, arbitrary: coherent }, { weight: 3, arbitrary: fc.record({ credentials: credentials(8), body: bodySpec }) }),
  /** `run`: this run's session world; otherwise an invalid name. */
  session: fc.oneof({ weight: 25, arbitrary: fc.constant<'run'>('run') }, { weight: 1, arbitrary: session.filter((name) => !SESSION_NAME.test(httpTrim(name))) }),
  controls,
  contentType,
  /** Around the body: JSON whitespace, or what is not (a byte order mark, a no-break space). */
  wrap: fc.oneof({ weight: 8, arbitrary: fc.constant(['', '']) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', ' ', '\n', '\t\r\n ', '\ufeff', '\u00a0'), fc.constantFrom('', ' ', '\n', '\u00a0')) }),
}).map(({ keyAndBody, ...rest }) => ({ ...keyAndBody, ...rest }));
type InitiateRequest = typeof initiateRequest extends fc.Arbitrary<infer T> ? T : never;

type InitiateVerdict = Verdict & { agent?: AgentFixture; phone?: string; team?: number };

/**
 * The oracle of POST /api/v1/calls, in the documented order: the session name; the key and its
 * permission; the body (413 over 1 MiB; 415 for a type that is not JSON, also with an empty
 * body; an empty body or one that is not JSON: 400 invalid_json; nesting past 64 levels: 400
 * validation_error); validation mapped by
 * x-klen-validation-errors (missing_phone_number, missing_agent_id, invalid_phone_number, in
 * that order, else validation_error); then the handler (agent, its phone, the contact, the Do
 * Not Call list, the wallet).
 */
function expectedInitiate(r: InitiateRequest, key: string | undefined, text: string): InitiateVerdict {
  if (r.session !== 'run' && !sessionIsValid(r.session)) return { status: 400, error: 'validation_error' };
  const auth = keyVerdict(key, 'can_initiate_calls');
  if ('status' in auth) return auth;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BODY_BYTES) return { status: 413, error: 'payload_too_large' };
  // a type that is not JSON is a 415 even with an empty body (an empty JSON body is invalid_json)
  if (!isJsonMediaType(r.contentType) && r.contentType !== undefined) return { status: 415, error: 'unsupported_media_type' };
  if (bytes === 0) return { status: 400, error: 'invalid_json' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON is invalid_json, however deep it nests
    return { status: 400, error: 'invalid_json' };
  }
  // the nesting of the text as sent (a key given twice nests as deep as its deepest value)
  if (textDepth(text) > MAX_DEPTH) return { status: 400, error: 'validation_error' };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { status: 400, error: 'validation_error' };
  const own = (name: string) => (Object.hasOwn(body as object, name) ? (body as Record<string, unknown>)[name] : undefined);
  const phone = own('phone_number');
  const agentId = own('agent_id');
  const contact = own('contact_id');
  const variables = own('variables');
  if (phone === undefined || phone === '') return { status: 400, error: 'missing_phone_number' };
  if (agentId === undefined || agentId === '') return { status: 400, error: 'missing_agent_id' };
  if (typeof phone !== 'string' || !E164.test(phone)) return { status: 400, error: 'invalid_phone_number' };
  const agentValid = typeof agentId === 'string' || (isJsonInteger(agentId) && agentId >= 1);
  const contactValid = contact === undefined || (isJsonInteger(contact) && contact >= 1);
  const variablesValid = variables === undefined || (variables !== null && typeof variables === 'object' && !Array.isArray(variables));
  if (!agentValid || !contactValid || !variablesValid) return { status: 400, error: 'validation_error' };

  const team = auth.team;
  const agent = agentOf(agentId, team);
  if (!agent) return { status: 404, error: 'agent_not_found' };
  if (agent.phone_number === null) return { status: 404, error: 'no_phone_number' };
  if (contact !== undefined && CONTACT_TEAM.get(contact as number) !== team) return { status: 400, error: 'validation_error' };
  if (DO_NOT_CALL.has(`${team}|${phone}`)) return { status: 403, error: 'do_not_call' };
  const wallet = TEAMS.find((t) => t.id === team) as TeamFixture;
  if (wallet.wallet_balance < wallet.rate_per_minute) return { status: 402, error: 'insufficient_funds', team };
  return { status: 201, error: [], agent, phone, team };
}

describe('the request space of POST /api/v1/calls', () => {
  it(`answers ${RUNS} generated bodies within the contract, in the documented order of checks`, { timeout: 60_000 }, async () => {
    const baseline = Object.getOwnPropertyNames(Object.prototype).sort();
    const seen = new Map<string, number>();
    /** Calls created, per session and team: every one must show in that session's list. */
    const created = new Map<string, Map<number, number>>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(initiateRequest, async (r) => {
        const worldName = `${RUN_SESSION}-${Math.floor(sent++ / 200)}`;
        const sessionHeader = r.session === 'run' ? worldName : r.session;
        const key = winningKey(r.credentials);
        const text = `${r.wrap[0]}${bodyText(r.body)}${r.wrap[1]}`;
        const headers: Record<string, string> = { ...credentialHeaders(r.credentials), ...controlHeaders(r.controls), 'X-Mock-Session': sessionHeader };
        if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
        const keyQuery = apiKeyQueryPart(r.credentials);
        // bytes, not a string: fetch would add `Content-Type: text/plain` to a string body
        const res = await send(keyQuery === undefined ? LIST : `${LIST}?${keyQuery}`, { method: 'POST', headers, body: new Uint8Array(Buffer.from(text, 'utf8')) });

        expectWithinContract(res, LIST, 'post', askedForServerError(r.controls, key));
        expectPrototypesClean(baseline);
        const expected = expectedInitiate(r, key, text);
        if (!hasControls(r.controls)) {
          if (expected.status === 201) expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
          else expectVerdict(res, expected);
          tally(seen, `${res.status}${res.status >= 400 ? ` ${res.body.error}` : ''}`);
        }

        if (res.status === 402 && !hasControls(r.controls)) {
          const wallet = TEAMS.find((t) => t.id === expected.team);
          expect({ current_balance: res.body.current_balance, required_rate: res.body.required_rate }).toEqual({ current_balance: wallet?.wallet_balance, required_rate: wallet?.rate_per_minute });
        }
        if (res.status === 201) {
          // a 201 is the normal flow: the oracle's agent and number, and the call is there to read
          expect(expected.status).toBe(201);
          const call = res.body as { id: number; call_id: string; status: string; phone_number: string; agent: { id: number; assistant_id: string } };
          expect({ status: call.status, phone_number: call.phone_number, agent: call.agent.id, assistant: call.agent.assistant_id }).toEqual({
            status: 'queued',
            phone_number: expected.phone,
            agent: expected.agent?.id,
            assistant: expected.agent?.assistant_id,
          });
          const location = res.headers.get('location');
          expect(location).toBe(`/api/v1/calls/${call.id}`);
          const readBack = { Authorization: `Bearer ${key}` };
          const detail = await send(location as string, { headers: { ...readBack, 'X-Mock-Session': worldName } });
          expectWithinContract(detail, CALL_PATH, 'get', false);
          expect(detail.status).toBe(200);
          expect({ id: detail.body.id, call_id: detail.body.call_id, phone_number: detail.body.phone_number, agent: detail.body.agent.id }).toEqual({
            id: call.id,
            call_id: call.call_id,
            phone_number: call.phone_number,
            agent: call.agent.id,
          });
          expect(['queued', 'in-progress', 'completed', 'failed']).toContain(detail.body.status);
          // the world of the request only: the default world has no such call
          const elsewhere = await send(location as string, { headers: readBack });
          expectWithinContract(elsewhere, CALL_PATH, 'get', false);
          expect({ status: elsewhere.status, error: elsewhere.body.error }).toEqual({ status: 404, error: 'not_found' });
          const perTeam = created.get(worldName) ?? new Map<number, number>();
          perTeam.set(expected.team as number, (perTeam.get(expected.team as number) ?? 0) + 1);
          created.set(worldName, perTeam);
        }
      }),
      FC_OPTIONS,
    );
    console.info(`POST /api/v1/calls: ${RUNS} requests (${sent} with shrinking), answers without control headers ${sortedTally(seen)}`);

    // every call created shows in its session's list, and only there
    for (const [world, perTeam] of created) {
      for (const [team, key] of Object.entries(TEAM_KEYS)) {
        const list = await send(`${LIST}?limit=1`, { headers: { Authorization: `Bearer ${key}`, 'X-Mock-Session': world } });
        expect(list.body.count, `${world}, team ${team}`).toBe(seededCalls(Number(team), {}).length + (perTeam.get(Number(team)) ?? 0));
      }
    }
    expectPrototypesClean(baseline);

    if (RUNS >= COVERAGE_RUNS) {
      const statuses = new Set([...seen.keys()].map((k) => Number(k.slice(0, 3))));
      expect([...statuses].sort()).toEqual(expect.arrayContaining([201, 400, 401, 402, 403, 404, 413, 415, 429, 500]));
      const codes = new Set([...seen.keys()].map((k) => k.slice(4)));
      const documented = ['missing_phone_number', 'missing_agent_id', 'invalid_phone_number', 'invalid_json', 'validation_error', 'agent_not_found', 'no_phone_number', 'do_not_call', 'insufficient_funds', 'payload_too_large', 'unsupported_media_type', 'permission_denied', 'authentication_required', 'invalid_key'];
      expect([...codes]).toEqual(expect.arrayContaining(documented));
    }
  });
});

// ============================================================================================
// GET /api/v1/agents
// ============================================================================================

const agentsRequest = fc.record({
  credentials: credentials(3),
  session: sometimes(session),
  controls,
  junk: fc.array(junkFragment, { maxLength: 2 }),
});

describe('the request space of GET /api/v1/agents', () => {
  it(`answers ${RUNS} generated requests within the contract, with the key's team's agents only`, { timeout: 60_000 }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(agentsRequest, async (r) => {
        const key = winningKey(r.credentials);
        const parts: string[] = [...r.junk];
        const keyQuery = apiKeyQueryPart(r.credentials);
        if (keyQuery !== undefined) parts.push(keyQuery);
        const headers = { ...credentialHeaders(r.credentials), ...controlHeaders(r.controls), ...(r.session === undefined ? {} : { 'X-Mock-Session': r.session }) };
        const res = await send(parts.length === 0 ? AGENTS_PATH : `${AGENTS_PATH}?${parts.join('&')}`, { headers });
        expectWithinContract(res, AGENTS_PATH, 'get', askedForServerError(r.controls, key));
        const auth = keyVerdict(key, 'can_read_agents');
        if (!hasControls(r.controls)) {
          if (!sessionIsValid(r.session)) expectVerdict(res, { status: 400, error: 'validation_error' });
          else if ('status' in auth) expectVerdict(res, auth);
          else expect(res.status).toBe(200);
        }
        if (res.status === 200) {
          expect(auth).toHaveProperty('team');
          const team = (auth as { team: number }).team;
          // every world here is as seeded: the fixture's agents of the team, in id order, usage and all
          expect(res.body.agents).toEqual(AGENTS.filter((a) => a.team_id === team).sort((a, b) => a.id - b.id));
          for (const agent of res.body.agents as AgentFixture[]) expect(agent.team_id).toBe(team);
        }
        tally(seen, `${res.status}${res.status >= 400 ? ` ${res.body.error}` : ''}`);
      }),
      FC_OPTIONS,
    );
    console.info(`GET /api/v1/agents: ${RUNS} requests, answers ${sortedTally(seen)}`);
    const statuses = new Set([...seen.keys()].map((k) => Number(k.slice(0, 3))));
    if (RUNS >= COVERAGE_RUNS) expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401, 403, 429, 500]));
  });
});

describe('after the properties', () => {
  it('the sandbox is healthy and its default world as seeded', async () => {
    const detail = await send('/api/v1/calls/123', { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } });
    expect({ status: detail.status, body: detail.body }).toEqual({ status: 200, body: DOCUMENTED_EXAMPLE.value });
    const list = await send(LIST, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } });
    expect(list.body.count).toBe(seededCalls(101, {}).length);
    const agents = await send(AGENTS_PATH, { headers: { 'X-API-Key': EXAMPLE_KEY } });
    expect(agents.body.agents).toEqual(AGENTS.filter((a) => a.team_id === 101));
    const reset = await fetch(`${sandbox.url}/__mock/reset`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    expect(reset.status).toBe(200);
  });
});

// ============================================================================================
// Server bugs these properties found, fixed, and kept as plain regression tests.
// ============================================================================================

describe('edge cases the properties found', () => {
  it('X-Mock-Session with a no-break space (0xA0) at its end is refused before the key is looked at: 400, not 401', async () => {
    // readSessionName() used to trim with String.prototype.trim, which removes U+00A0, so "x\xa0"
    // passed the session check and was refused only later, after the key checks
    const res = await send(AGENTS_PATH, { headers: { 'X-Mock-Session': 'x\u00a0' } });
    expectWithinContract(res, AGENTS_PATH, 'get', false);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'validation_error' });
  });

  it('GET /api/v1/calls?page=1e309 (a page past Number.MAX_VALUE) is a 400, not an unrequested 500', async () => {
    // Ajv coerced "1e309" to Infinity, which passed `minimum: 1`; the handler echoed page: Infinity,
    // serialized as null, and the response guard answered 500. The contract now says int32.
    const res = await send(`${LIST}?page=1e309`, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } });
    expectWithinContract(res, LIST, 'get', false);
    expect(res.status).toBe(400);
  });
});
