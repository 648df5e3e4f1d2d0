import { ApiError } from '../errors/api-error.js';
import type { DocumentedError, OperationContract } from '../openapi/operation-contract.js';

/** Upper bound of `X-Mock-Delay`; openapi.yaml `#/components/parameters/MockDelay` says the same. */
export const MAX_DELAY_MS = 30_000;

/** What the sandbox control headers ask of one request. */
export interface Simulation {
  /** The documented error to answer instead of the normal flow. */
  error?: DocumentedError;
  /** `X-Mock-Delay`, when the request sent it: wins over any latency profile. */
  delayHeader?: number;
  /** The `Prefer` preferences honoured, for the `Preference-Applied` header (RFC 7240). */
  preferenceApplied?: string;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Reads `X-Mock-Error`, `Prefer` and `X-Mock-Delay`. A value the sandbox cannot honour is a
 * 400 `validation_error` whose message lists what is valid: never silently ignored. Returned,
 * not thrown; most requests send none of these headers and take the first line's fast path.
 */
export function readSimulation(headers: Headers, operation: OperationContract): Simulation | ApiError {
  if (headers['x-mock-error'] === undefined && headers['prefer'] === undefined && headers['x-mock-delay'] === undefined) return {};
  try {
    return readControlHeaders(headers, operation);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

function readControlHeaders(headers: Headers, operation: OperationContract): Simulation {
  const byHeader = readMockError(headers['x-mock-error'], operation);
  const byPrefer = readPrefer(headers['prefer'], operation);
  if (byHeader && byPrefer?.error && byHeader.code !== byPrefer.error.code) {
    throw invalid(`X-Mock-Error asks for "${byHeader.code}" but Prefer asks for "${byPrefer.error.code}": send one of them`);
  }
  const simulation: Simulation = {};
  const delay = readDelay(headers['x-mock-delay']);
  if (delay !== undefined) simulation.delayHeader = delay;
  const error = byHeader ?? byPrefer?.error;
  if (error) simulation.error = error;
  if (byPrefer?.applied) simulation.preferenceApplied = byPrefer.applied;
  return simulation;
}

function readMockError(raw: string | string[] | undefined, operation: OperationContract): DocumentedError | undefined {
  if (raw === undefined) return undefined;
  const code = String(raw).trim().toLowerCase();
  const error = operation.errors.get(code);
  if (!error) {
    throw invalid(`X-Mock-Error "${String(raw)}" names no documented error of ${operation.operationId}. Valid values: ${[...operation.errors.keys()].join(', ')}`);
  }
  return error;
}

/**
 * `Prefer: code=<status>[, example=<error_code>]`, as Prism reads it. Other preferences are
 * not the sandbox's to honour and are left alone (RFC 7240 §2); `Preference-Applied` says
 * which ones were used.
 */
function readPrefer(raw: string | string[] | undefined, operation: OperationContract): { error?: DocumentedError; applied?: string } | undefined {
  if (raw === undefined) return undefined;
  const preferences = new Map<string, string>();
  for (const token of String(raw).split(/[,;]/)) {
    const [name, ...rest] = token.split('=');
    const key = name?.trim().toLowerCase();
    if (key) preferences.set(key, rest.join('=').trim().replace(/^"(.*)"$/, '$1'));
  }
  const codeText = preferences.get('code');
  const example = preferences.get('example');
  if (codeText === undefined && example === undefined) return undefined;

  const validStatuses = [...operation.firstErrorOfStatus.keys()].join(', ');
  let status: number | undefined;
  if (codeText !== undefined) {
    status = /^[1-5][0-9]{2}$/.test(codeText) ? Number(codeText) : NaN;
    if (status >= 200 && status < 300 && example === undefined) {
      return { applied: `code=${codeText}` }; // a success status is the normal flow
    }
    if (!operation.firstErrorOfStatus.has(status)) {
      throw invalid(`Prefer code=${codeText} is not a documented error status of ${operation.operationId}. Valid values: ${validStatuses}`);
    }
  }
  const code = example ?? operation.firstErrorOfStatus.get(status as number);
  const error = code === undefined ? undefined : operation.errors.get(code);
  if (!error || (status !== undefined && error.status !== status)) {
    const candidates = [...operation.errors.values()].filter((e) => status === undefined || e.status === status).map((e) => e.code);
    throw invalid(`Prefer example=${String(example)} names no documented error${status === undefined ? '' : ` with status ${status}`} of ${operation.operationId}. Valid values: ${candidates.join(', ')}`);
  }
  const applied = [codeText === undefined ? undefined : `code=${codeText}`, example === undefined ? undefined : `example=${example}`];
  return { error, applied: applied.filter(Boolean).join(', ') };
}

function readDelay(raw: string | string[] | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const delay = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(delay <= MAX_DELAY_MS)) {
    throw invalid(`X-Mock-Delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, got "${String(raw)}"`);
  }
  return delay;
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'validation_error', message);
}
