/**
 * Property-based, model-based tests of Create Webhook (`POST /api/webhooks/create/`), over real
 * HTTP to a sandbox on 127.0.0.1. fast-check generates bodies (valid ones; fields missing, empty,
 * blank, of the wrong type, too long by code points; URLs that are not absolute http(s) URLs, and
 * URLs the schema takes but Node's URL parser refuses: ports over 65535, IPv4 parts over 255;
 * unknown, duplicate, non-string or too many event names; extra and hostile keys, a field given
 * twice; JSON that is not an object, text that is not JSON, bodies nested too deep or over 1 MiB)
 * and the keys of fixtures/keys.json. Proved:
 *
 * 1. Every answer is exactly the one an oracle built from openapi.yaml predicts (status, code,
 *    message), is declared by the contract and valid against its schema, and an error is the
 *    bare `{error, message}` envelope; a refused request registers nothing.
 * 2. What was registered is what reads back: after a sequence of registrations in a session,
 *    `GET /__mock/sessions/{name}/webhooks` lists exactly the 201s, in order, ids 1..n, as sent
 *    (is_active default true), with the key's team and a `secret_hint` of the secret's first ten
 *    characters and `…`; no secret ever appears there or in the request journal.
 * 3. Each 201 has `Location: /api/webhooks/{id}/` and a `whsec_` secret, the base64 of 24
 *    bytes, never seen before.
 * 4. Sessions isolate: a registration in one session is never listed in another's world, nor
 *    in the default world's.
 *
 * The oracle is openapi.yaml alone, checked in its order:
 *   1. the key (401);
 *   2. the body (413, 400 invalid_json, 400 validation_error past 64 levels);
 *   3. the schema, CreateWebhookRequest, mapped by the operation's `x-klen-validation-errors`
 *      (the first rule in contract order matching any problem: missing_parameter for name, url,
 *      subscribed_events, then invalid_url for the url's type, pattern and `format: uri`;
 *      anything else validation_error);
 *   4. the sandbox's URL rule, from the description of `url`: a URL the WHATWG URL parser
 *      (`new URL()`, what deliveries use) refuses, or that is not http(s) or has no hostname,
 *      is 400 invalid_url, even when the schema took it;
 *   5. the event names (invalid_event_type, the first unknown one);
 *   6. the read permission of each event (403);
 *   7. 201.
 * Bounds, patterns, event names, rules and documented messages are read from openapi.yaml;
 * `format: uri` is RFC 3986, written out here (rfc3986Host).
 *
 * Settled: ajv-formats' `uri`, which the server uses, takes an IPv4 address with leading zeros
 * inside an IPv6 literal (`http://[::ffff:127.0.0.01]/hook`), which RFC 3986's dec-octet does
 * not; with another schema problem the server answered validation_error where the contract says
 * invalid_url. The url pattern now refuses such a literal itself, and the generators make it.
 *
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path> (and
 * `-t` to pick the property). KLEN_FC_RUNS_WEBHOOKS=<n> sets the bodies of property 1 (default
 * 200), KLEN_FC_SEQS_WEBHOOKS=<n> the sequences of property 2 (default 50).
 */
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_KEY } from './helpers/arbitraries.js';
import { adminViolations, contract, documentedErrors } from './helpers/contract.js';
import { Big, Deep, expectPrototypesClean, expectWithinContract, sendJson, serialize, textDepth, wrongType, type Sent } from './helpers/property-http.js';
import { useSandbox } from './helpers/sandbox.js';
import { fcOptions, REPLAYING } from './helpers/fc-options.js';

/**
 * A manual clock: no world event fires unless a test advances it (none does), so nothing is ever
 * delivered to the generated URLs, and `created_at` is the clock's start.
 */
const CLOCK_START = '2025-05-01T12:00:00Z';
const sandbox = useSandbox({ clock: 'manual', clockStart: CLOCK_START });
const RUNS = Number(process.env['KLEN_FC_RUNS_WEBHOOKS'] ?? 200);
const SEQUENCES = Number(process.env['KLEN_FC_SEQS_WEBHOOKS'] ?? 50);
/** Below this many bodies the rarer answers may not come up, so their reachability is not asserted. */
const COVERAGE_RUNS = 200;
/** Per property: past this, the smallest counterexample so far is reported (shrinking over HTTP is bounded). */
const timeLimit = (numRuns: number, msPerRun: number) => Math.max(20_000, numRuns * msPerRun);
const P1_TIME_LIMIT = timeLimit(RUNS, 40);
const P2_TIME_LIMIT = timeLimit(SEQUENCES, 250);

const CREATE = '/api/webhooks/create/';
const LISTING = '/__mock/sessions/{name}/webhooks';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
/** What the brief asks of a secret: `whsec_` and base64 (the contract's own pattern is checked by expectWithinContract). */
const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
/** Every world these properties write in starts with this (unique per run of the file). */
const RUN_ID = `prop-webhooks-${Date.now().toString(36)}`;
let sessions = 0;
const freshSession = (tag: string) => `${RUN_ID}-${tag}-${(sessions += 1)}`;

// ---- the contract, as the oracle reads it

