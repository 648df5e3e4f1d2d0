import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../src/cli/verify-command.js';
import { toJUnit } from '../src/verify/junit.js';
import { runVerify, type VerifyReport } from '../src/verify/run-verify.js';
import { runCli } from './helpers/cli-process.js';
import { CONTRACT_FILE, DOCUMENTED_EXAMPLE } from './helpers/contract.js';
import { useSandbox } from './helpers/sandbox.js';
import { fixtureDir } from './helpers/temp-fixtures.js';

const sandbox = useSandbox();
const KEY = 'klen_abcdef123456789';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const failures = (report: VerifyReport) => report.results.filter((r) => r.violations.length > 0);

describe('verify against the sandbox', () => {
  it('passes every documented scenario', async () => {
    const report = await runVerify({ target: sandbox.url, key: KEY, contract: CONTRACT_FILE });
    expect(failures(report)).toEqual([]);
    expect(report.results.map((r) => r.name)).toEqual([
      'call_id "123"',
      'call_id "call_def456" (its call_id, same getCallDetails as "123")',
      'call_id "call_def456"',
      'call_id "123" (its id, same getCallDetails as "call_def456")',
      'no key',
      'an unknown key',
      'key by Authorization: Bearer',
      'key by X-API-Key',
      'key by ?api_key=',
      'call_id that does not exist',
    ]);
    expect(report.results.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 401, 200, 200, 200, 404]);
  });

  it('uses the given ids, and the key as given (team 202)', async () => {
    const report = await runVerify({ target: sandbox.url, key: 'klen_test_other_team', callIds: ['126'], contract: CONTRACT_FILE });
    expect(failures(report)).toEqual([]);
    expect(report.results[1]?.name).toMatch(/^call_id "call_[a-z0-9]+" \(its call_id/);
  });

  it('fails a key that lacks the permission, and says what it expected', async () => {
    const report = await runVerify({ target: sandbox.url, key: 'klen_test_no_permissions', contract: CONTRACT_FILE });
    expect(failures(report)[0]?.violations).toEqual(['expected 200, got 403 permission_denied']);
  });

  it('never shows the key in full, even when sent in the query', async () => {
    const report = await runVerify({ target: sandbox.url, key: KEY, contract: CONTRACT_FILE });
    const text = JSON.stringify(report) + formatReport(report) + toJUnit(report);
    expect(text).not.toContain(KEY);
    expect(text).toContain('api_key=klen_a…789');
  });
});

describe('verify against a deliberately wrong server', () => {
  const methods: string[] = [];
  let wrong: { server: Server; url: string };
  beforeAll(async () => {
    wrong = await listen((req, res) => {
      methods.push(req.method ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      const key = req.headers.authorization?.replace(/^Bearer /, '') ?? req.headers['x-api-key'] ?? url.searchParams.get('api_key');
      if (!key) {
        res.writeHead(418, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'teapot', message: 'I am a teapot' }));
      } else if (url.pathname.endsWith('/klen_mock_verify_missing_0000')) {
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Not Found</body></html>');
      } else {
        // every key is accepted, and the id comes back as a string
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ...DOCUMENTED_EXAMPLE.value, id: '123' }));
      }
    });
  });
  afterAll(() => wrong.server.close());

  it('names each violation: JSON pointer and expectation', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const byName = new Map(report.results.map((r) => [r.name, r.violations]));
    expect(byName.get('call_id "123"')).toEqual(['/id must be integer']);
    expect(byName.get('no key')).toEqual(['status 418 is not declared for getCallDetails', 'expected 401 authentication_required, got 418 teapot']);
    expect(byName.get('an unknown key')).toEqual(['/id must be integer', 'expected 401 invalid_key, got 200']);
    expect(byName.get('call_id that does not exist')).toEqual([
      'content-type is "text/html", the contract says application/json',
      'body is not JSON: "<html><body>Not Found</body></html>"',
      'expected 404 not_found, got 404 without an error code',
    ]);
    expect(report.results.every((r) => r.violations.length > 0)).toBe(true);
  });

  it('sends only GET requests', () => {
    expect(new Set(methods)).toEqual(new Set(['GET']));
  });

  it('prints a line per scenario with its violations, and a summary', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const text = formatReport(report);
    expect(text).toContain('✗ getCallDetails: no key → 418');
    expect(text).toContain('    status 418 is not declared for getCallDetails');
    expect(text.trim().split('\n').at(-1)).toBe('7 scenarios: 0 passed, 7 failed');
  });

  it('writes JUnit XML a CI system can read', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const xml = toJUnit(report);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="klen-mock verify http:\/\/127\.0\.0\.1:\d+" tests="7" failures="7" errors="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain('<failure message="status 418 is not declared for getCallDetails">');
    expect(xml).toContain('&lt;html&gt;');
  });

  it('the CLI exits 1 and writes the JUnit file', async () => {
    const junit = path.join(fixtureDir({}), 'verify.xml');
    const { code, stdout } = await runCli(['verify', '--target', wrong.url, '--key', KEY, '--junit', junit]);
    expect(code).toBe(1);
    expect(stdout).toContain('scenarios: 0 passed');
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="getCallDetails"');
  });
});

describe('verify reports network trouble clearly', () => {
  it('a refused connection', async () => {
    const { server, url } = await listen(() => {});
    server.close();
    await once(server, 'close');
    const report = await runVerify({ target: url, key: KEY, contract: CONTRACT_FILE });
    expect(report.results[0]?.violations).toEqual([expect.stringMatching(/^network error: ECONNREFUSED/)]);
  });

  it('a server that never answers', async () => {
    const { server, url } = await listen(() => {});
    const report = await runVerify({ target: url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE, timeoutMs: 200 });
    expect(report.results[0]?.violations).toEqual(['timed out after 200 ms']);
    server.closeAllConnections();
    server.close();
  });

  it('the CLI passes against the sandbox, exits 0, and rejects bad arguments with exit 1', async () => {
    const ok = await runCli(['verify', '--target', sandbox.url, '--key', KEY]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('10 scenarios: 10 passed, 0 failed');
    expect(ok.stdout).not.toContain(KEY);
    const bad = await runCli(['verify', '--target', 'ftp://x', '--key', KEY]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--target: must be an http(s) base URL, got "ftp://x"');
    const noKey = await runCli(['verify', '--target', sandbox.url], { KLEN_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('--key: is required');
  });
});
