import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './helpers/cli-process.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';

const EXAMPLE_KEY = 'klen_abcdef123456789';

describe('klen-mock CLI', () => {
  it('prints the URL and a ready-to-paste curl, serves, and closes on SIGTERM', async () => {
    const cli = await startCli(['--port', '0']);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cli.output()).toContain(`curl -H 'Authorization: Bearer ${EXAMPLE_KEY}' ${cli.url}/api/v1/calls/123`);
    const res = await fetch(`${cli.url}/api/v1/calls/123`, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } });
    expect(res.status).toBe(200);
    const { code, ms } = await cli.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2000);
  });

  it('closes on SIGINT (Ctrl-C) at once when nothing is in flight, even with an idle keep-alive connection open', async () => {
    const cli = await startCli(['--port', '0']);
    // fetch keeps its connection open for reuse: the shutdown must not wait for it
    expect((await fetch(`${cli.url}/api/v1/calls/123`, { headers: { Authorization: `Bearer ${EXAMPLE_KEY}` } })).status).toBe(200);
    const { code, ms } = await cli.stop('SIGINT');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2000);
  });

  it('reads HOST, PORT and KLEN_MOCK_FIXTURES from the environment', async () => {
    const dir = fixtureDir({ 'calls.json': shippedCalls().slice(0, 3) });
    const cli = await startCli([], { env: { PORT: '0', HOST: '127.0.0.1', KLEN_MOCK_FIXTURES: dir } });
    expect(cli.output()).toContain(`3 calls from ${path.join(dir, 'calls.json')}`);
    await cli.stop();
  });

  it('--host 0.0.0.0 shows a localhost URL a browser can use', async () => {
    const cli = await startCli(['--host', '0.0.0.0', '--port', '0']);
    expect(cli.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await fetch(`${cli.url}/api/v1/calls/123?api_key=${EXAMPLE_KEY}`)).status).toBe(200);
    await cli.stop();
  });

  it.each([
    [['--port', 'eighty'], '--port: must be a whole number from 0 to 65535, got "eighty"'],
    [['--port', '70000'], '--port: must be a whole number from 0 to 65535, got "70000"'],
    [['--colour'], "Unknown option '--colour'"],
    [['--fixtures', '/nonexistent/dir'], '/nonexistent/dir: fixtures directory does not exist'],
  ])('exits 1 with one clear message for %o', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 1 naming file, record and field for a broken fixture', async () => {
    const calls = shippedCalls();
    calls[2]!.billing.initial_charge = -1;
    const dir = fixtureDir({ 'calls.json': calls });
    const { code, stderr } = await runCli(['--fixtures', dir]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`klen-mock: ${path.join(dir, 'calls.json')}: record 2 (id 125): /billing/initial_charge must be >= 0`);
  });

  it('exits 1 when the port is taken', async () => {
    const first = await startCli(['--port', '0']);
    const port = new URL(first.url).port;
    const { code, stderr } = await runCli(['--port', port]);
    expect(code).toBe(1);
    expect(stderr).toContain('EADDRINUSE');
    await first.stop();
  });

  it('--check validates contract and fixtures, says what it loaded, and serves nothing', async () => {
    const ok = await runCli(['--check']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*openapi\.yaml \(24 operations\), 68 calls from .*calls\.json, 9 agents from .*agents\.json, 106 contacts from .*contacts\.json, 9 context variables from .*context-variables\.json, 58 calendar events from .*calendar-events\.json, 8 keys from .*keys\.json\n$/);
    const calls = shippedCalls();
    calls[0]!.status = 'ringing';
    const bad = await runCli(['--check', '--fixtures', fixtureDir({ 'calls.json': calls })]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('record 0 (id 123): /status must be one of "queued", "in-progress", "completed", "failed"');
  });

  it('--help and --version', async () => {
    expect((await runCli(['--help'])).stdout).toContain('Usage: klen-mock [options]');
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
