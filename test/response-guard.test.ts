/**
 * The last line of defence: whatever a handler returns, the server only sends what the
 * contract declares. A violation is logged and answered as 500 server_error.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestJournal } from '../src/admin/request-journal.js';
import { createRequestListener } from '../src/http/create-request-listener.js';
import { compileValidators } from '../src/openapi/compile-validators.js';
import type { ContractRouter } from '../src/router/contract-router.js';
import type { HandlerResult } from '../src/router/handler-result.js';
import { loadContract } from '../src/openapi/load-contract.js';
import { readOperations } from '../src/openapi/operation-contract.js';
import { silentLogger } from '../src/logging/logger.js';
import { loadSandboxRuntime } from '../src/sandbox-runtime.js';
import { Worlds } from '../src/world/sessions.js';
import { DEFAULT_CALL_TIMING } from '../src/world/world.js';
import { CONTRACT_FILE } from './helpers/contract.js';
import { DEFAULT_DELIVERY_OPTIONS, WebhookDispatcher } from '../src/webhooks/dispatcher.js';

const loaded = await loadContract(CONTRACT_FILE);
const operations = readOperations(loaded, compileValidators(loaded), { checkAll: true });
const unusedWorlds = { resolve: () => { throw new Error('this test routes no request to a world'); } };
const realRuntime = await loadSandboxRuntime({ contractFile: CONTRACT_FILE, fixturesDir: undefined, limiter: undefined, worlds: unusedWorlds });
const worlds = new Worlds(realRuntime.seed, { clock: { mode: 'real' }, callTiming: DEFAULT_CALL_TIMING });

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** Serves an app whose router answers `result` as if for getCallDetails (or for no operation). */
async function serve(result: HandlerResult, asOperation = true) {
  const logged: unknown[] = [];
  const router: ContractRouter = {
    route(_request, state) {
      if (asOperation) state.operation = operations.get('getCallDetails');
      return result;
    },
  };
  const app = createRequestListener({
    draining: () => false,
    runtime: () => ({ ...realRuntime, router }),
    journal: new RequestJournal(10),
    worlds,
    dispatcher: new WebhookDispatcher({ ...DEFAULT_DELIVERY_OPTIONS, userAgent: 'test' }, silentLogger),
    delays: undefined,
    admin: 'off',
    version: 'test',
    logger: { info() {}, warn() {}, error: (fields: object) => logged.push(fields) },
  });
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => server.close());
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/anything`);
  return { status: res.status, body: await res.json(), logged };
}

describe('responses are checked against the contract before they are sent', () => {
  it('a body that breaks the Call schema becomes a logged 500', async () => {
    const { status, body, logged } = await serve({ status: 200, body: { id: 'not-a-number' } });
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'server_error', message: 'An unexpected server error occurred' });
    expect(JSON.stringify(logged)).toContain('/id must be integer');
  });

  it('a status the operation does not declare becomes a logged 500', async () => {
    const { status, logged } = await serve({ status: 418, body: { error: 'teapot', message: 'short and stout' } });
    expect(status).toBe(500);
    expect(JSON.stringify(logged)).toContain('status 418 is not declared for getCallDetails');
  });

  it('an error code the status does not document becomes a logged 500', async () => {
    const { status, logged } = await serve({ status: 404, body: { error: 'gone', message: 'x' } });
    expect(status).toBe(500);
    expect(JSON.stringify(logged)).toContain('/error must be one of \\"not_found\\"');
  });

  it('outside any operation, anything but the envelope becomes a logged 500', async () => {
    const { status, logged } = await serve({ status: 404, body: { oops: true } }, false);
    expect(status).toBe(500);
    expect(logged).toHaveLength(1);
  });

  it('a conforming response passes untouched', async () => {
    const { status, logged } = await serve({ status: 404, body: { error: 'not_found', message: 'Call not found or you do not have access' } });
    expect(status).toBe(404);
    expect(logged).toEqual([]);
  });
});
