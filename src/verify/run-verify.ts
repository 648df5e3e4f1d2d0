import type { OpenAPIV3_1 } from 'openapi-types';
import { compileValidators } from '../openapi/compile-validators.js';
import { loadContract } from '../openapi/load-contract.js';
import { readOperations, type OperationContract } from '../openapi/operation-contract.js';
import { planInitiateCallScenarios, type RealCall } from './initiate-call-scenarios.js';
import { planListScenarios } from './list-scenarios.js';
import { runScenario } from './run-scenario.js';
import { planScenarios, type PlannedScenario } from './scenarios.js';

export interface VerifyOptions {
  /** Base URL of the server under test, e.g. `https://api.klen.ai` or `http://127.0.0.1:4010`. */
  target: string;
  /** A key with the operations' permissions. */
  key: string;
  /** Calls to fetch (Get Call Details); default: the examples of the path parameter in the contract. */
  callIds?: readonly string[];
  /** Contacts to fetch (Get Contact Details); default: the examples of the path parameter in the contract. */
  contactIds?: readonly string[];
  /** Calendar events to fetch (Get Event Details), by id or UUID; default: the examples of the path parameter in the contract. */
  eventIds?: readonly string[];
  /** Path of the contract. */
  contract: string;
  /** Per-request time limit in ms. */
  timeoutMs?: number;
  /** Send the scenarios of write operations (POST); without it verify sends only GETs. */
  allowWrites?: boolean;
  /** With `allowWrites` and `agentId`: place one real call to this E.164 number. */
  phoneNumber?: string;
  /** With `allowWrites` and `phoneNumber`: the agent that places the real call. */
  agentId?: string;
}

export interface ScenarioResult {
  operationId: string;
  name: string;
  method: string;
  /** The path as sent (no key in it: a query key is shown masked). */
  url: string;
  status?: number;
  ms: number;
  /** Empty when the response conforms and is what the docs say. */
  violations: string[];
}

export interface VerifyReport {
  target: string;
  contractTitle: string;
  results: ScenarioResult[];
  /** Operations, or scenarios, not exercised, with why (e.g. writes without `allowWrites`). */
  skipped: Array<{ operationId: string; reason: string }>;
}

/**
 * Runs the documented scenarios of each operation of the contract against `target` (writes only
 * with `allowWrites`), and checks each response against the contract: status declared and
 * expected, JSON content type, body matching the schema of that status.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const contract = await loadContract(options.contract);
  await contract.validated;
  const operations = readOperations(contract, compileValidators(contract), { checkAll: true });
  const report: VerifyReport = { target: options.target, contractTitle: contract.dereferenced.info.title, results: [], skipped: [] };

  for (const operation of operations.values()) {
    const pathItem = contract.dereferenced.paths?.[operation.path];
    const definition = pathItem?.[operation.method as 'get'] as OpenAPIV3_1.OperationObject;
    // path-level parameters apply too, so the planners see them with the operation's own
    const withParameters = { ...definition, parameters: [...(pathItem?.parameters ?? []), ...(definition.parameters ?? [])] };
    const queue = plan(operation, withParameters, options, report.skipped);
    while (queue.length > 0) {
      const { scenario, followUps } = queue.shift() as PlannedScenario;
      const { result, body } = await runScenario(scenario, withParameters, options);
      report.results.push(result);
      if (followUps && result.violations.length === 0 && result.status === 200) {
        queue.unshift(...followUps(body).map((s) => ({ scenario: s })));
      }
    }
  }
  return report;
}

/** The scenarios of one operation, or none with the reason added to `skipped`. */
function plan(operation: OperationContract, definition: OpenAPIV3_1.OperationObject, options: VerifyOptions, skipped: VerifyReport['skipped']): PlannedScenario[] {
  const skip = (reason: string) => (skipped.push({ operationId: operation.operationId, reason }), []);
  if (operation.method === 'get') {
    const pathParameters = (definition.parameters ?? []).map((p) => p as OpenAPIV3_1.ParameterObject).filter((p) => p.in === 'path');
    if (pathParameters.length === 0) return planListScenarios(operation, definition, options.key);
    const parameter = pathParameters[0] as OpenAPIV3_1.ParameterObject;
    const given = new Map([['call_id', options.callIds], ['contact_id', options.contactIds], ['event_id', options.eventIds]]).get(parameter.name) ?? [];
    if (pathParameters.length === 1) return planScenarios(operation, parameter, options.key, given);
    return skip('verify covers GET operations with at most one path parameter');
  }
  if (operation.operationId !== 'initiateCall') return skip(`verify checks writes of Initiate Call only (${operation.method.toUpperCase()} ${operation.path} is not sent)`);
  // a write has effects on the real service (a call costs money): only when asked
  if (!options.allowWrites) return skip('POST initiates a real call, which costs money: verify sends writes only with --allow-writes');
  const real: RealCall | undefined = options.phoneNumber && options.agentId ? { phoneNumber: options.phoneNumber, agentId: options.agentId } : undefined;
  if (!real) skipped.push({ operationId: operation.operationId, reason: 'the real call (201): it needs --phone-number <E.164> and --agent-id <id>; the validation scenarios ran' });
  return planInitiateCallScenarios(operation, definition, options.key, real);
}

/** How a result is titled in the report and in JUnit: the method shown where it is not GET. */
export function scenarioTitle(result: Pick<ScenarioResult, 'method' | 'name'>): string {
  return result.method === 'GET' ? result.name : `${result.method} ${result.name}`;
}