interface StringSchema {
  minLength: number;
  maxLength: number;
  pattern: string;
}
const schemas = contract.components?.schemas as Record<string, OpenAPIV3_1.SchemaObject>;
const REQUEST = schemas['CreateWebhookRequest'] as OpenAPIV3_1.SchemaObject;
const PROPS = REQUEST.properties as Record<string, OpenAPIV3_1.SchemaObject>;
const NAME = PROPS['name'] as unknown as StringSchema;
const URL_SCHEMA = PROPS['url'] as unknown as StringSchema & { format: string };
const EVENTS_SCHEMA = PROPS['subscribed_events'] as { minItems: number; maxItems: number; uniqueItems: boolean };
const EVENT_TYPES = (schemas['WebhookEventType'] as { enum: string[] }).enum;
const NAME_PATTERN = new RegExp(NAME.pattern, 'u');
const URL_PATTERN = new RegExp(URL_SCHEMA.pattern, 'u');
/**
 * `format: uri` as JSON Schema defines it: an RFC 3986 URI. Written out here for the only URIs
 * the oracle needs to judge, `scheme://authority path-abempty [?query] [#fragment]` (anything
 * else fails the contract's pattern anyway, with the same answer): userinfo, a host (an
 * IP-literal or a reg-name, which may be empty: the pattern is what needs one), a port of digits
 * only, ASCII only.
 */
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCT_ENCODED = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`;
const URI_WITH_AUTHORITY = new RegExp(
  `^[A-Za-z][A-Za-z0-9+.-]*://(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT_ENCODED})*@)?(\\[[^\\]]*\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*)(?::[0-9]*)?(?:/${PCHAR}*)*(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`,
);
const IP_FUTURE = new RegExp(`^v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`, 'i');
/** The host of an RFC 3986 URI with an authority (`''` for an empty one), or undefined when it is not one. */
function rfc3986Host(text: string): string | undefined {
  const host = URI_WITH_AUTHORITY.exec(text)?.[1];
  if (host === undefined || !host.startsWith('[')) return host;
  const literal = host.slice(1, -1);
  // Node's isIPv6 is RFC 3986's IPv6address (dec-octets without leading zeros) plus a zone ID (`%eth0`), which RFC 3986 lacks
  return (isIPv6(literal) && !literal.includes('%')) || IP_FUTURE.test(literal) ? host : undefined;
}
const isRfc3986Uri = (text: string) => rfc3986Host(text) !== undefined;

/**
 * The sandbox's rule, from the description of `url` in openapi.yaml: a URL the sandbox could not
 * send to is 400 invalid_url, checked after the schema and before the event names. "Could not
 * send to" is Node's WHATWG URL parser, which deliveries use: it refuses the URL, or its
 * protocol is not http: or https:, or its hostname is empty (a port over 65535, an IPv4 address
 * with a part over 255, a host that decodes to a forbidden code point…).
 */
function sandboxCanSendTo(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
}

/** An `x-klen-validation-errors` entry. */
interface Rule {
  field: string;
  keywords: readonly string[];
  error: string;
  message?: string;
}
/** The operation's rules, transcribed from openapi.yaml (a test below checks the file still says so). */
const RULES: readonly Rule[] = [
  { field: '/name', keywords: ['required', 'minLength', 'pattern'], error: 'missing_parameter', message: 'Missing required parameter: name' },
  { field: '/url', keywords: ['required', 'minLength'], error: 'missing_parameter', message: 'Missing required parameter: url' },
  { field: '/subscribed_events', keywords: ['required'], error: 'missing_parameter', message: 'Missing required parameter: subscribed_events' },
  { field: '/url', keywords: ['type', 'format', 'pattern'], error: 'invalid_url' },
];

/** The documented message of a code that has exactly one (invalid_url, invalid_json, the 401s, 413). */
const DOCUMENTED = new Map<string, string>();
for (const { code, message } of documentedErrors(CREATE, 'post')) DOCUMENTED.set(code, DOCUMENTED.has(code) ? '' : message);
const documented = (code: string) => {
  const message = DOCUMENTED.get(code);
  if (!message) throw new Error(`openapi.yaml documents no single message for ${code}`);
  return message;
};

/** The description's rule: `can_read_calls` for any `call.*` event, `can_read_calendar` for any `calendar.*` one. */
const permissionOf = (event: string) => (event.startsWith('call.') ? 'can_read_calls' : 'can_read_calendar');

// ---- the fixtures: keys and teams

interface KeyFixture {
  key: string;
  team_id: number;
  permissions: string[];
  active: boolean;
  simulate?: string;
}
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const KEYS = fixture<KeyFixture[]>('keys.json');
const TEAMS = fixture<Array<{ id: number; name: string }>>('teams.json');
const teamName = (id: number) => TEAMS.find((t) => t.id === id)?.name;

// ---- the oracle

type Verdict =
  | { status: 201; team: number; name: string; url: string; events: string[]; isActive: boolean }
  | { status: number; error: string; message?: string; messageIncludes?: string[]; bySandboxUrlRule?: true };
type Created = Extract<Verdict, { status: 201 }>;
const isCreated = (v: Verdict): v is Created => v.status === 201;

