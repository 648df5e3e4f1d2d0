import type { OpenAPIV3_1 } from 'openapi-types';
import type { OperationContract } from '../openapi/operation-contract.js';
import { documentedError, type PlannedScenario, type Scenario } from './scenarios.js';

/** The one real call `verify` may place: both given by the user, never guessed. */
export interface RealCall {
  phoneNumber: string;
  /** A database id (`123`, sent as a number) or an assistant_id. */
  agentId: string;
}

/**
 * The documented scenarios of Initiate Call (a write: run only with `--allow-writes`). The four
 * 400 scenarios send bodies no server can place a call from (a required field missing, a number
 * that is not E.164, a body that is not JSON); `no key` sends the contract's example body
 * without a key, so no account could be charged. Only with `real` is one call placed: `201`,
 * with the `Location` header and status `queued` the contract requires.
 */
export function planInitiateCallScenarios(operation: OperationContract, definition: OpenAPIV3_1.OperationObject, key: string, real?: RealCall): PlannedScenario[] {
  const example = exampleBody(definition);
  const withKey = { placement: 'bearer', value: key } as const;
  const post = (name: string, body: string, expect: Scenario['expect'], placement: Scenario['key'] = withKey): PlannedScenario => ({
    scenario: { operation, name, params: {}, body, key: placement, expect },
  });
  const without = (field: string) => JSON.stringify(Object.fromEntries(Object.entries(example).filter(([name]) => name !== field)));

  const planned = [
    post('without phone_number', without('phone_number'), documentedError(operation, 'missing_phone_number')),
    post('without agent_id', without('agent_id'), documentedError(operation, 'missing_agent_id')),
    post('phone_number "555-1234"', JSON.stringify({ ...example, phone_number: '555-1234' }), documentedError(operation, 'invalid_phone_number')),
    // the example body cut short: not JSON
    post('a body that is not JSON', JSON.stringify(example).slice(0, -1), documentedError(operation, 'invalid_json')),
    post('no key', JSON.stringify(example), documentedError(operation, 'authentication_required'), { placement: 'none', value: '' }),
  ];
  if (real) {
    const agentId = /^[1-9][0-9]*$/.test(real.agentId) ? Number(real.agentId) : real.agentId;
    // status "queued" is the 201 schema's only value, and Location a required header: both checked from the contract
    planned.push(post(`a real call by agent ${JSON.stringify(real.agentId)}`, JSON.stringify({ phone_number: real.phoneNumber, agent_id: agentId }), { status: 201 }));
  }
  return planned;
}

/** The required fields of the contract's documented request example: `{ phone_number, agent_id }`. */
function exampleBody(definition: OpenAPIV3_1.OperationObject): Record<string, unknown> {
  const media = (definition.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json'];
  const example = (Object.values(media?.examples ?? {})[0] as OpenAPIV3_1.ExampleObject | undefined)?.value as Record<string, unknown> | undefined;
  const required = (media?.schema as OpenAPIV3_1.SchemaObject | undefined)?.required ?? [];
  return Object.fromEntries(required.filter((name) => example?.[name] !== undefined).map((name) => [name, example?.[name]]));
}
