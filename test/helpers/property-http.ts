/**
 * What the property tests of the operations share (property-operations.test.ts,
 * property-contacts.test.ts): the oracle of the checks every operation makes before its handler,
 * the sandbox control headers, one request with a time limit, what every answer must be, and
 * generated JSON that is built only when sent (huge, deep, raw numbers, hostile keys).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { headerText, sometimes, type Credentials } from './arbitraries.js';
import { contractViolations } from './contract.js';

/** A sandbox key as `fixtures/keys.json` has it. */
export interface KeyFixture {
  key: string;
  team_id: number;
  permissions: string[];
  active: boolean;
  simulate?: string;
}

/** An expected refusal: its status and error code. */
export interface Refusal {
  status: number;
  error: string;
}

/** What the documented order of checks gives a key (Bearer, X-API-Key, query already resolved): a refusal, or the team. */
export function keyVerdict(keys: readonly KeyFixture[], key: string | undefined, permission: string): Refusal | { team: number } {
  if (key === undefined) return { status: 401, error: 'authentication_required' };
  const record = keys.find((k) => k.key === key && k.active);
  if (!record) return { status: 401, error: 'invalid_key' };
  if (record.simulate === 'server_error') return { status: 500, error: 'server_error' };
  if (record.simulate === 'rate_limit_exceeded') return { status: 429, error: 'rate_limit_exceeded' };
  if (!record.permissions.includes(permission)) return { status: 403, error: 'permission_denied' };
  return { team: record.team_id };
}

/** The deepest nesting of `[` and `{` outside strings in a text that may not be JSON. */
export function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth -= 1;
  }
  return deepest;
}

/** JSON: application/json or a `+json` type, any case and parameters; no Content-Type at all counts as JSON too. */
export function isJsonMediaType(type: string | undefined): boolean {
  const essence = type?.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === '' || essence === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(essence);
}

export type IntegerVerdict = 'valid' | 'invalid' | 'lenient';

/**
 * Whether a value is an integer in [min, max]: decimal digits are, in range; anything that is not
 * an integer at all, or out of range, is not. Other spellings of an in-range integer (`0x2`,
 * ` 2`, `1e1`) and integers past 2^53 are `lenient`: the contract does not say, so 200 and 400
 * are both taken, but a 200 must echo the number.
 */
export function integerVerdict(value: string, min: number, max: number): IntegerVerdict {
  const n = Number(value);
  if (/^[0-9]+$/.test(value)) return n < min || n > max ? 'invalid' : Number.isSafeInteger(n) ? 'valid' : 'lenient';
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) return 'invalid';
  return 'lenient';
}

// ---- sandbox control headers, now and then (the oracle stands aside when a request sends any)

export interface Controls {
  mockError?: string | undefined;
  prefer?: string | undefined;
  delay?: string | undefined;
}

/**
 * No control header `none` times in `none + 1`; else `X-Mock-Error`, `Prefer` and `X-Mock-Delay`
 * values, valid (the operations' `codes`) and not.
 */