interface Problem {
  field: string;
  keyword: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** An own property of a parsed body (never one inherited from Object.prototype). */
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
/** JSON Schema lengths count code points. */
const codePoints = (s: string) => [...s].length;

function stringProblems(field: string, value: unknown, schema: StringSchema, pattern: RegExp, isUri: boolean): Problem[] {
  if (value === undefined) return [{ field, keyword: 'required' }];
  if (typeof value !== 'string') return [{ field, keyword: 'type' }];
  const problems: Problem[] = [];
  const length = codePoints(value);
  if (length < schema.minLength) problems.push({ field, keyword: 'minLength' });
  if (length > schema.maxLength) problems.push({ field, keyword: 'maxLength' });
  if (!pattern.test(value)) problems.push({ field, keyword: 'pattern' });
  if (isUri && !isRfc3986Uri(value)) problems.push({ field, keyword: 'format' });
  return problems;
}

/** The body's problems against CreateWebhookRequest, as openapi.yaml states it. */
function schemaProblems(body: unknown): Problem[] {
  if (!isObject(body)) return [{ field: '', keyword: 'type' }];
  const problems = [
    ...stringProblems('/name', own(body, 'name'), NAME, NAME_PATTERN, false),
    ...stringProblems('/url', own(body, 'url'), URL_SCHEMA, URL_PATTERN, URL_SCHEMA.format === 'uri'),
  ];
  const events = own(body, 'subscribed_events');
  if (events === undefined) problems.push({ field: '/subscribed_events', keyword: 'required' });
  else if (!Array.isArray(events)) problems.push({ field: '/subscribed_events', keyword: 'type' });
  else {
    if (events.length < EVENTS_SCHEMA.minItems) problems.push({ field: '/subscribed_events', keyword: 'minItems' });
    if (events.length > EVENTS_SCHEMA.maxItems) problems.push({ field: '/subscribed_events', keyword: 'maxItems' });
    events.forEach((e, i) => {
      if (typeof e !== 'string') problems.push({ field: `/subscribed_events/${i}`, keyword: 'type' });
    });
    // items that are not strings already fail; two equal strings fail uniqueItems
    const strings = events.filter((e): e is string => typeof e === 'string');
    if (new Set(strings).size !== strings.length) problems.push({ field: '/subscribed_events', keyword: 'uniqueItems' });
  }
  const active = own(body, 'is_active');
  if (active !== undefined && typeof active !== 'boolean') problems.push({ field: '/is_active', keyword: 'type' });
  return problems;
}

/** The first rule (contract order) matching a problem wins; otherwise any problem is a validation_error naming its fields. */
function schemaVerdict(problems: readonly Problem[]): Verdict | undefined {
  if (problems.length === 0) return undefined;
  for (const rule of RULES) {
    if (problems.some((p) => (p.field === rule.field || p.field.startsWith(`${rule.field}/`)) && rule.keywords.includes(p.keyword))) {
      return { status: 400, error: rule.error, message: rule.message ?? documented(rule.error) };
    }
  }
  const fields = [...new Set(problems.map((p) => (p.field === '' ? 'the body ' : `/${p.field.split('/')[1]}`)))];
  return { status: 400, error: 'validation_error', messageIncludes: ['Invalid request: ', ...fields] };
}

/** What the contract says the answer to one request is: its checks in the order the header lists. */
function verdict(key: string | undefined, text: string): Verdict {
  if (key === undefined) return { status: 401, error: 'authentication_required', message: documented('authentication_required') };
  const record = KEYS.find((k) => k.key === key && k.active);
  if (!record) return { status: 401, error: 'invalid_key', message: documented('invalid_key') };
  if (record.simulate !== undefined) throw new Error(`the generators do not send ${key}`);

  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { status: 413, error: 'payload_too_large', message: documented('payload_too_large') };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, error: 'invalid_json', message: documented('invalid_json') };
  }
  if (textDepth(text) > MAX_DEPTH) return { status: 400, error: 'validation_error', message: `Invalid request: the body nests deeper than ${MAX_DEPTH} levels` };

  const refused = schemaVerdict(schemaProblems(body));
  if (refused) return refused;
  const valid = body as { name: string; url: string; subscribed_events: string[]; is_active?: boolean };
  if (!sandboxCanSendTo(valid.url)) return { status: 400, error: 'invalid_url', message: documented('invalid_url'), bySandboxUrlRule: true };
  const unknown = valid.subscribed_events.find((e) => !EVENT_TYPES.includes(e));
  if (unknown !== undefined) return { status: 400, error: 'invalid_event_type', message: `Unknown event type: ${unknown}. Valid types: ${EVENT_TYPES.join(', ')}` };
  const missing = valid.subscribed_events.map(permissionOf).find((p) => !record.permissions.includes(p));
  if (missing !== undefined) return { status: 403, error: 'permission_denied', message: `This API key does not have ${missing} permission` };
  return { status: 201, team: record.team_id, name: valid.name, url: valid.url, events: valid.subscribed_events, isActive: valid.is_active ?? true };
}

// ---- generated bodies

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const anyWrongType = wrongType as fc.Arbitrary<unknown>;

/** A field's value, or no field at all. */
const ABSENT = Symbol('absent');
const presence = <T>(arbitrary: fc.Arbitrary<T>, absent: number, present: number) => fc.oneof(w(absent, fc.constant<typeof ABSENT>(ABSENT)), w(present, arbitrary));

/** Names with something that is not white space in them (JavaScript's `\s`, which the pattern `\S` uses). */
const validName = fc.oneof(
  fc.constantFrom('Call Events Webhook', 'W', 'prod hooks', 'Ünïcødé 🚀 hook', '名前', ' padded ', 'a\u0000b', '\u200b', '\u180e', 'e\u0301'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => NAME_PATTERN.test(s)),
);
/** Empty, or only white space (JavaScript's, Unicode's): missing. */
const blankName = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u1680'), { maxLength: 4 }).map((cs) => cs.join(''));
/** Exactly `length` code points of a character that may take several (an emoji takes two UTF-16 units, a family five code points). */
const longText = (min: number, max: number) =>
  fc.tuple(fc.constantFrom('x', 'é', '😀', '👨‍👩‍👧', 'e\u0301'), fc.integer({ min, max })).map(([c, length]) => {
    const per = codePoints(c);
    return c.repeat(Math.floor(length / per)) + 'x'.repeat(length % per);
  });
const nameValue = fc.oneof(w(24, validName), w(2, blankName), w(2, longText(NAME.maxLength - 5, NAME.maxLength + 3)), w(1, anyWrongType), w(1, fc.string({ unit: 'grapheme', maxLength: 20 })));

