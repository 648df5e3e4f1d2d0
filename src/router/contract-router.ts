import type { OpenAPIV3_1 } from 'openapi-types';
import type { KeyStore } from '../auth/api-key.js';
import { authorize, type AuthState } from '../auth/authorize.js';
import { credentialExtractor, type Credential, type CredentialSource } from '../auth/credentials.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult } from '../errors/error-result.js';
import { StartupError } from '../errors/startup-error.js';
import type { LoadedContract } from '../openapi/load-contract.js';
import type { ContractValidators } from '../openapi/contract-validators.js';
import type { OperationContract } from '../openapi/operation-contract.js';
import { PathMatcher } from '../openapi/path-matcher.js';
import { createRequestValidator } from '../openapi/request-validator.js';
import { validationFailure } from '../openapi/validation-errors.js';
import { readSimulation, type Simulation } from '../simulation/read-simulation.js';
import { readSessionName, type WorldResolver } from '../world/sessions.js';
import type { HandlerResult, OperationHandler } from './handler-result.js';
import { parseJsonBody, type RawBody } from './request-body.js';

type Headers = Record<string, string | string[] | undefined>;

/** The request as the router needs it; the HTTP layer builds it from Node's request. */
export interface IncomingApiRequest {
  method: string;
  /** The raw (still percent-encoded) path, without the query string. */
  path: string;
  /** Header names in lower case, as Node gives them. */
  headers: Headers;
  query: Record<string, unknown>;
  /** The body, when the request sent one. */
  body?: RawBody;
}

/** What the router learnt about a request, filled in as it goes (also when it fails). */
export interface RequestState extends AuthState {
  /** The request's id in the journal (`req_…`): the world links what the handler causes to it. */
  requestId?: string;
  operation?: OperationContract;
  simulation?: Simulation;
  /** `X-Mock-Session`, once read (undefined: the default world). */
  session?: string;
}

export interface ContractRouter {
  /** The response for a request: the handler's, or a refusal in the envelope. */
  route(request: IncomingApiRequest, state: RequestState): HandlerResult;
}

/**
 * Routes a request through the contract, in this order: the path and method (404 / 405); the
 * sandbox control headers (X-Mock-Session, X-Mock-Error, Prefer, X-Mock-Delay: a simulation
 * wins over everything else); a credential from the contract's security schemes (401
 * authentication_required); key, rate limit, special key and permission (401 / 429 / 403);
 * the body (413 / 415 / 400 invalid_json); validation of parameters and body by openapi-backend's
 * validators (400, mapped to documented codes by `x-klen-validation-errors`); then the
 * operation's handler, on the world the request names.
 */
export function createContractRouter(options: {
  contract: LoadedContract;
  operations: ReadonlyMap<string, OperationContract>;
  validators: ContractValidators;
  /** Compile every operation's request validators now (a contract whose validators were not checked before). */
  checkAll: boolean;
  handlers: Readonly<Record<string, OperationHandler>>;
  keys: KeyStore;
  worlds: WorldResolver;
  /** Opt-in per-key rate limit; shared across reloads, so it lives outside the router. */
  limiter?: RateLimiter;
}): ContractRouter {
  const { contract, operations, handlers, keys, limiter, worlds } = options;
  for (const operationId of operations.keys()) {
    if (!handlers[operationId]) throw new StartupError(contract.file, `operation "${operationId}" has no handler in src/handlers/`);
  }
  const schemes = (contract.dereferenced.components?.securitySchemes ?? {}) as Record<string, OpenAPIV3_1.SecuritySchemeObject>;
  const extractors = new Map(Object.entries(schemes).map(([name, scheme]) => [name, credentialExtractor(contract.file, name, scheme)]));
  const matcher = new PathMatcher([...operations.values()].map((operation) => ({ method: operation.method, path: operation.path, operation })));
  const validateRequest = createRequestValidator(options.validators, operations.keys(), { contractFile: contract.file, checkAll: options.checkAll });

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

      const session = readSessionName(request.headers['x-mock-session']);
      if (session instanceof ApiError) return apiErrorResult(session, operation);
      state.session = session;
      const simulation = readSimulation(request.headers, operation);
      if (simulation instanceof ApiError) return apiErrorResult(simulation, operation);
      state.simulation = simulation;
      if (simulation.error) return fail(simulation.error.status, simulation.error.code);

      const key = authorize(state, operation, keys, limiter);
      if (key instanceof ApiError) return apiErrorResult(key, operation);

      let body: unknown;
      // an optional body (Cancel Event's) may be left out, or sent empty by a client that always sets Content-Type
      const bodyLeftOut = !operation.requestBodyRequired && !request.body?.tooLarge && (request.body?.text ?? '').trim() === '';
      const hasBody = operation.hasRequestBody && !bodyLeftOut;
      if (hasBody) {
        const parsed = parseJsonBody(request.body);
        if (parsed instanceof ApiError) return apiErrorResult(parsed, operation);
        body = parsed.value;
      }
      // Inferred: undeclared query parameters (`?api_key=`, cache busters…) are ignored, as the
      // real API and Prism do; the validators would reject them, so they never see them.
      const query: Record<string, unknown> = {};
      for (const name of operation.queryParameters) if (name in request.query) query[name] = request.query[name];
      const problems = validateRequest(operation.operationId, {
        path: params,
        query,
        header: request.headers,
        cookie: {},
        ...(hasBody ? { requestBody: body } : {}),
      });
      if (problems.length > 0) return apiErrorResult(validationFailure(operation, problems), operation);

      const world = worlds.resolve(session);
      const handle = () => (handlers[operation.operationId] as OperationHandler)({ operation, params, query, headers: request.headers, body, key }, world);
      const result = state.requestId === undefined ? handle() : world.handling(state.requestId, handle);
      // a write (any method but GET) is saved soon after (`--data-dir`); a read changes nothing worth saving
      if (operation.method !== 'get') world.changed();
      return result;
    },
  };
}

/** Paths are echoed in messages; a 4 kB path is cut so the message stays readable. */
function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
