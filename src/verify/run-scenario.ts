import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIV3_1 } from 'openapi-types';
import { maskKey } from '../auth/mask-key.js';
import type { ScenarioResult } from './run-verify.js';
import type { Scenario } from './scenarios.js';

/**
 * Sends one scenario's request and checks the answer: a declared status with a body matching
 * its schema, a JSON content type, the expected status and error code, the headers the contract
 * requires for that status, and the scenario's own checks. The key never appears in the result,
 * not even where a server echoes it back in a body.
 */
export async function runScenario(
  scenario: Scenario,
  definition: OpenAPIV3_1.OperationObject,
  options: { target: string; key: string; timeoutMs?: number },
): Promise<{ result: ScenarioResult; body: unknown }> {
  const { operation } = scenario;
  const method = operation.method.toUpperCase();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(scenario.params[name] ?? ''));
  const url = new URL(options.target.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(scenario.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (scenario.body !== undefined) headers['Content-Type'] = 'application/json';
  if (scenario.key.placement === 'bearer') headers['Authorization'] = `Bearer ${scenario.key.value}`;
  if (scenario.key.placement === 'x-api-key') headers['X-API-Key'] = scenario.key.value;
  if (scenario.key.placement === 'query') url.searchParams.set('api_key', scenario.key.value);
  const shownUrl = scenario.key.placement === 'query' ? url.href.replace(/api_key=[^&]*/, `api_key=${maskKey(scenario.key.value)}`) : url.href;

  const result: ScenarioResult = { operationId: operation.operationId, name: scenario.name, method, url: shownUrl, ms: 0, violations: [] };
  const started = performance.now();
  let body: unknown;
  try {
    const response = await fetch(url, { method, headers, body: scenario.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
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
    } else {
      for (const name of requiredHeaders(definition, response.status)) {
        if (!response.headers.has(name)) result.violations.push(`the ${name} header is missing: the contract requires it with ${response.status}`);
      }
      if (scenario.sameBodyAs !== undefined && !isDeepStrictEqual(body, scenario.sameBodyAs)) {
        result.violations.push('the body differs from the same resource fetched by its other id');
      }
      if (scenario.check && body !== undefined) result.violations.push(...scenario.check(body));
    }
  } catch (error) {
    result.violations.push(describeNetworkError(error, timeoutMs));
  }
  result.ms = Math.round(performance.now() - started);
  result.url = hideKey(result.url, options.key);
  result.violations = result.violations.map((violation) => hideKey(violation, options.key));
  return { result, body };
}

/** The response headers the contract marks `required` for a status (e.g. 201's `Location`). */
function requiredHeaders(definition: OpenAPIV3_1.OperationObject, status: number): string[] {
  const headers = (definition.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined)?.headers ?? {};
  return Object.entries(headers)
    .filter(([, header]) => (header as OpenAPIV3_1.HeaderObject).required === true)
    .map(([name]) => name);
}

/** `text` with the key, as given or URL-encoded, masked: a server may quote it back at us. */
function hideKey(text: string, key: string): string {
  if (key === '') return text;
  return [key, encodeURIComponent(key)].reduce((masked, form) => masked.split(form).join(maskKey(key)), text);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = e.cause?.code ?? e.cause?.message;
  return `network error: ${cause ? `${cause}${e.cause?.message && e.cause.message !== cause ? ` (${e.cause.message})` : ''}` : e.message ?? String(error)}`;
}