const httpScheme = fc.constantFrom('http', 'https', 'HTTP', 'Https', 'hTTpS');
const otherScheme = fc.constantFrom('ftp', 'ws', 'wss', 'file', 'javascript', 'mailto', 'data', 'httpx', 'htp', 'http+unix', 'sftp', '');
const goodHost = fc.constantFrom('example.com', 'localhost', '127.0.0.1', 'localhost:8080', '[::1]', '[::1]:3000', 'hooks.example.co.uk', 'user:pw@example.com', 'EXAMPLE.COM', 'xn--mnchen-3ya.de', '10.0.0.7:9', 'host.docker.internal:4000');
const oddHost = fc.constantFrom('', ':80', 'user@', '@', 'exa mple.com', 'münchen.de', '%41.example', '%zz.example', '[::1', '[::ffff:127.0.0.01]', '[2001:0db8::1]', 'a\\b', 'host\u00a0', '256.256.256.256', 'example.com:99999', 'example.com:abc', 'a:b@c:d', '::', 'a..b', '-');
const goodPath = fc.constantFrom('', '/', '/webhooks/klen', '/hook?x=1&y=2', '/a/b/c#frag', '?q', '#f', '/%20x', "/a;b=c,d'e", '/~user/(x)', '//double', '/..');
const oddPath = fc.constantFrom('/a b', '/ä', '/%zz', '/{id}', '/|', '/a\tb', '/"q"', '/<x>', '/a\\b', '/\u0000', '/^', '/`', '/%', ' ', '\n');
const separator = fc.constantFrom('://', ':', ':/', ':///', '//', ':\\\\', ': //');
/**
 * URLs the schema takes (http(s), a host, a port of digits) on either side of what Node's URL
 * parser takes (the sandbox's rule): IPv4 parts up to 255 and past it, one to five of them (a
 * number alone is an IPv4 address too, up to 2^32 - 1), ports up to 65535 and past it, and hosts
 * it reads as numbers or decodes to something forbidden. About two in three are refused.
 */
const ipv4Part = fc.oneof(w(3, fc.integer({ min: 0, max: 255 })), w(2, fc.integer({ min: 256, max: 999 })), w(1, fc.constantFrom(4294967295, 4294967296, 99999999999)));
const ipv4ishHost = fc.array(ipv4Part, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
const oddNumericHost = fc.constantFrom('0x7f.1', '0x100000000', '1.2.3.4.', '1.2.3.256.', 'example.09', 'example.0x', 'a%2Fb', 'a%00b', '%C2%AD', 'exa%41mple.com', 'user:pw@300.1.1.1');
const port = fc.oneof(w(2, fc.integer({ min: 0, max: 65535 }).map(String)), w(3, fc.integer({ min: 65536, max: 99999 }).map(String)), w(1, fc.constantFrom('65535', '65536', '000080', '99999999999', '')));
const parserEdgeUrl = fc
  .tuple(httpScheme, fc.oneof(w(4, ipv4ishHost), w(1, fc.constant('example.com')), w(1, oddNumericHost)), fc.option(port, { nil: undefined, freq: 3 }), goodPath)
  .map(([s, h, p, path]) => `${s}://${h}${p === undefined ? '' : `:${p}`}${path}`);
const httpUrl = fc.oneof(
  w(3, fc.tuple(httpScheme, goodHost, goodPath).map(([s, h, p]) => `${s}://${h}${p}`)),
  w(2, fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true } })),
  w(1, parserEdgeUrl),
);
const composedUrl = fc
  .tuple(fc.oneof(w(3, httpScheme), w(2, otherScheme)), fc.oneof(w(4, fc.constant('://')), w(1, separator)), fc.oneof(w(3, goodHost), w(2, oddHost)), fc.oneof(w(3, goodPath), w(1, oddPath)))
  .map(([s, sep, h, p]) => `${s}${sep}${h}${p}`);
const urlValue = fc.oneof(
  w(20, httpUrl),
  w(4, parserEdgeUrl),
  w(6, composedUrl),
  w(2, fc.constantFrom('javascript:alert(1)', 'javascript://%0aalert(1)', 'JavaScript:void(0)', 'mailto:a@example.com', 'data:text/plain,hi', 'ftp://example.com/hook', 'example.com/hook', '/hook', '//example.com/hook', 'https://', 'http:', 'http://', 'http:///x', ' https://example.com', 'https://example.com ', 'urn:isbn:123', 'file:///etc/passwd', 'https://example.com/\u00a0')),
  // around the 2048 limit, in code points
  w(1, fc.integer({ min: URL_SCHEMA.maxLength - 8, max: URL_SCHEMA.maxLength + 8 }).map((n) => `https://example.com/${'a'.repeat(n - 20)}`)),
  w(1, fc.string({ unit: 'grapheme', maxLength: 30 })),
  w(1, fc.constantFrom('', ' ')),
  w(1, anyWrongType),
);

