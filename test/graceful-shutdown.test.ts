import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMockServer, silentLogger } from '../src/index.js';
import { startCli, type RunningCli } from './helpers/cli-process.js';

const EXAMPLE_KEY = 'klen_abcdef123456789';
const auth = { Authorization: `Bearer ${EXAMPLE_KEY}` };

/** Resolves once the CLI has printed `text` (e.g. that it received a signal). */
async function printed(cli: RunningCli, text: string): Promise<void> {
  while (!cli.output().includes(text)) await new Promise((r) => setTimeout(r, 5));
}

/** Whether a new TCP connection to the URL is refused (ECONNREFUSED), accepted, or something else. */
function tryConnect(url: string): Promise<'refused' | 'accepted' | string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)));
  });
}

/**
 * One request on a connection of its own (kept open after the answer with `keepAlive`); resolves
 * with the response, its body and the socket.
 */
function get(url: string, headers: Record<string, string>, options: { keepAlive?: boolean } = {}): Promise<{ res: IncomingMessage; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: options.keepAlive === true, maxSockets: 1 });
    let socket: Socket | undefined;
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ res, body, socket: socket as Socket }));
      res.on('error', reject);
    });
    req.on('socket', (s) => (socket = s));
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown (SIGTERM and SIGINT)', () => {
  it('lets 100 delayed requests in flight finish with full bodies, refuses new connections meanwhile, and exits 0 within the grace period', async () => {
    const cli = await startCli(['--port', '0']);
    const example = await (await fetch(`${cli.url}/api/v1/calls/123`, { headers: auth })).json();
    const started = performance.now();
    const inFlight = Array.from({ length: 100 }, () => get(`${cli.url}/api/v1/calls/123`, { ...auth, 'X-Mock-Delay': '1500' }));
    await new Promise((r) => setTimeout(r, 300));
    const stopped = cli.stop('SIGTERM');
    await printed(cli, 'SIGTERM received');
    // the listener is closed at once: a new client is refused, not accepted and then reset
    expect(await tryConnect(cli.url)).toBe('refused');
    const answers = await Promise.all(inFlight);
    const { code, ms } = await stopped;
    expect(answers.map((a) => a.res.statusCode)).toEqual(Array(100).fill(200));
    for (const { body } of answers) expect(JSON.parse(body)).toEqual(example);
    expect(code).toBe(0);
    // the requests were waited for (1.5 s from their start), and the exit came well within the 8 s grace
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(8000);
    expect(cli.output()).toMatch(/klen-mock: stopped in \d+ ms\n/);
  });

  it('closes an idle keep-alive connection at once, and tells a busy one to close after its answer', async () => {
    const cli = await startCli(['--port', '0', '--log-level', 'silent']);
    const idle = await get(`${cli.url}/api/v1/calls/123`, auth, { keepAlive: true });
    expect(idle.res.headers.connection).toBe('keep-alive');
    expect(idle.socket.destroyed).toBe(false);
    const idleClosed = once(idle.socket, 'close');
    const busy = get(`${cli.url}/api/v1/calls/123`, { ...auth, 'X-Mock-Delay': '1000' }, { keepAlive: true });
    await new Promise((r) => setTimeout(r, 100));
    const signalled = performance.now();
    const stopped = cli.stop('SIGINT');
    await idleClosed;
    expect(performance.now() - signalled).toBeLessThan(600);
    const answer = await busy;
    expect(answer.res.statusCode).toBe(200);
    expect(answer.res.headers.connection).toBe('close');
    expect((await stopped).code).toBe(0);
  });

  it('cuts what is still running when the grace period ends, says so, and still exits 0', async () => {
    const cli = await startCli(['--port', '0', '--shutdown-grace', '0.5']);
    const pending = fetch(`${cli.url}/api/v1/calls/123`, { headers: { ...auth, 'X-Mock-Delay': '20000' } }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    const { code, ms } = await cli.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3000);
    expect(await pending).toBe('cut');
    expect(cli.output()).toContain('1 request(s) cut after the grace period');
  });

  it('stops at once on a second signal', async () => {
    const cli = await startCli(['--port', '0']);
    const pending = fetch(`${cli.url}/api/v1/calls/123`, { headers: { ...auth, 'X-Mock-Delay': '20000' } }).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 100));
    const exited = once(cli.child, 'exit');
    const signalled = performance.now();
    cli.child.kill('SIGINT');
    await printed(cli, 'SIGINT received');
    cli.child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(130);
    expect(performance.now() - signalled).toBeLessThan(3000);
    expect(await pending).toBe('cut');
  });

  it('refuses a bad --shutdown-grace with one message naming it', async () => {
    const { runCli } = await import('./helpers/cli-process.js');
    const { code, stderr } = await runCli(['--shutdown-grace', 'soon']);
    expect(code).toBe(1);
    expect(stderr).toContain('klen-mock: --shutdown-grace: must be seconds from 0 to 3600, as 8 or 0.5, got "soon"');
  });
});

describe('MockServer.shutdown() (embedded)', () => {
  it('reports what it waited for, and what it cut', async () => {
    const server = await createMockServer({ logger: silentLogger });
    const url = await server.listen(0);
    const quick = fetch(`${url}/api/v1/calls/123`, { headers: { ...auth, 'X-Mock-Delay': '300' } });
    const slow = fetch(`${url}/api/v1/calls/123`, { headers: { ...auth, 'X-Mock-Delay': '5000' } }).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 50));
    const report = await server.shutdown(1);
    expect((await quick).status).toBe(200);
    expect(await slow).toBe('cut');
    expect(report).toMatchObject({ cutRequests: 1, unsentDeliveries: 0 });
    expect(report.ms).toBeGreaterThanOrEqual(950);
    // a second call waits for the same shutdown; close() after it is harmless
    expect(await server.shutdown()).toBe(report);
    await server.close();
  });

  it('sends the webhook deliveries waiting in the queue before it stops, within the grace period', async () => {
    // a receiver that takes 150 ms per answer: five deliveries to one webhook go one after another
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('ok'), 150));
      received.push(String(req.headers['webhook-id']));
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const fire = async (url: string) => {
      for (let i = 0; i < 5; i += 1) {
        const res = await fetch(`${url}/__mock/sessions/default/webhooks/trigger`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event_type: 'call.ended', call_id: 123 }) });
        expect(res.status).toBe(201);
      }
    };
    try {
      const patient = await createMockServer({ logger: silentLogger, clock: 'manual', webhookUrl: hook });
      await fire(await patient.listen(0));
      const report = await patient.shutdown(5);
      expect(report.unsentDeliveries).toBe(0);
      expect(new Set(received).size).toBe(5);
      expect(report.ms).toBeGreaterThanOrEqual(5 * 150 - 300);

      received.length = 0;
      const hasty = await createMockServer({ logger: silentLogger, clock: 'manual', webhookUrl: hook });
      await fire(await hasty.listen(0));
      const cut = await hasty.shutdown(0.2);
      expect(cut.unsentDeliveries).toBeGreaterThan(0);
      expect(received.length).toBeLessThan(5);
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  it('answers the health check 503 (draining) once a shutdown has begun, for a handler mounted in your own server', async () => {
    const server = await createMockServer({ logger: silentLogger });
    const own = createServer(server.handler);
    own.listen(0, '127.0.0.1');
    await once(own, 'listening');
    const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    const before = await fetch(`${base}/__mock/health`);
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ ready: true, draining: false });
    await server.shutdown(0);
    const during = await fetch(`${base}/__mock/health`);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ ready: false, draining: true });
    own.close();
    own.closeAllConnections();
  });
});
