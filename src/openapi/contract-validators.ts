import type { ValidateFunction } from 'ajv';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * Every validator the contract gives the server: openapi-backend's for each operation's request,
 * klen-mock's own for each declared response and for the error envelope. Two sources: compiled
 * by Ajv at start (src/openapi/compile-validators.ts) or loaded from the code Ajv generated for
 * the same contract before (src/openapi/validator-pack.ts).
 */
export interface ContractValidators {
  /** The operation's request validators (its body's, if it takes one, then its parameters'); each may throw if its schema does not compile. */
  request(operationId: string): readonly ValidateFunction[];
  /** The validator of a response body of `status` (undefined: the operation declares no such status); may throw if its schema does not compile. */
  response(operationId: string, status: number): ValidateFunction | undefined;
  /** The validator of `components.schemas.Error`, the envelope of every error (undefined: the contract has none). */
  envelope(): ValidateFunction | undefined;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Every operation of a dereferenced contract that has an operationId, with it. */
export function operationsOf(doc: OpenAPIV3_1.Document): Array<[string, OpenAPIV3_1.OperationObject]> {
  const operations: Array<[string, OpenAPIV3_1.OperationObject]> = [];
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (operation?.operationId) operations.push([operation.operationId, operation]);
    }
  }
  return operations;
}