const knownEvent = fc.constantFrom(...EVENT_TYPES);
const unknownEvent = fc.oneof(
  fc.constantFrom('call.completed', 'CALL.STARTED', 'call.started ', ' call.ended', 'call', 'calendar.*', '*', '', 'call_started', 'webhook.test', 'calendar.deleted', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
);
const validEvents = fc.uniqueArray(knownEvent, { minLength: 1, maxLength: EVENTS_SCHEMA.maxItems });
/** A name listed twice: a documented one mostly, an unknown one sometimes (the schema's validation_error comes first). */
const duplicateEvents = fc.tuple(fc.uniqueArray(fc.oneof(w(3, knownEvent), w(1, unknownEvent)), { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat()).map(([events, which, where]) => {
  const copy = [...events];
  copy.splice(where % (copy.length + 1), 0, events[which % events.length] as string);
  return copy;
});
const eventsValue = fc.oneof(
  w(16, validEvents),
  // mostly distinct (a duplicate is the next line's business), with unknown names and non-strings among them
  w(5, fc.uniqueArray(fc.oneof(w(6, knownEvent), w(2, unknownEvent), w(1, anyWrongType)), { maxLength: EVENTS_SCHEMA.maxItems + 2, selector: (e) => JSON.stringify(e) })),
  w(2, duplicateEvents),
  // documented names and one unknown one, anywhere
  w(4, fc.tuple(fc.uniqueArray(knownEvent, { maxLength: 6 }), unknownEvent, fc.nat()).map(([events, unknown, where]) => {
    const copy: string[] = [...events];
    copy.splice(where % (copy.length + 1), 0, unknown);
    return copy;
  })),
  w(1, fc.constant([])),
  w(1, fc.oneof(anyWrongType, knownEvent).filter((v) => !Array.isArray(v))),
);
const isActiveValue = fc.oneof(w(4, fc.boolean()), w(1, fc.constantFrom<unknown>(null, 'true', 'false', 0, 1, [], {}, [true])));

type Entries = Array<[string, unknown]>;
/** Keys the contract does not declare (ignored), hostile ones, and a declared field given again (the last one counts). */
const extraEntry: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.constantFrom<[string, unknown]>(
    ['id', 99],
    ['secret', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['team_id', 202],
    ['team', { id: 202, name: 'Support Team' }],
    ['created_at', '2000-01-01T00:00:00Z'],
    ['Name', 'Shadow'],
    ['URL', 'ftp://example.com'],
    ['events', ['call.ended']],
    ['is_active ', 'no'],
    ['__proto__', { is_active: false, name: 'Proto', url: 'https://proto.example', subscribed_events: ['call.ended'], polluted: 'yes' }],
    ['constructor', { prototype: { polluted: 'yes' } }],
    ['toString', 'x'],
  ),
  fc.tuple(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })),
  fc.oneof(
    nameValue.map((v): [string, unknown] => ['name', v]),
    urlValue.map((v): [string, unknown] => ['url', v]),
    eventsValue.map((v): [string, unknown] => ['subscribed_events', v]),
    isActiveValue.map((v): [string, unknown] => ['is_active', v]),
  ),
);

const fieldsOf = (o: { name: unknown; url: unknown; events: unknown; isActive: unknown }): Entries =>
  (
    [
      ['name', o.name],
      ['url', o.url],
      ['subscribed_events', o.events],
      ['is_active', o.isActive],
    ] as Entries
  ).filter(([, v]) => v !== ABSENT);

const objectText = (entries: Entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;

/** A body object: each field mostly present, sometimes absent, and now and then extra keys before or after. */
const bodyEntries = fc
  .record({
    name: presence(nameValue, 1, 30),
    url: presence(urlValue, 1, 30),
    events: presence(eventsValue, 1, 30),
    isActive: presence(isActiveValue, 4, 3),
    extras: fc.oneof(w(4, fc.constant<Entries>([])), w(1, fc.array(extraEntry, { minLength: 1, maxLength: 3 }))),
    extrasFirst: fc.boolean(),
  })
  .map((b) => (b.extrasFirst ? [...b.extras, ...fieldsOf(b)] : [...fieldsOf(b), ...b.extras]));

/** A body meant to be registered (the oracle still decides). */
const validBodyEntries = fc
  .record({ name: validName, url: httpUrl, events: validEvents, isActive: presence(fc.boolean(), 1, 1) })
  .map((b) => fieldsOf(b));

/** A generated body's text; a counterexample shows it whole unless it is long (a 1 MiB body is cut). */
class Body {
  constructor(
    readonly kind: string,
    readonly text: string,
  ) {}
  [fc.toStringMethod](): string {
    return this.text.length <= 2000 ? `${this.kind} ${JSON.stringify(this.text)}` : `${this.kind} ${JSON.stringify(this.text.slice(0, 200))}… (${this.text.length} characters)`;
  }
}
const notJson = fc.oneof(
  fc.constantFrom('', '   ', '{', '{"name":', "{'name':'W'}", '{name:"W"}', '{"name":"W",}', '{"name":"W"}}', '{"name":"W"} x', 'NaN', 'undefined', 'name=W&url=https://example.com', '\ufeff{}', '{"name":"\\x"}', '<webhook/>'),
  fc.string({ maxLength: 30 }),
);
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  w(40, bodyEntries.map((entries) => new Body('object', objectText(entries)))),
  w(3, fc.oneof(fc.constantFrom<unknown>(null, [], 'x', 5, 0, true, false, [{ name: 'W', url: 'https://example.com', subscribed_events: ['call.ended'] }]), fc.jsonValue({ maxDepth: 2 })).map((v) => new Body('json', serialize(v)))),
  w(4, notJson.map((text) => new Body('text', text))),
  w(1, fc.integer({ min: 60, max: 70 }).map((depth) => new Body('deep', JSON.stringify(new Deep(depth))))),
  // about 1 MiB, clear of the limit either way
  w(5, fc.constantFrom(['x', 1_060_000], ['é', 540_000], ['😀', 270_000], ['x', 1_000_000]).map(([c, n]) => new Body('big', objectText([['name', new Big(c as string, n as number)], ['url', 'https://example.com'], ['subscribed_events', ['call.ended']]])))),
);

// ---- keys, and one request

/** Active keys without a simulated error (every read permission, read-only, another team, none), and none at all or an unknown / inactive one. */
const keyArb = fc.oneof(
  w(10, fc.constant<string | undefined>(EXAMPLE_KEY)),
  w(4, fc.constantFrom<string | undefined>('klen_test_read_only', 'klen_test_other_team', 'klen_test_no_balance')),
  w(5, fc.constant<string | undefined>('klen_test_no_permissions')),
  w(1, fc.constantFrom<string | undefined>(undefined, 'klen_test_inactive', 'klen_nope')),
);
type Via = 'bearer' | 'header' | 'query';
const viaArb = fc.constantFrom<Via>('bearer', 'header', 'query');

async function create(session: string, key: string | undefined, via: Via, text: string): Promise<Sent> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Mock-Session': session };
  if (key !== undefined && via === 'bearer') headers['Authorization'] = `Bearer ${key}`;
  if (key !== undefined && via === 'header') headers['X-API-Key'] = key;
  const path = key !== undefined && via === 'query' ? `${CREATE}?api_key=${encodeURIComponent(key)}` : CREATE;
  const res = await sendJson(sandbox.url, path, { method: 'POST', headers, body: text });
  expectWithinContract(res, CREATE, 'post', false);
  return res;
}

