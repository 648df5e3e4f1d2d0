import { afterAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/auth/rate-limiter.js';
import { createMockServer, silentLogger } from '../src/index.js';
import { startCli } from './helpers/cli-process.js';
import { contractViolations } from './helpers/contract.js';
import { bearer, CALL_PATH, EXAMPLE_KEY } from './helpers/sandbox.js';

describe('the fixed window', () => {
  it('allows `limit` requests per window and per key, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, { windowMs: 60_000, now: () => now });
    expect(limiter.hit('a')).toBeUndefined();
    now += 10_000;
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('b')).toBeUndefined(); // another key, its own window
    now += 5_500;
    expect(limiter.hit('a')).toBe(45); // 44.5 s left, rounded up
    now = 1_000_000 + 59_999;
    expect(limiter.hit('a')).toBe(1);
    now = 1_000_000 + 60_000; // the window is over
    expect(limiter.hit('a')).toBeUndefined();
  });
});

describe('--rate-limit over HTTP', async () => {
  const server = await createMockServer({ logger: silentLogger, rateLimit: 3 });
  const url = await server.listen(0);
  afterAll(() => server.close());

  it('answers 429 rate_limit_exceeded with Retry-After after N requests of a key, by any method', async () => {
    const statuses = [];
    for (const init of [bearer(), { headers: { 'X-API-Key': EXAMPLE_KEY } }, {}]) {
      const suffix = init === undefined || Object.keys(init).length === 0 ? `?api_key=${EXAMPLE_KEY}` : '';
      statuses.push((await fetch(`${url}/api/v1/calls/123${suffix}`, init)).status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await fetch(`${url}/api/v1/calls/123`, bearer());
    const body = await limited.json();
    expect(limited.status).toBe(429);
    expect(body).toEqual({ error: 'rate_limit_exceeded', message: 'Rate limit exceeded' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(contractViolations(CALL_PATH, 'get', 429, limited.headers.get('content-type'), body, limited.headers)).toEqual([]);
  });

  it('counts each key on its own, and does not count requests without a valid key', async () => {
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${url}/api/v1/calls/123`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/calls/126`, bearer('klen_test_other_team'))).status).toBe(200);
  });
});

describe('--rate-limit from the CLI', () => {
  it('without a number is the documented 60 per minute', async () => {
    const cli = await startCli(['--port', '0', '--rate-limit', '--log-level', 'silent']);
    expect(cli.output()).toContain('rate limit 60 requests per minute per key');
    await cli.stop();
  });

  it('with a number', async () => {
    const cli = await startCli(['--port', '0', '--rate-limit', '2', '--log-level', 'silent']);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${cli.url}/api/v1/calls/123`, bearer())).status);
    expect(statuses).toEqual([200, 200, 429]);
    await cli.stop();
  });
});
