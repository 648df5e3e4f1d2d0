import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { OpenAPIV3_1 } from 'openapi-types';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../src/cli/verify-command.js';
import { toJUnit } from '../src/verify/junit.js';
import { runVerify, scenarioTitle, type VerifyReport } from '../src/verify/run-verify.js';
import { runCli } from './helpers/cli-process.js';
import { contract, CONTRACT_FILE, DOCUMENTED_EXAMPLE } from './helpers/contract.js';
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
const titles = (report: VerifyReport) => report.results.map((r) => `${r.operationId}: ${scenarioTitle(r)}`);
const of = (report: VerifyReport, operationId: string) => report.results.filter((r) => r.operationId === operationId);
const violationsByTitle = (report: VerifyReport) => new Map(report.results.map((r) => [`${r.operationId}: ${scenarioTitle(r)}`, r.violations]));

/** The scenarios of the read operations, in contract order (getCalls, getAgents, getCallDetails, getContacts, getContactDetails, getContextVariables, getEvents, getEventDetails, getAvailability). */
const READ_SCENARIOS = [
  'getCalls: no key',
  'getCalls: an unknown key',
  'getCalls: key by Authorization: Bearer',
  'getCalls: key by X-API-Key',
  'getCalls: key by ?api_key=',
  'getCalls: limit=1',
  'getCalls: page=1&limit=100',
  'getCalls: status=completed',
  'getCalls: type=inbound',
  'getCalls: limit=101 (over the documented maximum 100)',
  'getAgents: no key',
  'getAgents: an unknown key',
  'getAgents: key by Authorization: Bearer',
  'getAgents: key by X-API-Key',
  'getAgents: key by ?api_key=',
  'getCallDetails: call_id "123"',
  'getCallDetails: call_id "call_def456" (its call_id, same getCallDetails as "123")',
  'getCallDetails: call_id "call_def456"',
  'getCallDetails: call_id "123" (its id, same getCallDetails as "call_def456")',
  'getCallDetails: no key',
  'getCallDetails: an unknown key',
  'getCallDetails: key by Authorization: Bearer',
  'getCallDetails: key by X-API-Key',
  'getCallDetails: key by ?api_key=',
  'getCallDetails: call_id that does not exist',
  'getContacts: no key',
  'getContacts: an unknown key',
  'getContacts: key by Authorization: Bearer',
  'getContacts: key by X-API-Key',
  'getContacts: key by ?api_key=',
  'getContacts: limit=1',
  'getContacts: page=1&limit=100',
  'getContacts: stage=qualified_lead',
  'getContacts: status=contacted',
  'getContacts: limit=101 (over the documented maximum 100)',
  'getContactDetails: contact_id "789"',
  'getContactDetails: no key',
  'getContactDetails: an unknown key',
  'getContactDetails: key by Authorization: Bearer',
  'getContactDetails: key by X-API-Key',
  'getContactDetails: key by ?api_key=',
  'getContactDetails: contact_id that does not exist',
  'getContextVariables: no key',
  'getContextVariables: an unknown key',
  'getContextVariables: key by Authorization: Bearer',
  'getContextVariables: key by X-API-Key',
  'getContextVariables: key by ?api_key=',
  'getContextVariables: context_type=contact',
  'getEvents: no key',
  'getEvents: an unknown key',
  'getEvents: key by Authorization: Bearer',
  'getEvents: key by X-API-Key',
  'getEvents: key by ?api_key=',
  'getEvents: limit=1',
  'getEvents: page=1&limit=100',
  'getEvents: status=scheduled',
  'getEvents: limit=101 (over the documented maximum 100)',
  'getEventDetails: event_id "123"',
  'getEventDetails: event_id "f47ac10b-58cc-4372-a567-0e02b2c3d479" (its uuid, same getEventDetails as "123")',
  'getEventDetails: event_id "f47ac10b-58cc-4372-a567-0e02b2c3d479"',
  'getEventDetails: event_id "123" (its id, same getEventDetails as "f47ac10b-58cc-4372-a567-0e02b2c3d479")',
  'getEventDetails: no key',
  'getEventDetails: an unknown key',
  'getEventDetails: key by Authorization: Bearer',
  'getEventDetails: key by X-API-Key',
  'getEventDetails: key by ?api_key=',
  'getEventDetails: event_id that does not exist',
  'getAvailability: no key',
  'getAvailability: an unknown key',
  'getAvailability: key by Authorization: Bearer',
  'getAvailability: key by X-API-Key',
  'getAvailability: key by ?api_key=',
];
/** The writes verify never sends: every one but Initiate Call's. */
const OTHER_WRITES_SKIPPED = ['createContact', 'replaceContact', 'patchContact', 'setContactContext', 'setBusinessContext', 'createContextVariable', 'updateContextVariable', 'patchContextVariable', 'deleteContextVariable', 'createEvent', 'replaceEvent', 'patchEvent', 'cancelEvent', 'createWebhook'].map((operationId) => ({
  operationId,
  reason: expect.stringContaining('verify checks writes of Initiate Call only'),
}));
const WRITE_SCENARIOS = [
  'initiateCall: POST without phone_number',
  'initiateCall: POST without agent_id',
  'initiateCall: POST phone_number "555-1234"',
  'initiateCall: POST a body that is not JSON',
  'initiateCall: POST no key',
];
/** With --allow-writes, the write scenarios run between getCalls and getAgents (contract order). */
const withWrites = (writes: string[]) => [...READ_SCENARIOS.slice(0, 10), ...writes, ...READ_SCENARIOS.slice(10)];

