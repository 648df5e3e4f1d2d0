import { OpenAPIBackend, type Context, type Request as BackendRequest } from 'openapi-backend';
import type { OpenAPIV3_1 } from 'openapi-types';
import addFormatsModule from 'ajv-formats';
import { authorize, type AuthState } from '../auth/authorize.js';
import { credentialExtractor, type Credential } from '../auth/credentials.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiKey, KeyStore } from '../fixtures/api-key.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { readSimulation, type Simulation } from '../simulation/read-simulation.js';
import { describeAjvErrors } from './ajv.js';
import type { LoadedContract } from './load-contract.js';
import type { OperationContract } from './operation-contract.js';
import { StartupError } from '../errors/startup-error.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Headers = Record<string, string | string[] | undefined>;

/** The request as the router needs it; the HTTP layer builds it from express's request. */
export interface IncomingApiRequest {
  method: string;
  /** The raw (still percent-encoded) path, without the query string. */
  path: string;
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
  headers?: Record<string, string>;
}

/** A handler of one operationId. Pure: returns the response or throws an ApiError. */
export type OperationHandler = (request: OperationRequest) => HandlerResult;

/** What the router learnt about a request, filled in as it goes (also when it throws). */
export interface RequestState extends AuthState {
  operation?: OperationContract;
  simulation?: Simulation;
}

export interface ContractRouter {
  route(request: IncomingApiRequest, state: RequestState): Promise<HandlerResult>;
}

/**
 * The adapter around openapi-backend: the only code that knows its conventions (handler
 * names, errors signalled as `'405-…'` strings, security handler results).
 *
 * Order for a matched operation: sandbox control headers (X-Mock-Error / Prefer / X-Mock-Delay,
 * so a simulation wins over everything else) → credentials from the contract's security
 * schemes → request validation against the contract → key, special key and permission → the
 * operation's handler.
 */
export async function createContractRouter(options: {
  contract: LoadedContract;
  operations: ReadonlyMap<string, OperationContract>;
  handlers: Readonly<Record<string, OperationHandler>>;
  keys: KeyStore;
  /** Opt-in per-key rate limit; shared across reloads, so it lives outside the router. */
  limiter?: RateLimiter;
}): Promise<ContractRouter> {
  const { contract, operations, handlers, keys, limiter } = options;

  for (const operationId of operations.keys()) {
    if (!handlers[operationId]) {
      throw new StartupError(contract.file, `operation "${operationId}" has no handler in src/handlers/`);
    }
  }

  const schemes = (contract.dereferenced.components?.securitySchemes ?? {}) as Record<string, OpenAPIV3_1.SecuritySchemeObject>;
  const extractors = new Map(Object.entries(schemes).map(([name, scheme]) => [name, credentialExtractor(contract.file, name, scheme)]));
  // openapi-backend decides "any credential at all?" through these; they read the request as received
  const securityHandlers = Object.fromEntries([...extractors].map(([name, extract]) => [name, (_context: Context, request: IncomingApiRequest) => extract(request)]));
  /** The credential of the first scheme, in the contract's order, that finds one. */
  const firstCredential = (operation: OperationContract, request: IncomingApiRequest): Credential | undefined => {
    for (const name of operation.securitySchemes) {
      const credential = extractors.get(name)?.(request);
      if (credential) return credential;
    }
    return undefined;
  };

  const api = new OpenAPIBackend({
    // swagger-parser has validated the contract against the OpenAPI 3.1 schema already, and
    // openapi-backend 5.20's own definition check knows only the 3.0 schema: `quick` skips it
    // (and compiles each operation's request validator on first use).
    definition: structuredClone(contract.dereferenced) as never,
    strict: true,
    validate: true,
    quick: true,
    // request parameters may use the same formats as the response schemas
    customizeAjv: (ajv) => addFormats(ajv as never) as unknown as typeof ajv,
    securityHandlers,
    handlers: {
      notFound: (context: Context) => {
        throw new ApiError(404, 'not_found', `Requested resource not found: ${describe(context.request)}`);
      },
      methodNotAllowed: (context: Context) => {
        const allow = allowedMethods(api, context.request.path);
        throw new ApiError(405, 'method_not_allowed', `Method ${context.request.method.toUpperCase()} is not allowed on ${shorten(context.request.path)}. Allowed: ${allow}`, { Allow: allow });
      },
      postRoutingHandler: (context: Context, request: IncomingApiRequest, state: RequestState, backendRequest: BackendRequest) => {
        if (!context.operation) return;
        const operation = operations.get(context.operation.operationId ?? '');
        if (!operation) return;
        state.operation = operation;
        // known before any simulation, so the journal can say who sent a simulated request
        const credential = firstCredential(operation, request);
        if (credential) {
          state.credential = credential;
          const key = keys.findActive(credential.key);
          if (key) state.key = key;
        }
        // Inferred: undeclared query parameters (`?api_key=`, cache busters…) are ignored, as
        // the real API and Prism do; openapi-backend would reject them, so it never sees them.
        const query = backendRequest.query as Record<string, unknown>;
        backendRequest.query = Object.fromEntries(operation.queryParameters.filter((name) => name in query).map((name) => [name, query[name]])) as BackendRequest['query'];
        state.simulation = readSimulation(context.request.headers as Headers, operation);
        const simulated = state.simulation.error;
        if (simulated) throw new ApiError(simulated.status, simulated.code);
      },
      unauthorizedHandler: () => {
        throw new ApiError(401, 'authentication_required');
      },
      validationFail: (context: Context) => {
        throw new ApiError(400, 'validation_error', `Invalid request: ${describeAjvErrors(context.validation.errors as never).join('; ')}`);
      },
      preOperationHandler: (_context: Context, _request: IncomingApiRequest, state: RequestState) => {
        authorize(state, state.operation as OperationContract, keys, limiter);
      },
      ...Object.fromEntries(
        Object.entries(handlers).map(([operationId, handler]) => [
          operationId,
          (context: Context, _request: IncomingApiRequest, state: RequestState) =>
            handler({
              operation: state.operation as OperationContract,
              params: context.request.params as Record<string, string>,
              query: context.request.query as Record<string, unknown>,
              headers: context.request.headers as Headers,
              key: state.key as ApiKey,
            }),
        ]),
      ),
    },
  });
  await api.init();

  return {
    async route(request, state) {
      if (!isDecodable(request.path)) {
        throw new ApiError(404, 'not_found', `Requested resource not found: the path is not valid percent-encoding`);
      }
      // HEAD is answered as GET (Node leaves the body out)
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const backendRequest: BackendRequest = { method, path: request.path, headers: request.headers as BackendRequest['headers'], query: request.query as BackendRequest['query'] };
      return (await api.handleRequest(backendRequest, request, state, backendRequest)) as HandlerResult;
    },
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

function allowedMethods(api: OpenAPIBackend, path: string): string {
  return METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {} }) !== undefined)
    .map((m) => m.toUpperCase())
    .join(', ');
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function describe(request: { method: string; path: string }): string {
  return `${request.method.toUpperCase()} ${shorten(request.path)}`;
}

/** Paths are echoed in messages; a 4 kB path is cut so the message stays readable. */
function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
