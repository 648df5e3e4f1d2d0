import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationContract } from '../openapi/operation-contract.js';

/** How a scenario sends the key. */
export type KeyPlacement = 'bearer' | 'x-api-key' | 'query' | 'none';

/** One request of `klen-mock verify` and what the docs say it must answer. */
export interface Scenario {
  operation: OperationContract;
  name: string;
  /** Path parameter values, unencoded. */
  params: Record<string, string>;
  /** Query parameters besides the key, unencoded. */
  query?: Record<string, string>;
  /** The request body, sent as given with `Content-Type: application/json` (writes only). */
  body?: string;
  key: { placement: KeyPlacement; value: string };
  expect: { status: number; error?: string };
  /** For a 200: the response must equal this earlier body (same resource by another id). */
  sameBodyAs?: unknown;
  /** What the docs say beyond the schema about a response of the expected status: its violations. */
  check?: (body: unknown) => string[];
}

/** A scenario's follow-ups, derived from its successful response (e.g. the same call by its other id). */
export type FollowUps = (body: unknown) => Scenario[];

export interface PlannedScenario {
  scenario: Scenario;
  followUps?: FollowUps;
}

const MISSING_ID = 'klen_mock_verify_missing_0000';
/** An integer id no resource has: the largest 32-bit one (an integer parameter would refuse the text above as a 400). */
const MISSING_INTEGER_ID = '2147483647';
const UNKNOWN_KEY = 'klen_mock_verify_unknown_key';

/**
 * The documented scenarios of a read (GET) operation with one path parameter:
 * each given id (default: the parameter's examples in the contract), then the same resource by
 * each other id form the contract names in `x-klen-id-fields`; no key; an unknown key; each of
 * the three auth methods; an id that does not exist.
 */
export function planScenarios(operation: OperationContract, parameter: OpenAPIV3_1.ParameterObject, key: string, givenIds: readonly string[]): PlannedScenario[] {
  const name = parameter.name;
  const ids = givenIds.length > 0 ? [...givenIds] : exampleValues(parameter);
  const idFields = ((parameter as unknown as Record<string, unknown>)['x-klen-id-fields'] as string[] | undefined) ?? [];
  const withKey = (placement: KeyPlacement, value = key) => ({ placement, value });
  const ok = { status: 200 };
  const missing = (parameter.schema as OpenAPIV3_1.SchemaObject | undefined)?.type === 'integer' ? MISSING_INTEGER_ID : MISSING_ID;
  const first = ids[0] ?? missing;

  const planned: PlannedScenario[] = ids.map((id) => ({
    scenario: { operation, name: `${name} ${JSON.stringify(id)}`, params: { [name]: id }, key: withKey('bearer'), expect: ok },
    followUps: (body) =>
      idFields.flatMap((field) => {
        const value = (body as Record<string, unknown> | null)?.[field];
        if (value === undefined || value === null || String(value) === id) return [];
        return [{ operation, name: `${name} ${JSON.stringify(String(value))} (its ${field}, same ${operation.operationId} as ${JSON.stringify(id)})`, params: { [name]: String(value) }, key: withKey('bearer'), expect: ok, sameBodyAs: body }];
      }),
  }));
  planned.push(
    ...keyScenarios(operation, key, { params: { [name]: first } }),
    { scenario: { operation, name: `${name} that does not exist`, params: { [name]: missing }, key: withKey('bearer'), expect: documentedError(operation, 'not_found') } },
  );
  return planned;
}

/**
 * The scenarios every operation shares, on one request: no key (`401 authentication_required`),
 * an unknown key (`401 invalid_key`), then the key by each of the three auth methods (200, and
 * `check` on the body).
 */
export function keyScenarios(operation: OperationContract, key: string, request: Pick<Scenario, 'params' | 'query'>, check?: Scenario['check']): PlannedScenario[] {
  return [
    { scenario: { operation, name: 'no key', ...request, key: { placement: 'none', value: '' }, expect: documentedError(operation, 'authentication_required') } },
    { scenario: { operation, name: 'an unknown key', ...request, key: { placement: 'bearer', value: UNKNOWN_KEY }, expect: documentedError(operation, 'invalid_key') } },
    ...(['bearer', 'x-api-key', 'query'] as const).map((placement) => ({
      scenario: { operation, name: `key by ${placementLabel(placement)}`, ...request, key: { placement, value: key }, expect: { status: 200 }, ...(check ? { check } : {}) },
    })),
  ];
}

/** The documented status of an error code; 0 (never answered) when the contract lacks it, so the scenario fails visibly. */
export function documentedError(operation: OperationContract, code: string): Scenario['expect'] {
  return { status: operation.errors.get(code)?.status ?? 0, error: code };
}

export function placementLabel(placement: KeyPlacement): string {
  return { bearer: 'Authorization: Bearer', 'x-api-key': 'X-API-Key', query: '?api_key=', none: 'no key' }[placement];
}

function exampleValues(parameter: OpenAPIV3_1.ParameterObject): string[] {
  const examples = Object.values(parameter.examples ?? {}).map((e) => String((e as OpenAPIV3_1.ExampleObject).value));
  return examples.length > 0 ? examples : parameter.example === undefined ? [] : [String(parameter.example)];
}