/** The sandbox's request journal, newest first. */
async function journal(): Promise<Array<{ method: string; path: string; status: number }>> {
  return ((await (await fetch(`${sandbox.url}/__mock/requests?limit=1000`)).json()) as { entries: Array<{ method: string; path: string; status: number }> }).entries;
}

describe('verify against the sandbox', () => {
  it('passes every documented scenario of the read operations, and sends no write', async () => {
    await fetch(`${sandbox.url}/__mock/requests`, { method: 'DELETE' });
    const report = await runVerify({ target: sandbox.url, key: KEY, contract: CONTRACT_FILE });
    expect(failures(report)).toEqual([]);
    expect(titles(report)).toEqual(READ_SCENARIOS);
    expect(report.results.map((r) => r.status)).toEqual([
      ...[401, 401, 200, 200, 200, 200, 200, 200, 200, 400], // getCalls
      ...[401, 401, 200, 200, 200], // getAgents
      ...[200, 200, 200, 200, 401, 401, 200, 200, 200, 404], // getCallDetails
      ...[401, 401, 200, 200, 200, 200, 200, 200, 200, 400], // getContacts
      ...[200, 401, 401, 200, 200, 200, 404], // getContactDetails
      ...[401, 401, 200, 200, 200, 200], // getContextVariables
      ...[401, 401, 200, 200, 200, 200, 200, 200, 400], // getEvents
      ...[200, 200, 200, 200, 401, 401, 200, 200, 200, 404], // getEventDetails
      ...[401, 401, 200, 200, 200], // getAvailability
    ]);
    expect(report.skipped).toEqual([{ operationId: 'initiateCall', reason: expect.stringContaining('--allow-writes') }, ...OTHER_WRITES_SKIPPED]);
    // the sandbox saw exactly the scenarios' requests, all of them GETs
    const seen = await journal();
    expect(seen).toHaveLength(READ_SCENARIOS.length);
    expect(new Set(seen.map((e) => e.method))).toEqual(new Set(['GET']));
  });

  it('uses the given ids, and the key as given (team 202)', async () => {
    const report = await runVerify({ target: sandbox.url, key: 'klen_test_other_team', callIds: ['126'], contactIds: ['802'], eventIds: ['1015'], contract: CONTRACT_FILE });
    expect(failures(report)).toEqual([]);
    expect(of(report, 'getContactDetails')[0]?.name).toBe('contact_id "802"');
    expect(of(report, 'getCallDetails')[1]?.name).toMatch(/^call_id "call_[a-z0-9]+" \(its call_id/);
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

describe('verify --allow-writes against the sandbox', () => {
  /** How many calls the key's team has: a write that created one would change it. */
  async function callCount(): Promise<number> {
    return ((await (await fetch(`${sandbox.url}/api/v1/calls`, { headers: { Authorization: `Bearer ${KEY}` } })).json()) as { count: number }).count;
  }

  it('runs the validation scenarios, places no call, and says the real call needs --phone-number and --agent-id', async () => {
    const before = await callCount();
    await fetch(`${sandbox.url}/__mock/requests`, { method: 'DELETE' });
    const report = await runVerify({ target: sandbox.url, key: KEY, contract: CONTRACT_FILE, allowWrites: true });
    expect(failures(report)).toEqual([]);
    expect(titles(report)).toEqual(withWrites(WRITE_SCENARIOS));
    expect(of(report, 'initiateCall').map((r) => r.status)).toEqual([400, 400, 400, 400, 401]);
    expect(report.skipped).toEqual([{ operationId: 'initiateCall', reason: expect.stringMatching(/--phone-number .*--agent-id/) }, ...OTHER_WRITES_SKIPPED]);
    const posts = (await journal()).filter((e) => e.method === 'POST');
    expect(posts.map((e) => e.status).sort()).toEqual([400, 400, 400, 400, 401]);
    expect(await callCount()).toBe(before);
  });

  it('with --phone-number and --agent-id, places exactly one real call: 201, Location, queued', async () => {
    const before = await callCount();
    const report = await runVerify({ target: sandbox.url, key: KEY, contract: CONTRACT_FILE, allowWrites: true, phoneNumber: '+15551234567', agentId: '123' });
    expect(failures(report)).toEqual([]);
    expect(titles(report)).toEqual(withWrites([...WRITE_SCENARIOS, 'initiateCall: POST a real call by agent "123"']));
    expect(of(report, 'initiateCall').at(-1)).toMatchObject({ method: 'POST', status: 201, violations: [] });
    expect(report.skipped).toEqual(OTHER_WRITES_SKIPPED);
    expect(await callCount()).toBe(before + 1);
  });
});

describe('verify against a list and a write that break the docs', () => {
  const seen: string[] = [];
  let wrong: { server: Server; url: string };
  // the contract's own examples, so everything but the broken part is right
  const documented = (operation: OpenAPIV3_1.OperationObject | undefined, status: string) =>
    ((operation?.responses?.[status] as OpenAPIV3_1.ResponseObject).content?.['application/json']?.examples?.['documented'] as { value: Record<string, unknown> }).value;
  const item = (documented(contract.paths?.['/api/v1/calls']?.get, '200')['calls'] as Array<Record<string, unknown>>)[0];
  const initiated = documented(contract.paths?.['/api/v1/calls']?.post, '201');
  beforeAll(async () => {
    wrong = await listen(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(`${req.method} ${url.pathname}`);
      const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      const key = req.headers.authorization?.replace(/^Bearer /, '') ?? req.headers['x-api-key'] ?? url.searchParams.get('api_key');
      if (!key) return json(401, { error: 'authentication_required', message: 'API key is required' });
      if (key !== KEY) return json(401, { error: 'invalid_key', message: 'Invalid or inactive API key' });
      if (req.method === 'GET' && url.pathname === '/api/v1/calls') {
        // ignores page, limit and status
        const calls = ['completed', 'failed', 'completed'].map((status, i) => ({ ...item, id: `call_${i}`, status }));
        return json(200, { count: 3, page: 1, limit: 10, pages: 1, calls });
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/agents') return json(200, { agents: [] });
      if (req.method === 'POST' && url.pathname === '/api/v1/calls') {
        let text = '';
        for await (const chunk of req) text += chunk;
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // plain text, and it quotes the key
          return res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`cannot parse the body of key ${key}`);
        }
        if (body['phone_number'] === '555-1234') return json(400, { error: 'invalid_phone_number', message: 'The provided phone number is not valid' });
        // a missing field is accepted with a 200; a call is "created" without Location
        return body['phone_number'] && body['agent_id'] ? json(201, initiated) : json(200, { ok: true });
      }
      return json(404, { error: 'not_found', message: 'Call not found' });
    });
  });
  afterAll(() => wrong.server.close());

  it('names the violations of a list that ignores limit and the status filter', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const byTitle = violationsByTitle(report);
    expect(byTitle.get('getCalls: key by Authorization: Bearer')).toEqual([]);
    expect(byTitle.get('getCalls: limit=1')).toEqual(["/limit is 10, expected 1 (the request's limit=1)", "/calls has 3 items, more than limit 1 (the request's limit=1)"]);
    expect(byTitle.get('getCalls: page=1&limit=100')).toEqual(["/limit is 10, expected 100 (the request's limit=100)"]);
    expect(byTitle.get('getCalls: status=completed')).toEqual(['/calls/1/status is "failed", expected "completed" (the request\'s status=completed)']);
    expect(byTitle.get('getCalls: limit=101 (over the documented maximum 100)')).toEqual(['expected 400 validation_error, got 200']);
    expect(byTitle.get('getAgents: key by X-API-Key')).toEqual([]);
  });

  it('sends no POST without --allow-writes', async () => {
    seen.length = 0;
    await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE, phoneNumber: '+15551234567', agentId: '123' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((request) => !request.startsWith('GET '))).toEqual([]);
  });

  it('names the violations of a write that accepts a missing field, and a 201 without Location', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE, allowWrites: true, phoneNumber: '+15551234567', agentId: '123' });
    const byTitle = violationsByTitle(report);
    expect(byTitle.get('initiateCall: POST without phone_number')).toEqual(['status 200 is not declared for initiateCall', 'expected 400 missing_phone_number, got 200']);
    expect(byTitle.get('initiateCall: POST without agent_id')).toEqual(['status 200 is not declared for initiateCall', 'expected 400 missing_agent_id, got 200']);
    expect(byTitle.get('initiateCall: POST phone_number "555-1234"')).toEqual([]);
    expect(byTitle.get('initiateCall: POST a body that is not JSON')).toEqual([
      'content-type is "text/plain", the contract says application/json',
      'body is not JSON: "cannot parse the body of key klen_a…789"',
      'expected 400 invalid_json, got 400 without an error code',
    ]);
    expect(byTitle.get('initiateCall: POST no key')).toEqual([]);
    expect(byTitle.get('initiateCall: POST a real call by agent "123"')).toEqual(['the Location header is missing: the contract requires it with 201']);
    expect(seen.filter((request) => request === 'POST /api/v1/calls')).toHaveLength(6);
  });

  it('shows the method of a write in the report and in JUnit, and never the key, even where the server quotes it', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE, allowWrites: true });
    const text = formatReport(report);
    expect(text).toContain('✗ initiateCall: POST without phone_number → 200');
    expect(text).toContain(`    request: POST ${wrong.url}/api/v1/calls\n`);
    expect(text).toContain('- initiateCall: skipped, the real call (201): it needs --phone-number <E.164> and --agent-id <id>; the validation scenarios ran');
    const xml = toJUnit(report);
    expect(xml).toContain('name="POST without phone_number"');
    expect(xml).toContain(`POST ${wrong.url}/api/v1/calls → 200`);
    expect(JSON.stringify(report) + text + xml).not.toContain(KEY);
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
    const byName = new Map(of(report, 'getCallDetails').map((r) => [r.name, r.violations]));
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

  it('sends only GET requests without --allow-writes', () => {
    expect(new Set(methods)).toEqual(new Set(['GET']));
  });

  it('prints a line per scenario with its violations, and a summary', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const text = formatReport(report);
    expect(text).toContain('✗ getCallDetails: no key → 418');
    expect(text).toContain('    status 418 is not declared for getCallDetails');
    expect(text.trim().split('\n').at(-1)).toBe('67 scenarios: 0 passed, 67 failed');
  });

  it('writes JUnit XML a CI system can read', async () => {
    const report = await runVerify({ target: wrong.url, key: KEY, callIds: ['123'], contract: CONTRACT_FILE });
    const xml = toJUnit(report);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="klen-mock verify http:\/\/127\.0\.0\.1:\d+" tests="67" failures="67" errors="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(67);
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
    expect(ok.stdout).toContain(`${READ_SCENARIOS.length} scenarios: ${READ_SCENARIOS.length} passed, 0 failed`);
    expect(ok.stdout).toContain('- initiateCall: skipped, POST initiates a real call, which costs money: verify sends writes only with --allow-writes');
    expect(ok.stdout).not.toContain(KEY);
    const bad = await runCli(['verify', '--target', 'ftp://x', '--key', KEY]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--target: must be an http(s) base URL, got "ftp://x"');
    const noKey = await runCli(['verify', '--target', sandbox.url], { KLEN_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('--key: is required');
  });

  it('the CLI runs the writes with --allow-writes, and refuses a real call without it or without a valid number', async () => {
    const writes = await runCli(['verify', '--target', sandbox.url, '--key', KEY, '--allow-writes', '--phone-number', '+15551234567', '--agent-id', '123']);
    expect(writes.code).toBe(0);
    expect(writes.stdout).toContain('✓ initiateCall: POST a real call by agent "123" → 201');
    expect(writes.stdout).toContain(`${READ_SCENARIOS.length + 6} scenarios: ${READ_SCENARIOS.length + 6} passed, 0 failed`);
    const noWrites = await runCli(['verify', '--target', sandbox.url, '--key', KEY, '--phone-number', '+15551234567', '--agent-id', '123']);
    expect(noWrites.code).toBe(1);
    expect(noWrites.stderr).toContain('--phone-number: places a real call, which needs --allow-writes');
    const badNumber = await runCli(['verify', '--target', sandbox.url, '--key', KEY, '--allow-writes', '--phone-number', '555-1234', '--agent-id', '123']);
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toContain('--phone-number: must be an E.164 number such as +15551234567, got "555-1234"');
    const halfGiven = await runCli(['verify', '--target', sandbox.url, '--key', KEY, '--allow-writes', '--phone-number', '+15551234567']);
    expect(halfGiven.code).toBe(1);
    expect(halfGiven.stderr).toContain('--agent-id: is required with --phone-number');
  });
});
