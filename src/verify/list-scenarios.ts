import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationContract } from '../openapi/operation-contract.js';
import { documentedError, keyScenarios, type PlannedScenario, type Scenario } from './scenarios.js';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** What the contract says about a list's query and its 200 body, read once per operation. */
interface ListContract {
  /** The query parameters' schemas, by name. */
  query: ReadonlyMap<string, SchemaObject>;
  /** Top-level properties of the 200 body (`page`, `limit`, …). */
  bodyProperties: ReadonlySet<string>;
  /** The body's array property (`calls`) and the properties of its items. */
  list?: { property: string; itemProperties: ReadonlySet<string> };
}

/**
 * The documented scenarios of a read operation without path parameters (a list): the key
 * scenarios; then, where the contract declares them, `limit` at its minimum, `limit` at its
 * maximum (with `page=1`), each exact-match filter (see filterValues), and `limit` one over its
 * maximum (`400 validation_error`). Each 200 is also checked against what was asked: the
 * body's `page` and `limit` are the request's (or the documented defaults), the list has at most
 * `limit` items, and every item has the filtered value.
 */
export function planListScenarios(operation: OperationContract, definition: OpenAPIV3_1.OperationObject, key: string): PlannedScenario[] {
  const contract = readListContract(definition);
  const withQuery = (name: string, query: Record<string, string>, error?: Scenario['expect']): PlannedScenario => ({
    scenario: error
      ? { operation, name, params: {}, query, key: { placement: 'bearer', value: key }, expect: error }
      : { operation, name, params: {}, query, key: { placement: 'bearer', value: key }, expect: { status: 200 }, check: (body) => listViolations(body, query, contract) },
  });
  const planned = keyScenarios(operation, key, { params: {}, query: {} }, (body) => listViolations(body, {}, contract));

  const limit = contract.query.get('limit');
  const maximum = typeof limit?.maximum === 'number' ? limit.maximum : undefined;
  if (limit) planned.push(withQuery(`limit=${limit.minimum ?? 1}`, { limit: String(limit.minimum ?? 1) }));
  if (maximum !== undefined) {
    const query: Record<string, string> = contract.query.has('page') ? { page: '1', limit: String(maximum) } : { limit: String(maximum) };
    planned.push(withQuery(new URLSearchParams(query).toString(), query));
  }
  for (const [name, value] of filterValues(contract)) planned.push(withQuery(`${name}=${value}`, { [name]: value }));
  if (maximum !== undefined) {
    planned.push(withQuery(`limit=${maximum + 1} (over the documented maximum ${maximum})`, { limit: String(maximum + 1) }, documentedError(operation, 'validation_error')));
  }
  return planned;
}

/**
 * The exact-match filters of a list and a value to try each with: a query parameter named like a
 * property of the list's items, with an enum (its first value) or schema examples (the first):
 * `status=completed` and `type=inbound` for Get Calls, `stage=qualified_lead` for Get Contacts.
 */
function filterValues(contract: ListContract): Array<[string, string]> {
  const filters: Array<[string, string]> = [];
  for (const [name, schema] of contract.query) {
    if (!contract.list?.itemProperties.has(name)) continue;
    const value = schema.enum?.[0] ?? (schema.examples as unknown[] | undefined)?.[0];
    if (typeof value === 'string') filters.push([name, value]);
  }
  return filters;
}

function readListContract(definition: OpenAPIV3_1.OperationObject): ListContract {
  const query = new Map(
    (definition.parameters ?? [])
      .map((p) => p as OpenAPIV3_1.ParameterObject)
      .filter((p) => p.in === 'query')
      .map((p) => [p.name, (p.schema ?? {}) as SchemaObject] as const),
  );
  const ok = definition.responses?.['200'] as OpenAPIV3_1.ResponseObject | undefined;
  const properties = (ok?.content?.['application/json']?.schema as SchemaObject | undefined)?.properties ?? {};
  const array = Object.entries(properties).find(([, schema]) => (schema as SchemaObject).type === 'array');
  const items = (array?.[1] as OpenAPIV3_1.ArraySchemaObject | undefined)?.items as SchemaObject | undefined;
  return {
    query,
    bodyProperties: new Set(Object.keys(properties)),
    ...(array ? { list: { property: array[0], itemProperties: new Set(Object.keys(items?.properties ?? {})) } } : {}),
  };
}

/** Violations of a 200 body against the request it answers (the schema is checked elsewhere). */
function listViolations(body: unknown, query: Record<string, string>, contract: ListContract): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const fields = body as Record<string, unknown>;
  const violations: string[] = [];
  // the value the server should have used for a parameter: the request's, else the documented default
  const effective = (name: string): { value: unknown; why: string } | undefined => {
    const schema = contract.query.get(name);
    if (query[name] !== undefined) return { value: schema?.type === 'integer' ? Number(query[name]) : query[name], why: `the request's ${name}=${query[name]}` };
    return schema?.default === undefined ? undefined : { value: schema.default, why: 'the documented default' };
  };

  for (const name of contract.query.keys()) {
    const expected = contract.bodyProperties.has(name) ? effective(name) : undefined;
    if (expected && fields[name] !== expected.value) {
      violations.push(`/${name} is ${JSON.stringify(fields[name])}, expected ${JSON.stringify(expected.value)} (${expected.why})`);
    }
  }

  const list = contract.list;
  const items = list ? fields[list.property] : undefined;
  if (!list || !Array.isArray(items)) return violations;
  const limit = effective('limit');
  if (typeof limit?.value === 'number' && items.length > limit.value) {
    violations.push(`/${list.property} has ${items.length} items, more than limit ${limit.value} (${limit.why})`);
  }
  // a sent filter (see filterValues): every item must have its value
  const filters = new Map(filterValues(contract));
  for (const [name, value] of Object.entries(query)) {
    if (!filters.has(name)) continue;
    const misses = items.map((item, i) => [i, (item as Record<string, unknown> | null)?.[name]] as const).filter(([, v]) => v !== value);
    const [first] = misses;
    if (first) {
      const more = misses.length > 1 ? `, and ${misses.length - 1} more of ${items.length} items` : '';
      violations.push(`/${list.property}/${first[0]}/${name} is ${JSON.stringify(first[1])}, expected ${JSON.stringify(value)} (the request's ${name}=${value})${more}`);
    }
  }
  return violations;
}