/** The answer's status and code as one string: `201`, `400 invalid_url`… */
const answerOf = (res: Sent) => `${res.status}${res.status >= 400 ? ` ${res.body?.error}` : ''}`;

/** The contract's verdict on a request, after checking the answer is exactly it (status, code, message). */
function expectVerdict(res: Sent, key: string | undefined, text: string): Verdict {
  const v = verdict(key, text);
  const shown = JSON.stringify(res.body)?.slice(0, 300);
  if (isCreated(v)) {
    expect(res.status, `answered ${shown}`).toBe(201);
    return v;
  }
  expect({ status: res.status, error: res.body?.error }, `answered ${shown}`).toEqual({ status: v.status, error: v.error });
  if (v.message !== undefined) expect(res.body.message).toBe(v.message);
  for (const part of v.messageIncludes ?? []) expect(res.body.message).toContain(part);
  return v;
}

/** Every secret a 201 returned (property 3: all distinct; none may appear in a listing or the journal). */
const SECRETS = new Set<string>();

/** Property 3 for one 201: Location, and a fresh `whsec_` secret that is the base64 of 24 bytes. */
function expectRegistered(res: Sent, v: Created, id: number): { secret: string; created_at: string } {
  expect(res.body).toEqual({
    id,
    name: v.name,
    url: v.url,
    subscribed_events: v.events,
    is_active: v.isActive,
    secret: expect.any(String),
    created_at: CLOCK_START,
    team: { id: v.team, name: teamName(v.team) },
  });
  expect(res.headers.get('location')).toBe(`/api/webhooks/${id}/`);
  const secret = res.body.secret as string;
  expect(secret).toMatch(SECRET);
  const base64 = secret.slice('whsec_'.length);
  const key = Buffer.from(base64, 'base64');
  expect(key.length).toBe(24);
  expect(key.toString('base64')).toBe(base64); // canonical base64: nothing dropped by the decoder
  expect(SECRETS.has(secret), `secret ${secret} was returned before`).toBe(false);
  SECRETS.add(secret);
  return { secret, created_at: res.body.created_at as string };
}

interface Listed {
  id: number;
  team_id: number;
  name: string;
  url: string;
  subscribed_events: string[];
  is_active: boolean;
  secret_hint: string;
  created_at: string;
}

/** A world's webhooks through the admin API, checked against admin-openapi.yaml; no secret may show. */
async function listing(session: string): Promise<Listed[]> {
  const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/webhooks`, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  const body = JSON.parse(text) as { session: string; webhooks: Listed[] };
  expect(adminViolations(LISTING, 'get', res.status, body)).toEqual([]);
  expect(res.status).toBe(200);
  expectNoSecretIn(text, `the listing of ${session}`);
  return body.webhooks;
}

/** The journal's entries of a session (newest first), as JSON text and parsed. */
async function journal(session?: string): Promise<{ text: string; entries: Array<{ path: string; status: number; session: string | null }> }> {
  const query = session === undefined ? 'limit=1000' : `session=${encodeURIComponent(session)}&limit=1000`;
  const res = await fetch(`${sandbox.url}/__mock/requests?${query}`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, entries: (JSON.parse(text) as { entries: Array<{ path: string; status: number; session: string | null }> }).entries };
}

/** How many deliveries a world's log holds (registration calls no URL: the contract says so). */
async function deliveries(session: string): Promise<number> {
  const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/deliveries`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { total: number };
  expect(adminViolations('/__mock/sessions/{name}/deliveries', 'get', res.status, body)).toEqual([]);
  return body.total;
}

/**
 * No secret a 201 returned shows in `text`: every `whsec_` token in it (a secret is `whsec_` and
 * 32 base64 characters, which JSON does not escape) is looked up, so the check costs one pass
 * however many secrets there are.
 */
function expectNoSecretIn(text: string, where: string): void {
  const leaked = (text.match(/whsec_[A-Za-z0-9+/]{32}/g) ?? []).filter((token) => SECRETS.has(token));
  expect(leaked, `${where} shows a secret`).toEqual([]);
}

const listedOf = (v: Created, id: number, shown: { secret: string; created_at: string }): Listed => ({
  id,
  team_id: v.team,
  name: v.name,
  url: v.url,
  subscribed_events: v.events,
  is_active: v.isActive,
  secret_hint: `${shown.secret.slice(0, 10)}…`,
  created_at: shown.created_at,
});

/** The body, when its text is an object whose `url` the schema takes and the sandbox's URL rule refuses (whatever else is wrong with it). */
function urlRefusedBySandboxRuleIn(text: string): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const url = own(body, 'url');
  const schemaTakes = stringProblems('/url', url, URL_SCHEMA, URL_PATTERN, true).length === 0;
  return schemaTakes && !sandboxCanSendTo(url as string) ? body : undefined;
}

const tally = (seen: Map<string, number>, key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
const sortedTally = (seen: Map<string, number>) => JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b))));

// ============================================================================================

