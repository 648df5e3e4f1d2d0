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
  it('--log-format json: one JSON line per request, with method, path, status, ms, simulation', async () => {
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
    expect(requests[0]).toMatchObject({ level: 30, method: 'GET', path: '/api/v1/calls/123', status: 200, auth: { method: 'bearer', key: 'klen_a…789' } });
    expect(typeof requests[0].durationMs).toBe('number');
    expect(typeof requests[0].time).toBe('string');
    expect(requests[5]).toMatchObject({ status: 500, simulation: { error: 'server_error' } });
    expect(requests[2].query).toEqual({ api_key: 'klen_s…_42' });
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

  it('pretty: one readable line per request', async () => {
    const cli = await startCli(['--port', '0']);
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
