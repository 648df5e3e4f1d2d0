import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIV3_1 } from 'openapi-types';
import { maskKey } from '../auth/mask-key.js';
import { createAjv } from '../openapi/ajv.js';
import { loadContract } from '../openapi/load-contract.js';
import { readOperations } from '../openapi/operation-contract.js';
import { planScenarios, type PlannedScenario, type Scenario } from './scenarios.js';

export interface VerifyOptions {
  /** Base URL of the server under test, e.g. `https://api.klen.ai` or `http://127.0.0.1:4010`. */
  target: string;
  /** A key with the operations' permissions. */
  key: string;
  /** Ids to fetch; default: the examples of each operation's path parameter. */
  callIds?: readonly string[];
  /** Path of the contract. */
  contract: string;
  /** Per-request time limit in ms. */
  timeoutMs?: number;
}

export interface ScenarioResult {
  operationId: string;
  name: string;
  method: string;
  /** The path as sent (no key in it: a query key is shown masked). */
  url: string;
  status?: number;
  ms: number;
  /** Empty when the response conforms and is what the docs say. */
  violations: string[];
}

export interface VerifyReport {
  target: string;
  contractTitle: string;
  results: ScenarioResult[];
  /** Operations not exercised, with why (verify only ever sends GETs). */
  skipped: Array<{ operationId: string; reason: string }>;
}

/**
 * Runs the documented scenarios of each read operation of the contract against `target`, and
 * checks each response against the contract: status declared and expected, JSON content type,
 * body matching the schema of that status.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const contract = await loadContract(options.contract);
  const operations = readOperations(contract, createAjv());
  const report: VerifyReport = { target: options.target, contractTitle: contract.dereferenced.info.title, results: [], skipped: [] };

  for (const operation of operations.values()) {
    const definition = contract.dereferenced.paths?.[operation.path]?.[operation.method as 'get'];
    const pathParameters = [...(contract.dereferenced.paths?.[operation.path]?.parameters ?? []), ...(definition?.parameters ?? [])]
      .map((p) => p as OpenAPIV3_1.ParameterObject)
      .filter((p) => p.in === 'path');
    if (operation.method !== 'get') {
      report.skipped.push({ operationId: operation.operationId, reason: `${operation.method.toUpperCase()} is not a read operation: verify sends only GETs` });
      continue;
    }
    if (pathParameters.length !== 1) {
      report.skipped.push({ operationId: operation.operationId, reason: 'verify covers GET operations with one path parameter' });
      continue;
    }
    const queue: PlannedScenario[] = planScenarios(operation, pathParameters[0] as OpenAPIV3_1.ParameterObject, options.key, options.callIds ?? []);
    while (queue.length > 0) {
      const { scenario, followUps } = queue.shift() as PlannedScenario;
      const { result, body } = await runScenario(scenario, options);
      report.results.push(result);
      if (followUps && result.violations.length === 0 && result.status === 200) {
        queue.unshift(...followUps(body).map((s) => ({ scenario: s })));
      }
    }
  }
  return report;
}

async function runScenario(scenario: Scenario, options: VerifyOptions): Promise<{ result: ScenarioResult; body: unknown }> {
  const { operation } = scenario;
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(scenario.params[name] ?? ''));
  const url = new URL(options.target.replace(/\/+$/, '') + path);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (scenario.key.placement === 'bearer') headers['Authorization'] = `Bearer ${scenario.key.value}`;
  if (scenario.key.placement === 'x-api-key') headers['X-API-Key'] = scenario.key.value;
  if (scenario.key.placement === 'query') url.searchParams.set('api_key', scenario.key.value);
  const shownUrl = scenario.key.placement === 'query' ? url.href.replace(/api_key=[^&]*/, `api_key=${maskKey(scenario.key.value)}`) : url.href;

  const result: ScenarioResult = { operationId: operation.operationId, name: scenario.name, method: 'GET', url: shownUrl, ms: 0, violations: [] };
  const started = performance.now();
  let body: unknown;
  try {
    const response = await fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), redirect: 'manual' });
    const text = await response.text();
    result.status = response.status;
    const contentType = response.headers.get('content-type') ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      result.violations.push(`content-type is ${JSON.stringify(contentType || '(none)')}, the contract says application/json`);
    }
    try {
      body = JSON.parse(text);
      result.violations.push(...operation.checkResponse(response.status, body));
    } catch {
      result.violations.push(`body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const expected = `${scenario.expect.status}${scenario.expect.error ? ` ${scenario.expect.error}` : ''}`;
    const actualError = (body as { error?: unknown } | undefined)?.error;
    if (response.status !== scenario.expect.status || (scenario.expect.error !== undefined && actualError !== scenario.expect.error)) {
      const missingCode = response.status === scenario.expect.status && scenario.expect.error !== undefined;
      const got = typeof actualError === 'string' ? ` ${actualError}` : missingCode ? ' without an error code' : '';
      result.violations.push(`expected ${expected}, got ${response.status}${got}`);
    } else if (scenario.sameBodyAs !== undefined && !isDeepStrictEqual(body, scenario.sameBodyAs)) {
      result.violations.push('the body differs from the same resource fetched by its other id');
    }
  } catch (error) {
    result.violations.push(describeNetworkError(error, options.timeoutMs ?? 10_000));
  }
  result.ms = Math.round(performance.now() - started);
  return { result, body };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = e.cause?.code ?? e.cause?.message;
  return `network error: ${cause ? `${cause}${e.cause?.message && e.cause.message !== cause ? ` (${e.cause.message})` : ''}` : e.message ?? String(error)}`;
}
