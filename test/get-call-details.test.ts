import { describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE, documentedErrors } from './helpers/contract.js';
import { bearer, EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const { call } = useSandbox();
const ERRORS = documentedErrors('/api/v1/calls/{call_id}', 'get');

describe('GET /api/v1/calls/{call_id}: the documented example', () => {
  it.each(['123', 'call_def456'])('answers the Example Response for id %s, exactly', async (id) => {
    const res = await call(`/api/v1/calls/${id}`, bearer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual(DOCUMENTED_EXAMPLE.value);
    // the numbers of the page, as numbers
    expect(res.body.billing).toEqual({ status: 'billed', initial_charge: 1.5, final_charge: 2.25, total_charge: 2.25 });
  });

  it.each([
    ['Authorization: Bearer', '/api/v1/calls/123', { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } }],
    ['X-API-Key', '/api/v1/calls/123', { headers: { 'X-API-Key': EXAMPLE_KEY } }],
    ['?api_key=', `/api/v1/calls/123?api_key=${EXAMPLE_KEY}`, {}],
  ] as const)('accepts the key by %s', async (_method, path, init) => {
    const res = await call(path, init);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(123);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await call('/api/v1/calls/123', { method: 'HEAD', ...bearer() });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });
});

describe('authentication and permissions, in the documented order', () => {
  it.each([
    ['no key at all', '/api/v1/calls/123', {}, 401, 'authentication_required'],
    ['an empty Bearer token', '/api/v1/calls/123', { headers: { Authorization: 'Bearer ' } }, 401, 'authentication_required'],
    ['Basic credentials instead of a key', '/api/v1/calls/123', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, 401, 'authentication_required'],
    ['an empty api_key', '/api/v1/calls/123?api_key=', {}, 401, 'authentication_required'],
    ['an unknown key', '/api/v1/calls/123', bearer('klen_nope'), 401, 'invalid_key'],
    ['an inactive key', '/api/v1/calls/123', bearer('klen_test_inactive'), 401, 'invalid_key'],
    ['an unknown key, even for a missing call', '/api/v1/calls/999999', bearer('klen_nope'), 401, 'invalid_key'],
    ['a key without can_read_calls', '/api/v1/calls/123', bearer('klen_test_no_permissions'), 403, 'permission_denied'],
    ['a key without can_read_calls, even for a missing call', '/api/v1/calls/999999', bearer('klen_test_no_permissions'), 403, 'permission_denied'],
    ['a call that does not exist', '/api/v1/calls/999999', bearer(), 404, 'not_found'],
    ['a call of another team', '/api/v1/calls/123', bearer('klen_test_other_team'), 404, 'not_found'],
  ] as const)('%s → %i %s', async (_case, path, init, status, code) => {
    const res = await call(path, init);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: code, message: ERRORS.find((e) => e.code === code)?.message });
  });

  it('uses the documented messages', async () => {
    expect((await call('/api/v1/calls/123')).body.message).toBe('API key is required');
    expect((await call('/api/v1/calls/123', bearer('x'))).body.message).toBe('Invalid or inactive API key');
    expect((await call('/api/v1/calls/123', bearer('klen_test_no_permissions'))).body.message).toBe('This API key does not have can_read_calls permission');
    expect((await call('/api/v1/calls/1', bearer())).body.message).toBe('Call not found or you do not have access');
  });

  it('takes the first present method in the documented order: Bearer, X-API-Key, query', async () => {
    const bearerWins = await call('/api/v1/calls/123?api_key=klen_nope', { headers: { Authorization: `Bearer ${EXAMPLE_KEY}`, 'X-API-Key': 'klen_nope' } });
    expect(bearerWins.status).toBe(200);
    const badBearer = await call('/api/v1/calls/123', { headers: { Authorization: 'Bearer klen_nope', 'X-API-Key': EXAMPLE_KEY } });
    expect(badBearer.body.error).toBe('invalid_key');
    const headerOverQuery = await call(`/api/v1/calls/123?api_key=klen_nope`, { headers: { 'X-API-Key': EXAMPLE_KEY } });
    expect(headerOverQuery.status).toBe(200);
  });

  it('scopes calls to the key team: team 202 sees its own calls, not team 101’s', async () => {
    const own = await call('/api/v1/calls/126', bearer('klen_test_other_team'));
    expect(own.status).toBe(200);
    expect(own.body.team).toEqual({ id: 202, name: 'Support Team' });
    const byCallId = await call(`/api/v1/calls/${own.body.call_id}`, bearer('klen_test_other_team'));
    expect(byCallId.body).toEqual(own.body);
    expect((await call('/api/v1/calls/126', bearer())).status).toBe(404);
  });

  it('ignores query parameters the contract does not declare', async () => {
    const res = await call(`/api/v1/calls/123?_=1700000000&api_key=${EXAMPLE_KEY}`);
    expect(res.status).toBe(200);
  });
});

