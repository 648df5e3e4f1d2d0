import addFormatsModule from 'ajv-formats';
import { OpenAPIValidator } from 'openapi-backend';
import { describeAjvErrors } from './ajv.js';
import type { LoadedContract } from './load-contract.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A request's parameters by location, as openapi-backend's validators expect them. */
export interface RequestParameters {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string | string[] | undefined>;
  cookie: Record<string, string>;
  requestBody?: unknown;
}

/** Problems with a request against its operation (empty when valid). */
export type RequestValidator = (operationId: string, parameters: RequestParameters) => string[];

/**
 * Request validation by openapi-backend: it turns each operation's parameters and request
 * body into JSON Schemas and compiles them with Ajv. The validators are built once, here, and
 * then called directly, without openapi-backend's per-request parsing.
 */
export function createRequestValidator(contract: LoadedContract, operationIds: Iterable<string>): RequestValidator {
  const validator = new OpenAPIValidator({
    definition: contract.dereferenced as never,
    // compile request validators only (not its response validators: the server has its own)
    lazyCompileValidators: true,
    customizeAjv: (ajv) => addFormats(ajv as never) as unknown as typeof ajv,
  });
  const byOperation = new Map([...operationIds].map((id) => [id, validator.getRequestValidatorsForOperation(id) ?? []]));
  return (operationId, parameters) => {
    const problems: string[] = [];
    for (const validate of byOperation.get(operationId) ?? []) {
      if (!validate(parameters)) problems.push(...describeAjvErrors(validate.errors));
    }
    return problems;
  };
}