describe('the oracle reads openapi.yaml as it is', () => {
  it('createWebhook maps body problems by these rules, in this order, and bounds its fields so', () => {
    const operation = contract.paths?.[CREATE]?.post as OpenAPIV3_1.OperationObject & { operationId?: string; 'x-klen-validation-errors'?: Rule[] };
    expect(operation.operationId).toBe('createWebhook');
    expect(operation['x-klen-validation-errors']).toEqual(RULES);
    expect(REQUEST.required).toEqual(['name', 'url', 'subscribed_events']);
    expect({ name: NAME, url: URL_SCHEMA, events: EVENTS_SCHEMA }).toMatchObject({
      name: { minLength: 1, maxLength: 255, pattern: '\\S' },
      url: { minLength: 1, maxLength: 2048, format: 'uri' },
      events: { minItems: 1, maxItems: 11, uniqueItems: true },
    });
    expect(EVENT_TYPES).toHaveLength(11);
    expect(DOCUMENTED.get('invalid_url')).toBe('URL must be an absolute http or https URL');
  });

  it('says the sandbox refuses, after the schema and before the event names, a URL Node cannot parse', () => {
    expect((URL_SCHEMA as { description?: string }).description).toMatch(/WHATWG URL parser refuses.*is `400 invalid_url`.*after the schema and before the event names/s);
  });

  it('reads format: uri as RFC 3986, the pattern as written, and the sandbox rule as Node parses', () => {
    /** Which check refuses a URL string: none, the schema (its pattern or format: uri), or the sandbox rule. */
    const refuser = (url: string) => (!URL_PATTERN.test(url) || !isRfc3986Uri(url) ? 'schema' : sandboxCanSendTo(url) ? 'none' : 'sandbox');
    const cases: Record<string, 'none' | 'schema' | 'sandbox'> = {
      'https://example.com/webhooks/klen': 'none',
      'HTTP://EXAMPLE.COM': 'none',
      'http://[::1]:3000/x': 'none',
      'http://[::ffff:127.0.0.1]/': 'none',
      'http://[2001:0db8::0001]/': 'none',
      'http://[::ffff:0.0.0.0]/': 'none',
      'http://user:pw@example.com': 'none',
      'http://exa%41mple.com/': 'none',
      'http://127.0.0.1:8080?q=/?#f': 'none',
      'http://255.255.255.255:65535/': 'none',
      'http://0x7f.1/': 'none',
      // RFC 3986 takes an empty host, or an IPvFuture; the pattern needs a host, and takes neither
      'http://:80/': 'schema',
      'http://user@/x': 'schema',
      'Https://@': 'schema',
      'http://[v7.a:b]/': 'schema',
      // a port is digits (RFC 3986 and the pattern)
      'http://a:b@c:d/': 'schema',
      'http://example.com:abc/': 'schema',
      // not RFC 3986, though the pattern takes them
      'http://[::1.2.3.04]/': 'schema',
      'http://[::ffff:127.0.0.01]/': 'schema',
      'http://[::ffff:010.0.0.1]/': 'schema',
      'http://münchen.de/': 'schema',
      'http://x/a%zz': 'schema',
      'http://x/{id}': 'schema',
      'http://x/a|b': 'schema',
      // neither
      'http://[::1/': 'schema',
      'http://[::1%eth0]/': 'schema',
      'http://x/a b': 'schema',
      'javascript:alert(1)': 'schema',
      // the schema takes them; Node's URL parser does not
      'http://example.com:99999/hook': 'sandbox',
      'http://example.com:65536/': 'sandbox',
      'http://256.256.256.256/': 'sandbox',
      'http://1.2.3.256/': 'sandbox',
      'http://1.2.3.4.5/': 'sandbox',
      'http://4294967296/': 'sandbox',
      'http://example.09/': 'sandbox',
      'http://a%2Fb/': 'sandbox',
    };
    expect(Object.fromEntries(Object.keys(cases).map((url) => [url, refuser(url)]))).toEqual(cases);
  });
});

describe('POST /api/webhooks/create/ over generated bodies', () => {
  it(`answers ${RUNS} generated bodies within the contract, as the oracle predicts, and registers only the 201s (properties 1 and 3)`, { timeout: P1_TIME_LIMIT + 30_000 }, async () => {
    const seen = new Map<string, number>();
    const baseline = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(keyArb, viaArb, bodyArb, async (key, via, body) => {
        const session = freshSession('p1');
        const res = await create(session, key, via, body.text);
        const v = expectVerdict(res, key, body.text);
        tally(seen, answerOf(res));
        if (res.body?.error === 'missing_parameter') tally(seen, `  ${res.body.message}`);
        const parsed = urlRefusedBySandboxRuleIn(body.text);
        if (!isCreated(v) && v.bySandboxUrlRule) {
          // what a URL the sandbox takes would have got: the rule must come before these checks
          const otherwise = verdict(key, JSON.stringify({ ...parsed, url: 'https://example.com/' }));
          tally(seen, `  invalid_url by the sandbox rule, else ${isCreated(otherwise) ? '201' : otherwise.error}`);
        } else if (parsed !== undefined) tally(seen, `  a URL only the sandbox rule refuses, answered ${answerOf(res)} before it`);
        // a fresh world: the first webhook is 1, and a refused request registers nothing
        const listed = await listing(session);
        if (isCreated(v)) expect(listed).toEqual([listedOf(v, 1, expectRegistered(res, v, 1))]);
        else expect(listed).toEqual([]);
        expectPrototypesClean(baseline);
      }),
      fcOptions(RUNS, P1_TIME_LIMIT),
    );
    console.info(`createWebhook answers over ${RUNS} bodies: ${sortedTally(seen)}`);
    if (RUNS >= COVERAGE_RUNS && !REPLAYING) {
      expect([...seen.keys()], sortedTally(seen)).toEqual(
        expect.arrayContaining([
          '201',
          '400 missing_parameter',
          '400 invalid_url',
          expect.stringMatching(/^ {2}invalid_url by the sandbox rule, else /),
          expect.stringMatching(/^ {2}a URL only the sandbox rule refuses, answered 400 /),
          '400 validation_error',
          '400 invalid_event_type',
          '400 invalid_json',
          '403 permission_denied',
          '413 payload_too_large',
        ]),
      );
    }
  });
});

