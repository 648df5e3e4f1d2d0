import { describe, expect, it } from 'vitest';
import { startCli } from './helpers/cli-process.js';

const KEYS = ['klen_abcdef123456789', 'klen_test_inactive', 'klen_secret_not_in_fixtures_42'];

/** Requests carrying keys every way there is, including unknown keys and a repeated query key. */
async function sendKeys(url: string): Promise<void> {
  await fetch(`${url}/api/v1/calls/123`, { headers: { Authorization: `Bearer ${KEYS[0]}` } });
  await fetch(`${url}/api/v1/calls/123`, { headers: { 'X-API-Key': KEYS[1] as string } });
  await fetch(`${url}/api/v1/calls/123?api_key=${KEYS[2]}`);
  await fetch(`${url}/api/v1/calls/123?api_key=${KEYS[0]}&api_key=${KEYS[2]}`);
  await fetch(`${url}/nope?api_key=${KEYS[2]}`);
  await fetch(`${url}/api/v1/calls/123`, { headers: { Authorization: `Bearer ${KEYS[0]}`, 'X-Mock-Error': 'server_error' } });
}

describe('request logging', () => {
  it('--log-format json: one JSON line per request, with method, path, status, ms, key, simulation', async () => {
    const cli = await startCli(['--port', '0', '--log-format', 'json']);
    await sendKeys(cli.url);
    await cli.stop();
    const lines = cli
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const requests = lines.filter((l) => l.method);
    expect(requests).toHaveLength(6);
    expect(requests[0]).toMatchObject({ level: 30, method: 'GET', path: '/api/v1/calls/123', status: 200, auth: 'bearer', key: 'Documented example key' });
    expect(typeof requests[0].ms).toBe('number');
    expect(typeof requests[0].time).toBe('number');
    expect(requests[0].msg).toBe(`GET /api/v1/calls/123 200 ${requests[0].ms}ms · key "Documented example key" by bearer`);
    expect(requests[2]).toMatchObject({ status: 401, auth: 'query', key: 'klen_s…_42' });
    expect(requests[5]).toMatchObject({ status: 500, simulated: 'server_error' });
  });

  it('never writes a key, in any format', async () => {
    for (const format of ['json', 'pretty']) {
      const cli = await startCli(['--port', '0', '--log-format', format, '--log-level', 'debug']);
      await sendKeys(cli.url);
      await cli.stop();
      // the banner's ready-to-paste curl shows the public documented key on purpose: look past it
      const logs = cli.output().split('/api/v1/calls/123\n').slice(1).join('\n');
      expect(logs).toMatch(/GET \/api\/v1\/calls\/123/);
      for (const key of KEYS) expect(logs, `${format} output`).not.toContain(key);
    }
  });

  it('without --log-format, stdout that is not a terminal gets JSON (for log collectors)', async () => {
    const cli = await startCli(['--port', '0']);
    await fetch(`${cli.url}/api/v1/calls/123`);
    await cli.stop();
    expect(cli.output()).toMatch(/^\{"level":30,.*"path":"\/api\/v1\/calls\/123".*\}$/m);
  });

  it('json on a pipe: a quiet sandbox’s request line shows at once (the turn of the event loop that answered it), not when a batch fills or at the stop', async () => {
    const cli = await startCli(['--port', '0', '--log-format', 'json']);
    try {
      await fetch(`${cli.url}/api/v1/calls/123`, { headers: { Authorization: `Bearer ${KEYS[0]}` } });
      const asked = performance.now();
      while (!/"path":"\/api\/v1\/calls\/123"/.test(cli.output()) && performance.now() - asked < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(cli.output()).toMatch(/"path":"\/api\/v1\/calls\/123"/);
      expect(performance.now() - asked).toBeLessThan(1000);
    } finally {
      await cli.stop();
    }
  });

  it('pretty: one readable line per request', async () => {
    const cli = await startCli(['--port', '0', '--log-format', 'pretty']);
    await sendKeys(cli.url);
    await cli.stop();
    const requestLines = cli.output().split('\n').filter((l) => / (GET|POST) \//.test(l));
    expect(requestLines).toHaveLength(6);
    expect(requestLines[0]).toMatch(/INFO.*GET \/api\/v1\/calls\/123 200 [\d.]+ms · key "Documented example key" by bearer$/);
    expect(requestLines[5]).toMatch(/500 [\d.]+ms · key "Documented example key" by bearer · simulated server_error$/);
  });

  it('--log-level warn leaves request lines out; KLEN_MOCK_LOG_LEVEL works too', async () => {
    for (const [args, env] of [[['--log-level', 'warn'], {}], [[], { KLEN_MOCK_LOG_LEVEL: 'warn' }]] as const) {
      const cli = await startCli(['--port', '0', ...args], { env });
      await sendKeys(cli.url);
      await cli.stop();
      expect(cli.output()).not.toMatch(/GET \/api\/v1\/calls/);
    }
  });
});
