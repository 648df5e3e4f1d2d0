import { describe, expect, it } from 'vitest';
import { bearer, useSandbox } from './helpers/sandbox.js';

const sandbox = useSandbox();
const { call } = sandbox;

describe('anything outside the contract answers in the JSON envelope', () => {
  it.each(['/', '/nope', '/api/v1', '/api/v1/calls/123/extra', '/api/v2/calls/123', '/api/v1/call', '/api/v1/agents/123'])('unknown path %s → 404 not_found', async (path) => {
    const res = await call(path, bearer(), null);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
    expect(res.body.message).toMatch(/^Requested resource not found/);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s on a GET-only path → 405 with Allow', async (method) => {
    const res = await call('/api/v1/calls/123', { method, ...bearer() }, null);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.body).toEqual({ error: 'method_not_allowed', message: `Method ${method} is not allowed on /api/v1/calls/123. Allowed: GET` });
  });

  it('a malformed request body never reaches an HTML error page', async () => {
    const res = await call('/api/v1/calls/123', { method: 'POST', body: '{"broken', headers: { 'Content-Type': 'application/json' } }, null);
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('hostile call ids are ordinary misses, never crashes', () => {
  const longId = 'a'.repeat(4096);
  it.each([
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['../.. encoded', '..%2F..'],
    ['a 4 kB id', longId],
    ['unicode', encodeURIComponent('通話_123_é')],
    ['an emoji', encodeURIComponent('📞')],
    ['a NUL byte', '%00'],
    ['123 followed by NUL', '123%00'],
    ['a leading zero', '0123'],
    ['a signed number', '%2B123'],
    ['an exponent', '1.23e2'],
    ['an SQL fragment', encodeURIComponent("123' OR '1'='1")],
    ['a script tag', encodeURIComponent('<script>alert(1)</script>')],
    ['JSON', encodeURIComponent('{"id":123}')],
  ])('%s → 404 not_found', async (_name, id) => {
    const res = await call(`/api/v1/calls/${id}`, bearer());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'Call not found or you do not have access' });
  });

  it('invalid percent-encoding → 404 envelope', async () => {
    const res = await call('/api/v1/calls/%E0%A4%A', bearer(), null);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('a path traversal outside the API is an unknown path', async () => {
    const res = await call('/api/v1/calls/../../etc/passwd', bearer(), null);
    expect(res.status).toBe(404);
  });

  it('keeps answering the documented example afterwards', async () => {
    expect((await call('/api/v1/calls/123', bearer())).status).toBe(200);
  });

  it('answers a flood of concurrent hostile requests and stays up', async () => {
    const ids = ['__proto__', '%00', 'a'.repeat(4096), '..%2F..', 'constructor'];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => fetch(`${sandbox.url}/api/v1/calls/${ids[i % ids.length]}`, bearer()).then((r) => r.status)));
    expect(new Set(results)).toEqual(new Set([404]));
  });
});

describe('CORS for browser apps on another origin', () => {
  it('answers a preflight with the allowed methods and headers', async () => {
    const res = await fetch(`${sandbox.url}/api/v1/calls/123`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,x-api-key,x-mock-error,x-mock-delay,prefer,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    for (const header of ['authorization', 'x-api-key', 'x-mock-error', 'x-mock-delay', 'prefer', 'content-type']) {
      expect(allowed).toContain(header);
    }
  });

  it.each([
    ['200', '/api/v1/calls/123', bearer(), '/api/v1/calls/{call_id}'],
    ['401', '/api/v1/calls/123', {}, '/api/v1/calls/{call_id}'],
    ['429', '/api/v1/calls/123', bearer('klen_test_rate_limited'), '/api/v1/calls/{call_id}'],
    ['404 unknown path', '/nope', {}, null],
    ['405', '/api/v1/calls/123', { method: 'DELETE' }, null],
  ] as const)('puts Access-Control-Allow-Origin on a %s and exposes Retry-After', async (_name, path, init, contractPath) => {
    const res = await call(path, { ...init, headers: { ...(init as RequestInit).headers, Origin: 'http://localhost:5173' } }, contractPath);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
  });
});

describe('requests Node itself cannot parse still get the JSON envelope', () => {
  async function raw(request: string): Promise<string> {
    const { connect } = await import('node:net');
    const { port, hostname } = new URL(sandbox.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.end(request));
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  }

  it('a malformed request line → 400 JSON', async () => {
    const response = await raw('GET /api/v1/calls/123 HTTP/9.9 garbage\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toContain('Content-Type: application/json');
    expect(JSON.parse(response.split('\r\n\r\n')[1] as string)).toEqual({ error: 'validation_error', message: 'The request is not valid HTTP' });
  });

  it('headers over 64 KiB → 431 JSON', async () => {
    const response = await raw(`GET /api/v1/calls/123 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(response.split('\r\n\r\n')[1] as string).error).toBe('validation_error');
  });

  it('and the server keeps answering', async () => {
    expect((await call('/api/v1/calls/123', bearer())).status).toBe(200);
  });
});