export function controlsArbitrary(codes: readonly string[], none: number): fc.Arbitrary<Controls> {
  const values = fc.record({
    mockError: sometimes(fc.oneof(fc.constantFrom(...codes, 'SERVER_ERROR', ' invalid_key ', 'teapot'), headerText(20))),
    prefer: sometimes(
      fc.oneof(
        fc.constantFrom(200, 201, 400, 401, 402, 403, 404, 413, 415, 418, 429, 500, 503).map((code) => `code=${code}`),
        fc.tuple(fc.constantFrom(400, 401, 403, 404, 500), fc.constantFrom(...codes, 'nope')).map(([code, example]) => `code=${code}, example=${example}`),
        fc.constantFrom(...codes).map((example) => `example=${example}`),
        headerText(30),
      ),
    ),
    delay: sometimes(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', 'abc', '30001', '1.5', '') })),
  });
  return fc.oneof({ weight: none, arbitrary: fc.constant<Controls>({}) }, { weight: 1, arbitrary: values });
}

export const hasControls = (c: Controls) => c.mockError !== undefined || c.prefer !== undefined || c.delay !== undefined;

export function controlHeaders(c: Controls): Record<string, string> {
  const headers: Record<string, string> = {};
  if (c.mockError !== undefined) headers['X-Mock-Error'] = c.mockError;
  if (c.prefer !== undefined) headers['Prefer'] = c.prefer;
  if (c.delay !== undefined) headers['X-Mock-Delay'] = c.delay;
  return headers;
}

/** Did a control header or the winning key ask for a 5xx? */
export function askedForServerError(c: Controls, key: string | undefined): boolean {
  return c.mockError?.trim().toLowerCase() === 'server_error' || /code=5|example=server_error/i.test(c.prefer ?? '') || key === 'klen_test_server_error';
}

/** One key, sent one documented way. */
export const singleCredential = (key: fc.Arbitrary<string>): fc.Arbitrary<Credentials> =>
  fc.tuple(fc.constantFrom('bearer', 'header', 'query'), key).map(([method, k]) => ({
    authorization: method === 'bearer' ? `Bearer ${k}` : undefined,
    apiKeyHeader: method === 'header' ? k : undefined,
    apiKeyQuery: method === 'query' ? k : undefined,
  }));

// ---- one request, and what every answer must be

export interface Sent {
  status: number;
  headers: Headers;
  body: any;
}

/** One request; a hang is a failure with a counterexample (the 5 s timeout), not a silent test timeout. */
export async function sendJson(baseUrl: string, path: string, init: RequestInit = {}): Promise<Sent> {
  const response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  } catch {
    throw new Error(`${init.method ?? 'GET'} ${path.slice(0, 200)} answered ${response.status} with a body that is not JSON: ${text.slice(0, 100)}`);
  }
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What every answer must be: declared, schema-valid, in the envelope when an error, no 5xx nobody asked for. */
export function expectWithinContract(res: Sent, path: string, method: Method, askedFor5xx: boolean): void {
  expect(contractViolations(path, method, res.status, res.headers.get('content-type'), res.body, res.headers)).toEqual([]);
  if (res.status >= 400) {
    // 402's documented detail fields are the only addition to the envelope
    expect(Object.keys(res.body as object).sort()).toEqual(res.status === 402 ? ['current_balance', 'error', 'message', 'required_rate'] : ['error', 'message']);
  }
  if (res.status >= 500) expect(askedFor5xx, `an unrequested ${res.status} ${JSON.stringify(res.body)}`).toBe(true);
}

/** Nothing a body sent reached Object.prototype of this process (the server runs in it). */
export function expectPrototypesClean(baseline: readonly string[]): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(baseline);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  expect((Object.create(null) as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

// ---- generated JSON, built only when sent

/** A long string, built only when the body is sent (a counterexample prints as `Big("é" × 524300)`). */
export class Big {
  constructor(
    readonly char: string,
    readonly count: number,
  ) {}
  toJSON(): string {
    return this.char.repeat(this.count);
  }
  [fc.toStringMethod](): string {
    return `Big(${JSON.stringify(this.char)} × ${this.count})`;
  }
}

/** `depth` levels of objects and arrays (the outermost an object), built only when sent. */
export class Deep {
  constructor(readonly depth: number) {}
  toJSON(): unknown {
    let value: unknown = 'leaf';
    for (let level = this.depth - 1; level >= 0; level -= 1) value = level % 2 === 0 ? { k: value } : [value];
    return value;
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.depth})`;
  }
}

/** A JSON number as written (`1e999`, `123.0`), anywhere in a body. */
export class RawNumber {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `RawNumber(${this.text})`;
  }
}

/** A value JSON.parse gives own `__proto__` / `constructor` / `prototype` keys (an object literal would set the prototype instead). */
export const hostile = (json: string) => fc.constant(json).map((text) => JSON.parse(text) as unknown);

/** JSON text of a generated value: own keys only (an own `__proto__` too), RawNumber as written. */
export function serialize(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (value instanceof Big || value instanceof Deep) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${serialize((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Nesting depths around the sandbox's limit of 64, and far past it. */
export const depthArb = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 61, max: 66 }));

/** A value of the wrong JSON type for almost any field. */
export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
);
