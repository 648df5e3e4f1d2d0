import type { ApiKey } from '../auth/api-key.js';
import type { OperationContract } from '../openapi/operation-contract.js';
import type { World } from '../world/world.js';
import type { SerializedBody } from './serialized-body.js';

type Headers = Record<string, string | string[] | undefined>;

/** What an operation handler receives: the matched operation, its validated input and the key. */
export interface OperationRequest {
  operation: OperationContract;
  params: Record<string, string>;
  /** The declared query parameters, coerced to their schema types, with the contract's defaults filled in. */
  query: Record<string, unknown>;
  headers: Headers;
  /** The parsed JSON body, valid against the operation's request schema (undefined when it has none). */
  body: unknown;
  key: ApiKey;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
  /**
   * `body`, serialized, already known to match the contract's schema for `status` (seeded
   * records and documented error envelopes are checked when loaded). Sent as it is, not re-checked.
   */
  serialized?: SerializedBody;
}

/**
 * A handler of one operationId. Pure: a function of the request and the world it acts on
 * (no HTTP, no wall clock: time is `world.clock`). Returns the response, `documentedError(…)`
 * for a documented error, or throws (a sandbox bug: answered as a 500 and logged).
 */
export type OperationHandler = (request: OperationRequest, world: World) => HandlerResult;