describe('registrations read back, per session', () => {
  /** One registration: which of two sessions, with which key, sent how, which body. */
  const step = fc.record({
    target: fc.constantFrom<'a' | 'b'>('a', 'b'),
    key: fc.oneof(w(4, fc.constant(EXAMPLE_KEY)), w(3, fc.constantFrom('klen_test_read_only', 'klen_test_other_team', 'klen_test_no_balance', 'klen_test_no_permissions'))),
    via: viaArb,
    body: fc.oneof(w(5, validBodyEntries.map((entries) => new Body('object', objectText(entries)))), w(2, bodyArb)),
  });

  it(`lists exactly the 201s of ${SEQUENCES} sequences, in order, as sent, with a secret hint and never a secret; no other world sees them (properties 2, 3 and 4)`, { timeout: P2_TIME_LIMIT + 30_000 }, async () => {
    let registered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const names = { a: freshSession('p2a'), b: freshSession('p2b') };
        const model: Record<'a' | 'b', Listed[]> = { a: [], b: [] };
        const statuses: Record<'a' | 'b', number[]> = { a: [], b: [] };
        for (const s of steps) {
          const res = await create(names[s.target], s.key, s.via, s.body.text);
          const v = expectVerdict(res, s.key, s.body.text);
          statuses[s.target].push(res.status);
          if (isCreated(v)) {
            const id = model[s.target].length + 1;
            model[s.target].push(listedOf(v, id, expectRegistered(res, v, id)));
            registered += 1;
          }
        }
        // property 2 and 4: each session lists its own 201s, ids 1..n; the default world none
        expect(await listing(names.a)).toEqual(model.a);
        expect(await listing(names.b)).toEqual(model.b);
        expect(await listing('default')).toEqual([]);
        // the journal has each session's requests, newest first, and no secret; no URL was called
        for (const target of ['a', 'b'] as const) {
          expect(await deliveries(names[target]), `deliveries in ${names[target]}`).toBe(0);
          const { text, entries } = await journal(names[target]);
          expectNoSecretIn(text, `the journal of ${names[target]}`);
          expect(entries.map((e) => e.status).reverse()).toEqual(statuses[target]);
          expect(entries.every((e) => e.path === CREATE && e.session === names[target])).toBe(true);
        }
      }),
      fcOptions(SEQUENCES, P2_TIME_LIMIT),
    );
    if (SEQUENCES >= 20) expect(registered, 'the sequences registered next to nothing').toBeGreaterThan(SEQUENCES);
  });

  it('never shows a secret in the whole request journal, and the default world has no webhook', async () => {
    expect(SECRETS.size).toBeGreaterThan(0);
    const { text, entries } = await journal();
    expect(entries.length).toBeGreaterThan(0);
    expectNoSecretIn(text, 'the request journal');
    expect(await listing('default')).toEqual([]);
  });
});

describe('what the server once answered otherwise (regressions)', () => {
  /**
   * Requests the server answered against the contract before its fixes: "__proto__" listed twice
   * got past uniqueItems, the url pattern took no host and a port that is not digits, and a URL
   * Node cannot parse was registered (and crashed the first delivery to it). Each answer must be
   * the oracle's, which the case also names, and must register nothing.
   */
  const body = (url: string, subscribed_events: unknown = ['call.ended']) => ({ name: 'W', url, subscribed_events });
  const cases = [
    { what: 'an event listed twice, "__proto__"', body: { ...body('https://example.com/hook'), subscribed_events: ['__proto__', '__proto__'] }, answer: '400 validation_error', by: 'schema', says: '/subscribed_events must NOT have duplicate items' },
    ...['http://:80/hook', 'Https://@', 'http://user@/x'].map((url) => ({ what: `a URL without a host, ${url}`, body: body(url), answer: '400 invalid_url', by: 'schema' })),
    ...['http://example.com:abc/hook', 'http://a:b@c:d/x'].map((url) => ({ what: `a port that is not digits, ${url}`, body: body(url), answer: '400 invalid_url', by: 'schema' })),
    { what: 'a port over 65535', body: body('http://example.com:99999/hook'), answer: '400 invalid_url', by: 'sandbox' },
    { what: 'an IPv4 address with parts over 255', body: body('http://256.256.256.256/'), answer: '400 invalid_url', by: 'sandbox' },
    { what: 'an IPv4 part with a leading zero in an IPv6 literal, and no event', body: body('http://[::ffff:127.0.0.01]/hook', []), answer: '400 invalid_url', by: 'schema' },
    { what: 'a port over 65535 and no event (the schema first)', body: body('http://example.com:99999/hook', []), answer: '400 validation_error', by: 'schema' },
  ];
  for (const c of cases) {
    it(`${c.what}: ${c.answer}, by the ${c.by === 'schema' ? 'schema' : "sandbox's URL rule"}`, async () => {
      const text = JSON.stringify(c.body);
      const v = verdict(EXAMPLE_KEY, text);
      expect(isCreated(v) ? '201' : `${v.status} ${v.error}`).toBe(c.answer);
      expect(schemaProblems(c.body).length > 0 ? 'schema' : 'sandbox').toBe(c.by);
      const session = freshSession('regression');
      const res = await create(session, EXAMPLE_KEY, 'bearer', text);
      expectVerdict(res, EXAMPLE_KEY, text);
      if ('says' in c) expect(res.body.message).toContain(c.says);
      expect(await listing(session)).toEqual([]);
    });
  }
});
