import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createMockServer, silentLogger, type MockServerOptions } from '../src/index.js';
import { adminViolations, CONTRACT_FILE } from './helpers/contract.js';
import { bearer, EXAMPLE_KEY, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox({ journalSize: 50 });

async function admin(pathAndQuery: string, method: 'get' | 'delete' = 'get') {
  const response = await fetch(`${sandbox.url}/__mock${pathAndQuery}`, { method: method.toUpperCase() });
  const body = (await response.json()) as any;
  const templatePath = `/__mock${pathAndQuery.split('?')[0]}`;
  expect(adminViolations(templatePath, method, response.status, body)).toEqual([]);
  return { status: response.status, body };
}

describe('GET /__mock/health', () => {
  it('says ready, the version, the contract and the fixture counts', async () => {
    const { status, body } = await admin('/health');
    expect(status).toBe(200);
    expect(body).toEqual({ ready: true, draining: false, version: expect.stringMatching(/^\d+\.\d+\.\d+$/), contract: 'Klen AI API', operations: 24, fixtures: { calls: 68, agents: 9, teams: 3, contacts: 106, contextVariables: 9, calendarEvents: 58, doNotCall: 3, keys: 8 }, sessions: 0 });
  });
});

describe('the request journal', () => {
  beforeEach(async () => {
    await admin('/requests', 'delete');
  });

  it('records each API request, newest first, with keys masked', async () => {
    await sandbox.call('/api/v1/calls/123', bearer());
    await sandbox.call(`/api/v1/calls/call_def456?api_key=${EXAMPLE_KEY}&page=2`);
    await sandbox.call('/api/v1/calls/999', { headers: { 'X-API-Key': 'klen_unknown_key_123', 'X-Mock-Delay': '5' } });
    await sandbox.call('/api/v1/calls/123', bearer(EXAMPLE_KEY, { 'X-Mock-Error': 'server_error', Prefer: 'code=500' }));
    await sandbox.call('/nope', {}, null);

    const { body } = await admin('/requests');
    expect(body.capacity).toBe(50);
    expect(body.total).toBe(5);
    const [unknownPath, simulated, unknownKey, byQuery, byBearer] = body.entries;
    expect(byBearer).toMatchObject({ method: 'GET', path: '/api/v1/calls/123', query: {}, status: 200, auth: { method: 'bearer', key: 'klen_a…789', keyName: 'Documented example key' }, simulation: null });
    expect(byQuery).toMatchObject({ path: '/api/v1/calls/call_def456', query: { api_key: 'klen_a…789', page: '2' }, auth: { method: 'query' } });
    expect(unknownKey).toMatchObject({ status: 401, auth: { method: 'x-api-key', key: 'klen_u…123', keyName: null }, simulation: { delayMs: 5, delaySource: 'X-Mock-Delay' } });
    expect(unknownKey.durationMs).toBeGreaterThanOrEqual(4);
    expect(simulated).toMatchObject({ status: 500, simulation: { error: 'server_error', preferenceApplied: 'code=500' } });
    expect(unknownPath).toMatchObject({ path: '/nope', status: 404, auth: null });
    expect(Date.parse(byBearer.time)).toBeLessThanOrEqual(Date.parse(unknownPath.time));
    expect(JSON.stringify(body)).not.toContain(EXAMPLE_KEY);
    expect(JSON.stringify(body)).not.toContain('klen_unknown_key_123');
  });

  it('names the special key whose error it answered', async () => {
    await sandbox.call('/api/v1/calls/123', bearer('klen_test_rate_limited'));
    const { body } = await admin('/requests?limit=1');
    expect(body.entries[0]).toMatchObject({ status: 429, auth: { keyName: expect.stringContaining('429') }, simulation: { error: 'rate_limit_exceeded' } });
  });

  it('filters by status, status class, path and limit', async () => {
    await sandbox.call('/api/v1/calls/123', bearer());
    await sandbox.call('/api/v1/calls/124', bearer());
    await sandbox.call('/api/v1/calls/999', bearer());
    await sandbox.call('/api/v1/calls/123', {});
    expect((await admin('/requests?status=404')).body.entries.map((e: any) => e.path)).toEqual(['/api/v1/calls/999']);
    expect((await admin('/requests?status=4xx')).body.entries.map((e: any) => e.status)).toEqual([401, 404]);
    expect((await admin('/requests?path=/calls/12')).body.entries).toHaveLength(3);
    expect((await admin('/requests?limit=2')).body.entries.map((e: any) => e.path)).toEqual(['/api/v1/calls/123', '/api/v1/calls/999']);
    expect((await admin('/requests?status=2xx&path=124')).body.entries).toHaveLength(1);
  });

  it.each([
    ['?status=teapot', 'status must be a status code (404) or a class (4xx), got "teapot"'],
    ['?limit=0', 'limit must be a whole number from 1 to 50, got "0"'],
    ['?limit=ten', 'limit must be a whole number from 1 to 50, got "ten"'],
    ['?sort=asc', 'Unknown filter "sort". Filters: status, path, session, limit'],
    ['?status=200&status=404', 'Filter "status" must be given once'],
  ])('rejects %s with a 400 that says why', async (query, message) => {
    const { status, body } = await admin(`/requests${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'validation_error', message });
  });

  it('does not record admin requests or CORS preflights', async () => {
    await admin('/health');
    await fetch(`${sandbox.url}/api/v1/calls/123`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' } });
    expect((await admin('/requests')).body.total).toBe(0);
  });

  it('DELETE empties it', async () => {
    await sandbox.call('/api/v1/calls/123', bearer());
    expect((await admin('/requests', 'delete')).body).toEqual({ cleared: 1 });
    expect((await admin('/requests')).body.total).toBe(0);
  });
});

describe('a bounded journal', () => {
  let server: Awaited<ReturnType<typeof createMockServer>>;
  afterEach(() => server.close());

  it('keeps only the newest journalSize entries', async () => {
    server = await createMockServer({ logger: silentLogger, journalSize: 3 });
    const url = await server.listen(0);
    for (const id of ['123', '124', '125', '126', '127']) await fetch(`${url}/api/v1/calls/${id}`, bearer());
    const body = (await (await fetch(`${url}/__mock/requests`)).json()) as any;
    expect(body.total).toBe(3);
    expect(body.entries.map((e: any) => e.path)).toEqual(['/api/v1/calls/127', '/api/v1/calls/126', '/api/v1/calls/125']);
  });
});

describe('the contract, served', () => {
  it('GET /__mock/openapi.yaml is the file as written', async () => {
    const response = await fetch(`${sandbox.url}/__mock/openapi.yaml`);
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(await response.text()).toBe(readFileSync(CONTRACT_FILE, 'utf8'));
  });

  it('GET /__mock/openapi.json is the same document as JSON', async () => {
    const { body } = await admin('/openapi.json');
    expect(body).toEqual(parseYaml(readFileSync(CONTRACT_FILE, 'utf8')));
  });
});

describe('GET /__mock/docs: an API reference that works offline', () => {
  it('is an HTML page whose every asset is served by the sandbox itself', async () => {
    const response = await fetch(`${sandbox.url}/__mock/docs`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<title>Klen AI API — klen-mock</title>');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // no CDN, no remote anything
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.sort()).toEqual(['/__mock/docs/assets/favicon-32x32.png', '/__mock/docs/assets/swagger-ui-bundle.js', '/__mock/docs/assets/swagger-ui.css']);
    for (const asset of assets) {
      const res = await fetch(`${sandbox.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it('serves no other file of the package', async () => {
    for (const file of ['index.html', 'swagger-initializer.js', '..%2Fpackage.json']) {
      expect((await fetch(`${sandbox.url}/__mock/docs/assets/${file}`)).status).toBe(404);
    }
  });
});

describe('who may use the admin API', () => {
  /** A client with no IP address (a Unix socket): not loopback, so not "this machine". */
  async function viaUnixSocket(options: MockServerOptions, urlPath: string): Promise<{ status: number; body: any }> {
    const server = await createMockServer({ logger: silentLogger, ...options });
    const socketPath = path.join(mkdtempSync(path.join(tmpdir(), 'klen-sock-')), 'klen.sock');
    const http = createServer(server.handler).listen(socketPath);
    await once(http, 'listening');
    try {
      return await new Promise((resolve, reject) => {
        httpRequest({ socketPath, path: urlPath }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        }).on('error', reject).end();
      });
    } finally {
      http.close();
    }
  }

  it('local (the default): a client not on loopback gets 403', async () => {
    const { status, body } = await viaUnixSocket({}, '/__mock/requests');
    expect(status).toBe(403);
    expect(body.message).toContain('--admin all');
  });

  it('local still answers /__mock/health to everyone: probes (kubelet, docker run -p) never come from loopback', async () => {
    const { status, body } = await viaUnixSocket({}, '/__mock/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ready: true, draining: false });
  });

  it('local still serves the API itself to everyone', async () => {
    expect((await viaUnixSocket({}, `/api/v1/calls/123?api_key=${EXAMPLE_KEY}`)).status).toBe(200);
  });

  it('all: anyone', async () => {
    expect((await viaUnixSocket({ admin: 'all' }, '/__mock/requests')).status).toBe(200);
  });

  it('off: /__mock/ paths are unknown paths of the API', async () => {
    const server = await createMockServer({ logger: silentLogger, admin: 'off' });
    const url = await server.listen(0);
    const response = await fetch(`${url}/__mock/health`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', message: 'Requested resource not found: GET /__mock/health' });
    await server.close();
  });
});
