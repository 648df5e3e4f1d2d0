import type { Logger } from '../logging/logger.js';
import type { OperationContract } from '../openapi/operation-contract.js';
import type { HandlerResult } from '../router/handler-result.js';
import { ApiError } from './api-error.js';
import { GENERIC_ERROR_MESSAGES } from './generic-errors.js';

/**
 * Inferred: `Retry-After` of a simulated 429, in seconds: the length of the documented
 * per-minute window.
 */
export const SIMULATED_RETRY_AFTER_SECONDS = 60;

/**
 * The one place where errors (returned ApiErrors or anything thrown) become results in the
 * `{ error, message }` envelope. The message of a documented code comes from the operation's
 * named example in the contract. Anything that is not an ApiError is a sandbox bug: logged once
 * with its stack, answered as a plain 500 `server_error` (never the stack).
 */
export function errorResult(error: unknown, operation: OperationContract | undefined, logger: Logger): HandlerResult {
  if (error instanceof ApiError) return apiErrorResult(error, operation);
  logger.error({ err: error }, 'unexpected error while handling a request');
  return envelope(500, 'server_error', documentedMessage('server_error', operation), {});
}

/**
 * An ApiError as a result. The router returns these for the common answers (401, 404,
 * simulations…) rather than throwing, so an error path costs no more than a success.
 */
export function apiErrorResult(error: ApiError, operation: OperationContract | undefined): HandlerResult {
  let headers = error.headers;
  if (error.status === 429 && headers['Retry-After'] === undefined) {
    headers = { ...headers, 'Retry-After': String(SIMULATED_RETRY_AFTER_SECONDS) };
  }
  // a documented error of the operation: its body was built and checked at start-up
  const documented = error.documentedMessage ? operation?.errors.get(error.code) : undefined;
  if (documented?.status === error.status) return { status: error.status, body: documented.body, headers, serialized: documented.serialized };
  const message = error.documentedMessage ? documentedMessage(error.code, operation) : error.message;
  return envelope(error.status, error.code, message, headers);
}

/** The response for a documented error of an operation (its body was built at start-up). */
export function documentedError(operation: OperationContract, code: string, headers: Readonly<Record<string, string>> = {}): HandlerResult {
  return apiErrorResult(new ApiError(operation.errors.get(code)?.status ?? 500, code, undefined, headers), operation);
}

function documentedMessage(code: string, operation: OperationContract | undefined): string {
  return operation?.errors.get(code)?.message ?? GENERIC_ERROR_MESSAGES[code] ?? code;
}

function envelope(status: number, code: string, message: string, headers: Readonly<Record<string, string>>): HandlerResult {
  return { status, body: { error: code, message }, headers };
}
