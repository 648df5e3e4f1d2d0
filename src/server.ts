import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { createContractRouter } from './openapi/contract-router.js';
import { createAjv, describeAjvErrors } from './openapi/ajv.js';
import { loadContract } from './openapi/load-contract.js';
import { readOperations } from './openapi/operation-contract.js';
import { loadFixtures, type LoadedFixtures } from './fixtures/load-fixtures.js';
import { KeyStore } from './fixtures/api-key.js';
import { CallStore } from './fixtures/call-store.js';
import { createHandlers } from './handlers/index.js';
import { createApp } from './http/create-app.js';
import { answerClientError } from './http/client-error.js';
import { StartupError } from './errors/startup-error.js';
import { stderrLogger, type Logger } from './logger.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES, VERSION } from './package-info.js';

/** Options of `createMockServer`; the CLI maps its flags and environment onto these. */
export interface MockServerOptions {
  /** Directory with `calls.json` and/or `keys.json`; files it lacks come from the shipped fixtures. Default: the shipped fixtures. */
  fixtures?: string;
  /** Path of the OpenAPI 3.1 contract. Default: the shipped `openapi.yaml`. */
  contract?: string;
  /** Where log lines go. Default: stderr. Pass `silentLogger` to discard them. */
  logger?: Logger;
}

export interface MockServer {
  /** The request listener, for mounting into an existing `http.Server` or a test tool. */
  readonly handler: RequestListener;
  /** `http://host:port` once listening, else undefined. */
  readonly url: string | undefined;
  /** What was loaded: for start-up banners and health checks. */
  readonly info: { version: string; contractTitle: string; contractFile: string; operations: number; fixtures: LoadedFixtures['sources']; calls: number; keys: number };
  /** Starts listening (port 0 picks a free port) and resolves with the URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops listening and closes open connections. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the sandbox: loads and validates the contract and the fixtures (throwing a
 * StartupError naming file and field on any problem), then assembles the HTTP application.
 *
 * @example
 * const server = await createMockServer();
 * const url = await server.listen(0);
 * const res = await fetch(`${url}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } });
 * await server.close();
 */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const logger = options.logger ?? stderrLogger;
  const contract = await loadContract(options.contract ?? DEFAULT_CONTRACT);
  const ajv = createAjv();
  const operations = readOperations(contract, ajv);
  const fixtures = loadFixtures({ dir: options.fixtures ?? DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, ajv });
  const calls = new CallStore(fixtures.calls);
  const keys = new KeyStore(fixtures.keys);
  const router = await createContractRouter({ contract, operations, handlers: createHandlers({ calls }), keys });

  const errorSchema = contract.dereferenced.components?.schemas?.['Error'];
  if (!errorSchema) throw new StartupError(contract.file, 'components.schemas.Error is missing: it is the envelope of every error');
  const validateEnvelope = ajv.compile(errorSchema);

  const info = {
    version: VERSION,
    contractTitle: contract.dereferenced.info.title,
    contractFile: contract.file,
    operations: operations.size,
    fixtures: fixtures.sources,
    calls: calls.size,
    keys: keys.size,
  };
  const app = createApp({
    router,
    logger,
    checkEnvelope: (body) => (validateEnvelope(body) ? [] : describeAjvErrors(validateEnvelope.errors)),
    health: () => ({ ready: true, version: info.version, contract: info.contractTitle, fixtures: { calls: info.calls, keys: info.keys } }),
  });

  let server: Server | undefined;
  let url: string | undefined;
  let closing: Promise<void> | undefined;
  return {
    handler: app,
    info,
    get url() {
      return url;
    },
    listen(port = 0, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('klen-mock: this server is already listening'));
      const listening = createServer(app);
      listening.on('clientError', answerClientError);
      server = listening;
      return new Promise((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => {
          listening.off('error', reject);
          const address = listening.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${shownHost}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      if (!server) return Promise.resolve();
      const closingServer = server;
      closing ??= new Promise<void>((resolve, reject) => {
        closingServer.close((error) => (error ? reject(error) : resolve()));
        closingServer.closeAllConnections();
      });
      return closing;
    },
  };
}
