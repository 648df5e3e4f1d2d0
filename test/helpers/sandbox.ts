/**
 * A sandbox on a free port for one test file, and `call()` for requests to it. Every response
 * `call()` sees is checked against openapi.yaml, and any error the server logs fails the test
 * file (h3's rule: no unexpected 500 goes unnoticed).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createMockServer, type MockServer, type MockServerOptions } from '../../src/index.js';
import type { Logger } from '../../src/logging/logger.js';
import { contractViolations } from './contract.js';

export const EXAMPLE_KEY = 'klen_abcdef123456789';
export const CALL_PATH = '/api/v1/calls/{call_id}';

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export function useSandbox(options: MockServerOptions = {}) {
  const loggedErrors: unknown[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (fields, message) => loggedErrors.push({ message, ...fields }) };
  let server: MockServer;
  let url = '';

  beforeAll(async () => {
    server = await createMockServer({ logger, ...options });
    url = await server.listen(0);
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    expect(loggedErrors, 'the server logged an error').toEqual([]);
  });

  /**
   * Requests `pathAndQuery` (sent as given, no re-encoding) and checks the answer against the
   * contract: `contractPath` names the operation's path template, or undefined for responses
   * outside any operation: null (they must still be the Error envelope).
   */
  async function call(pathAndQuery: string, init: RequestInit = {}, contractPath: string | null = CALL_PATH): Promise<CallResult> {
    const response = await fetch(`${url}${pathAndQuery}`, init);
    const text = await response.text();
    const method = (init.method ?? 'GET').toLowerCase();
    if (method === 'head' || (method === 'options' && response.status === 204)) {
      return { status: response.status, headers: response.headers, body: undefined, text };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`response to ${pathAndQuery} is not JSON: ${text.slice(0, 200)}`);
    }
    expect(contractViolations(contractPath, method, response.status, response.headers.get('content-type'), body, response.headers)).toEqual([]);
    return { status: response.status, headers: response.headers, body, text };
  }

  return {
    call,
    get url() {
      return url;
    },
    get server() {
      return server;
    },
  };
}

/** Headers carrying the documented example key by Bearer token. */
export function bearer(key = EXAMPLE_KEY, extra: Record<string, string> = {}): RequestInit {
  return { headers: { Authorization: `Bearer ${key}`, ...extra } };
}
