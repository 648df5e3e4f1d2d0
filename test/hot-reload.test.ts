import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../src/index.js';
import { CONTRACT_FILE } from './helpers/contract.js';
import { bearer } from './helpers/sandbox.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A watching server on a copy of the contract and fixtures, with its log lines. */
async function watchingServer() {
  const dir = fixtureDir({ 'calls.json': shippedCalls() });
  const contract = path.join(dir, 'contract.yaml');
  copyFileSync(CONTRACT_FILE, contract);
  const logs: Array<{ level: string; message: string }> = [];
  const record = (level: string) => (_fields: object, message: string) => logs.push({ level, message });
  const server = await createMockServer({ fixtures: dir, contract, watch: true, logger: { info: record('info'), warn: record('warn'), error: record('error') } });
  servers.push(server);
  return { server, url: await server.listen(0), dir, contract, logs };
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = (url: string, id: string) => fetch(`${url}/api/v1/calls/${id}`, bearer()).then((r) => r.status);

describe('--watch', () => {
  it('reloads an edited fixture file', async () => {
    const { url, dir, logs } = await watchingServer();
    expect(await status(url, '124')).toBe(200);
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(shippedCalls().filter((c) => c.id !== 124)));
    await until('call 124 to disappear', () => status(url, '124'), (s) => s === 404);
    expect(logs.filter((l) => l.level === 'info').map((l) => l.message)).toContainEqual(expect.stringMatching(/^reloaded the contract and fixtures; the fixtures changed, so the default world was reset/));
  });

  it('reloads a file saved the way editors do (write elsewhere, rename over)', async () => {
    const { url, dir } = await watchingServer();
    const edited = shippedCalls();
    edited[0]!.summary = 'Edited while the sandbox was running.';
    writeFileSync(path.join(dir, 'calls.json.tmp'), JSON.stringify(edited));
    renameSync(path.join(dir, 'calls.json.tmp'), path.join(dir, 'calls.json'));
    await until('the new summary', () => fetch(`${url}/api/v1/calls/123`, bearer()).then((r) => r.json() as Promise<any>), (b) => b.summary === 'Edited while the sandbox was running.');
  });

  it('reloads an edited contract', async () => {
    const { url, contract } = await watchingServer();
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('message: Call not found or you do not have access', 'message: No such call here'));
    await until('the new 404 message', () => fetch(`${url}/api/v1/calls/999`, bearer()).then((r) => r.json() as Promise<any>), (b) => b.message === 'No such call here');
  });

  it('keeps the last good state on an invalid edit, and logs one error naming file and field', async () => {
    const { server, url, dir, logs } = await watchingServer();
    const broken = shippedCalls();
    broken[1]!.phone_number = 'call me maybe';
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(broken));
    const errors = await until('the reload error', async () => logs.filter((l) => l.level === 'error'), (e) => e.length > 0);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(`reload failed, still serving the last good state: ${path.join(dir, 'calls.json')}: record 1 (id 124): /phone_number must match pattern "^\\+[1-9][0-9]{1,14}$"`);
    expect(await status(url, '124')).toBe(200);
    expect(server.info.calls).toBe(shippedCalls().length);
    // and a later good edit is picked up again
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(shippedCalls().slice(0, 10)));
    await until('the good edit', async () => server.info.calls, (n) => n === 10);
  });

  it('does not drop open connections: a request in flight and a kept-alive socket survive a reload', async () => {
    const { server, url, dir } = await watchingServer();
    const inFlight = fetch(`${url}/api/v1/calls/123`, bearer(undefined, { 'X-Mock-Delay': '800' }));

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${url}/api/v1/calls/123`, { agent, headers: { Authorization: 'Bearer klen_abcdef123456789' } }, (res) => {
          res.resume().on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject).end();
      });
    expect((await get()).status).toBe(200);

    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(shippedCalls().slice(0, 5)));
    await until('the reload', async () => server.info.calls, (n) => n === 5);

    const again = await get();
    expect(again).toEqual({ status: 200, reused: true });
    expect((await inFlight).status).toBe(200);
    agent.destroy();
  });

  it('reload() does the same on demand', async () => {
    const { server, dir } = await watchingServer();
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(shippedCalls().slice(0, 7)));
    expect(await server.reload()).toBe(true);
    expect(server.info.calls).toBe(7);
  });
});
