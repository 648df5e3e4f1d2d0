import type { OpenAPIV3_1 } from 'openapi-types';
import { authorize, type AuthState } from '../auth/authorize.js';
import { credentialExtractor, type Credential, type CredentialSource } from '../auth/credentials.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { ApiError } from '../errors/api-error.js';
import { StartupError } from '../errors/startup-error.js';
import type { ApiKey, KeyStore } from '../fixtures/api-key.js';
import { apiErrorResult } from '../http/error-response.js';
import { readSimulation, type Simulation } from '../simulation/read-simulation.js';
import type { SerializedBody } from '../http/serialized-body.js';
import type { LoadedContract } from './load-contract.js';
import type { OperationContract } from './operation-contract.js';
import { PathMatcher } from './path-matcher.js';
import { createRequestValidator } from './request-validator.js';

type Headers = Record<string, string | string[] | undefined>;

/** The request as the router needs it; the HTTP layer builds it from Node's request. */
export interface IncomingApiRequest {
  method: string;
  /** The raw (still percent-encoded) path, without the query string. */
  path: string;
  /** Header names in lower case, as Node gives them. */
  headers: Headers;
  query: Record<string, unknown>;
}

/** What an operation handler receives: the matched operation, its parameters and the key. */
export interface OperationRequest {
  operation: OperationContract;
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Headers;
  key: ApiKey;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
  /**
   * `body`, serialized, already known to match the contract's schema for `status` (fixtures
   * and documented error envelopes are checked when loaded). Sent as it is, not re-checked.
   */
  serialized?: SerializedBody;
}

/** A handler of one operationId. Pure: returns the response (`documentedError` for a documented error) or throws. */
export type OperationHandler = (request: OperationRequest) => HandlerResult;

/** What the router learnt about a request, filled in as it goes (also when it throws). */
export interface RequestState extends AuthState {
  operation?: OperationContract;
  simulation?: Simulation;
}

export interface ContractRouter {
  /** The response for a request, or an ApiError to answer instead. */
  route(request: IncomingApiRequest, state: RequestState): HandlerResult;
}

/**
 * Routes a request through the contract, in this order: the path and method (404 / 405); the
 * sandbox control headers (X-Mock-Error / Prefer / X-Mock-Delay: a simulation wins over
 * everything else); a credential from the contract's security schemes (401
 * authentication_required); request validation by openapi-backend's validators (400); key,
 * rate limit, special key and permission; then the operation's handler.
 */
export function createContractRouter(options: {
  contract: LoadedContract;
  operations: ReadonlyMap<string, OperationContract>;
  handlers: Readonly<Record<string, OperationHandler>>;
  keys: KeyStore;
  /** Opt-in per-key rate limit; shared across reloads, so it lives outside the router. */
  limiter?: RateLimiter;
}): ContractRouter {
  const { contract, operations, handlers, keys, limiter } = options;
  for (const operationId of operations.keys()) {
    if (!handlers[operationId]) throw new StartupError(contract.file, `operation "${operationId}" has no handler in src/handlers/`);
  }
  const schemes = (contract.dereferenced.components?.securitySchemes ?? {}) as Record<string, OpenAPIV3_1.SecuritySchemeObject>;
  const extractors = new Map(Object.entries(schemes).map(([name, scheme]) => [name, credentialExtractor(contract.file, name, scheme)]));
  const matcher = new PathMatcher([...operations.values()].map((operation) => ({ method: operation.method, path: operation.path, operation })));
  const validateRequest = createRequestValidator(contract, operations.keys());

  /** The credential of the first scheme, in the contract's order, that finds one. */
  const firstCredential = (operation: OperationContract, request: CredentialSource): Credential | undefined => {
    for (const name of operation.securitySchemes) {
      const credential = extractors.get(name)?.(request);
      if (credential) return credential;
    }
    return undefined;
  };

  return {
    route(request, state) {
      const fail = (status: number, code: string, message?: string, headers?: Record<string, string>) => apiErrorResult(new ApiError(status, code, message, headers), state.operation);
      // HEAD is answered as GET (Node leaves the body out)
      const method = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
      let match;
      try {
        match = matcher.match(method, request.path);
      } catch {
        return fail(404, 'not_found', 'Requested resource not found: the path is not valid percent-encoding');
      }
      if (match.kind === 'not-found') return fail(404, 'not_found', `Requested resource not found: ${request.method} ${shorten(request.path)}`);
      if (match.kind === 'method-not-allowed') {
        const allow = match.allowed.join(', ');
        return fail(405, 'method_not_allowed', `Method ${request.method} is not allowed on ${shorten(request.path)}. Allowed: ${allow}`, { Allow: allow });
      }
      const { operation, params } = match;
      state.operation = operation;

      // known before any simulation, so the journal can say who sent a simulated request
      state.credential = firstCredential(operation, request);
      if (state.credential) state.key = keys.findActive(state.credential.key);

      const simulation = readSimulation(request.headers, operation);
      if (simulation instanceof ApiError) return apiErrorResult(simulation, operation);
      state.simulation = simulation;
      if (simulation.error) return fail(simulation.error.status, simulation.error.code);
      if (!state.credential) return fail(401, 'authentication_required');

      // Inferred: undeclared query parameters (`?api_key=`, cache busters…) are ignored, as the
      // real API and Prism do; the validators would reject them, so they never see them.
      const query: Record<string, unknown> = {};
      for (const name of operation.queryParameters) if (name in request.query) query[name] = request.query[name];
      const problems = validateRequest(operation.operationId, { path: params, query, header: request.headers, cookie: {} });
      if (problems.length > 0) return fail(400, 'validation_error', `Invalid request: ${problems.join('; ')}`);

      const key = authorize(state, operation, keys, limiter);
      if (key instanceof ApiError) return apiErrorResult(key, operation);
      return (handlers[operation.operationId] as OperationHandler)({ operation, params, query, headers: request.headers, key });
    },
  };
}

/** The response for a documented error of an operation (its envelope was built at start-up). */
export function documentedError(operation: OperationContract, code: string): HandlerResult {
  return apiErrorResult(new ApiError(operation.errors.get(code)?.status ?? 500, code), operation);
}

/** Paths are echoed in messages; a 4 kB path is cut so the message stays readable. */
function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