describe('error simulation', () => {
  it('offers exactly the documented errors of the operation', () => {
    expect(ERRORS.map((e) => `${e.status} ${e.code}`)).toEqual([
      '401 authentication_required',
      '401 invalid_key',
      '403 permission_denied',
      '404 not_found',
      '429 rate_limit_exceeded',
      '500 server_error',
    ]);
  });

  it.each(ERRORS)('X-Mock-Error: $code → $status, even with a valid key', async ({ status, code, message }) => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Error': code }));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: code, message });
  });

  it('X-Mock-Error is case-insensitive and trimmed', async () => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Error': '  Server_Error ' }));
    expect(res.status).toBe(500);
  });

  it.each([
    [401, 'authentication_required'],
    [403, 'permission_denied'],
    [404, 'not_found'],
    [429, 'rate_limit_exceeded'],
    [500, 'server_error'],
  ])('Prefer: code=%i → the first documented error of that status (%s)', async (status, code) => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { Prefer: `code=${status}` }));
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    expect(res.headers.get('preference-applied')).toBe(`code=${status}`);
  });

  it('Prefer: code=401, example=invalid_key picks the other 401', async () => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { Prefer: 'code=401; example=invalid_key' }));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_key');
  });

  it('Prefer: code=200 is the normal flow; other preferences are left alone', async () => {
    expect((await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { Prefer: 'code=200' }))).status).toBe(200);
    expect((await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { Prefer: 'return=minimal' }))).status).toBe(200);
  });

  it.each([
    ['klen_test_server_error', 500, 'server_error'],
    ['klen_test_rate_limited', 429, 'rate_limit_exceeded'],
  ])('special key %s → %i %s', async (key, status, code) => {
    for (const init of [bearer(key), { headers: { 'X-API-Key': key } }]) {
      const res = await call('/api/v1/calls/123', init);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(code);
    }
  });

  it('a 429 carries Retry-After in seconds', async () => {
    for (const init of [bearer('klen_test_rate_limited'), bearer(EXAMPLE_KEY, { 'X-Mock-Error': 'rate_limit_exceeded' }), bearer(EXAMPLE_KEY, { Prefer: 'code=429' })]) {
      const res = await call('/api/v1/calls/123', init);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    }
  });

  it.each([
    [{ 'X-Mock-Error': 'teapot' }, /X-Mock-Error "teapot" names no documented error of getCallDetails\. Valid values: authentication_required, invalid_key, permission_denied, not_found, rate_limit_exceeded, server_error/],
    [{ 'X-Mock-Error': 'validation_error' }, /names no documented error/],
    [{ Prefer: 'code=418' }, /Prefer code=418 is not a documented error status of getCallDetails\. Valid values: 401, 403, 404, 429, 500/],
    [{ Prefer: 'code=abc' }, /Prefer code=abc/],
    [{ Prefer: 'code=401, example=not_found' }, /Valid values: authentication_required, invalid_key/],
    [{ 'X-Mock-Error': 'not_found', Prefer: 'code=500' }, /send one of them/],
    [{ 'X-Mock-Delay': 'soon' }, /X-Mock-Delay must be a whole number of milliseconds from 0 to 30000, got "soon"/],
    [{ 'X-Mock-Delay': '-5' }, /from 0 to 30000/],
    [{ 'X-Mock-Delay': '1.5' }, /from 0 to 30000/],
    [{ 'X-Mock-Delay': '30001' }, /from 0 to 30000/],
  ])('a value it cannot honour (%o) is a 400 validation_error saying what is valid', async (headers, message) => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, headers));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_error');
    expect(res.body.message).toMatch(message);
  });

  it('X-Mock-Delay holds the response back', async () => {
    const started = performance.now();
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Delay': '300' }));
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('X-Mock-Delay applies to simulated errors too', async () => {
    const started = performance.now();
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Delay': '200', 'X-Mock-Error': 'server_error' }));
    expect(res.status).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('edge cases from the property tests', () => {
  it('a key with surrounding whitespace (including NBSP) is the key', async () => {
    expect((await call('/api/v1/calls/123', { headers: { 'X-API-Key': ' klen_abcdef123456789\u00a0' } })).status).toBe(200);
  });

  it('a repeated api_key parameter is one unknown key, not a crash', async () => {
    const res = await call('/api/v1/calls/123?api_key=klen_abcdef123456789&api_key=klen_test_inactive');
    expect(res.body.error).toBe('invalid_key');
  });

  it('Prefer: example=<code> alone picks that error', async () => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { Prefer: 'example=invalid_key' }));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_key');
  });

  it('Latin-1 bytes in X-Mock-Error are a 400 that names the value', async () => {
    const res = await call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Error': 'd\u00e9j\u00e0' }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('"déjà"');
  });

  it('a request head over Node\'s default 16 KiB (5 kB id, two 6 kB keys) is still answered by the contract', async () => {
    // found by property.test.ts: it was a 431 outside the contract
    const res = await call(`/api/v1/calls/${encodeURIComponent(' '.repeat(70) + 'x'.repeat(1600) + '"#%')}`.padEnd(5000, 'y'), {
      headers: { Authorization: `Bearer ${'k'.repeat(6000)}`, 'X-API-Key': 'l'.repeat(6000) },
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_key');
  });

  it('a numeric id beyond 2^53 is a plain miss', async () => {
    expect((await call('/api/v1/calls/999999999999999999999', bearer())).status).toBe(404);
  });
});
