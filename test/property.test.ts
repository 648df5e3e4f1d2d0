/**
 * Property-based tests of the whole request space of GET /api/v1/calls/{call_id}, over real
 * HTTP. fast-check generates ids, credentials (three methods × valid, invalid, empty,
 * oversized, malformed) and sandbox control headers; every answer must be one the contract
 * declares, in the envelope when it is an error, never a 5xx nobody asked for.
 *
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path>
 * (KLEN_FC_RUNS=<n> for a longer hunt). A counterexample, once fixed, becomes a plain test in
 * the "edge cases from the property tests" block of get-call-details.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialParts, headerText, keyValue, sometimes, winningKey } from './helpers/arbitraries.js';
import { contractViolations, DOCUMENTED_EXAMPLE } from './helpers/contract.js';
import { CALL_PATH, useSandbox } from './helpers/sandbox.js';
import { fcOptions } from './helpers/fc-options.js';

const sandbox = useSandbox();
const RUNS = Number(process.env['KLEN_FC_RUNS'] ?? 5000);
const KEYS = ['klen_abcdef123456789', 'klen_test_no_permissions', 'klen_test_inactive', 'klen_test_other_team', 'klen_test_server_error', 'klen_test_rate_limited'];
const CODES = ['authentication_required', 'invalid_key', 'permission_denied', 'not_found', 'rate_limit_exceeded', 'server_error'];

const callId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('123', 'call_def456', '124', '125', '126', '127', '183') },
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'null', 'undefined', 'NaN', '..', '.'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 5000, size: 'max' }),
  fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.bigInt()).map(String),
  fc.constantFrom('+123', '-123', '1e2', '1.23e2', '0x7b', '0123', '123.0', ' 123', '123 ', '999999999999999999999'),
).map((id) => encodeURIComponent(id));

const rawPercentEncoded = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''));

const key = keyValue(KEYS);

const request = fc.record({
  id: fc.oneof({ weight: 8, arbitrary: callId }, { weight: 1, arbitrary: rawPercentEncoded }),
  ...credentialParts(key),
  mockError: sometimes(fc.oneof(fc.constantFrom(...CODES, 'SERVER_ERROR', ' not_found ', 'validation_error'), headerText(20))),
  prefer: sometimes(
    fc.oneof(
      fc.constantFrom(200, 201, 400, 401, 403, 404, 418, 429, 500, 503).map((code) => `code=${code}`),
      fc.tuple(fc.constantFrom(401, 404, 429, 500), fc.constantFrom(...CODES, 'nope')).map(([code, example]) => `code=${code}, example=${example}`),
      fc.constantFrom(...CODES).map((example) => `example=${example}`),
      headerText(30),
    ),
  ),
  delay: sometimes(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 15 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', 'abc', '30001', '1.5', '', ' 5', '99999999') })),
});

type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toFetch(r: GeneratedRequest): { path: string; init: RequestInit } {
  const headers: Record<string, string> = {};
  if (r.authorization !== undefined) headers['Authorization'] = r.authorization;
  if (r.apiKeyHeader !== undefined) headers['X-API-Key'] = r.apiKeyHeader;
  if (r.mockError !== undefined) headers['X-Mock-Error'] = r.mockError;
  if (r.prefer !== undefined) headers['Prefer'] = r.prefer;
  if (r.delay !== undefined) headers['X-Mock-Delay'] = r.delay;
  const query = r.apiKeyQuery === undefined ? '' : `?api_key=${encodeURIComponent(r.apiKeyQuery)}`;
  return { path: `/api/v1/calls/${r.id}${query}`, init: { headers } };
}

/** What the docs say the key the documented order picks (`winningKey`) gets. */
function expectedForKey(key: string | undefined): { status: number | 'found-or-not'; error?: string } {
  switch (key) {
    case undefined:
      return { status: 401, error: 'authentication_required' };
    case 'klen_abcdef123456789':
    case 'klen_test_other_team':
      return { status: 'found-or-not' };
    case 'klen_test_no_permissions':
      return { status: 403, error: 'permission_denied' };
    case 'klen_test_server_error':
      return { status: 500, error: 'server_error' };
    case 'klen_test_rate_limited':
      return { status: 429, error: 'rate_limit_exceeded' };
    default:
      return { status: 401, error: 'invalid_key' };
  }
}

/** Did a control header or the winning key ask for a 5xx? */
function askedForServerError(r: GeneratedRequest): boolean {
  return r.mockError?.trim().toLowerCase() === 'server_error' || /code=5|example=server_error/.test(r.prefer ?? '') || winningKey(r) === 'klen_test_server_error';
}

async function send(r: GeneratedRequest) {
  const { path, init } = toFetch(r);
  // a hang is a failure with a counterexample, not a silent test timeout
  const response = await fetch(`${sandbox.url}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { response, text, path };
}

describe('the whole request space of GET /api/v1/calls/{call_id}', () => {
  it(`answers ${RUNS} generated requests within the contract`, { timeout: 180_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { response, text, path } = await send(r);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new Error(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 100)}`);
        }
        // within an operation unless the path could not name a call at all (an invalid
        // percent-encoding, or dot segments the client resolved away)
        const pathname = new URL(`${sandbox.url}${path}`).pathname;
        const inOperation = /^\/api\/v1\/calls\/[^/]+$/.test(pathname) && isDecodable(r.id);
        // `.` and `..` resolve (in the client) to the list of calls or above it
        const contractPath = inOperation ? CALL_PATH : /^\/api\/v1\/calls\/?$/.test(pathname) ? '/api/v1/calls' : null;
        expect(contractViolations(contractPath, 'get', response.status, response.headers.get('content-type'), body, response.headers)).toEqual([]);
        if (response.status >= 400) expect(Object.keys(body as object).sort()).toEqual(['error', 'message']);
        if (response.status >= 500) expect(askedForServerError(r), `unrequested ${response.status} for ${JSON.stringify(r).slice(0, 300)}`).toBe(true);
        if (response.status === 200 && contractPath === CALL_PATH) {
          const call = body as { id: number; call_id: string };
          expect([String(call.id), call.call_id]).toContain(decodeURIComponent(r.id));
        }
        // without control headers, the documented order of checks decides, exactly
        if (inOperation && r.mockError === undefined && r.prefer === undefined && r.delay === undefined) {
          const expected = expectedForKey(winningKey(r));
          if (expected.status === 'found-or-not') expect([200, 404]).toContain(response.status);
          else expect({ status: response.status, error: (body as { error?: string }).error }).toEqual(expected);
        }
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
      }),
      fcOptions(RUNS, 120_000),
    );
    // the generators reach every documented answer, not just the easy ones
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 429, 500]));
    console.info(`property run: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
    // and the documented example is still served afterwards
    const after = await fetch(`${sandbox.url}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } });
    expect(await after.json()).toEqual(DOCUMENTED_EXAMPLE.value);
  });
});

function isDecodable(id: string): boolean {
  try {
    decodeURIComponent(id);
    return true;
  } catch {
    return false;
  }
}
