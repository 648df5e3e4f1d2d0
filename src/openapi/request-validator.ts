import type { ErrorObject } from 'ajv';
import { StartupError } from '../errors/startup-error.js';
import type { ContractValidators } from './contract-validators.js';

/** A request's parameters by location, as openapi-backend's validators expect them. */
export interface RequestParameters {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string | string[] | undefined>;
  cookie: Record<string, string>;
  requestBody?: unknown;
}

/** One validation failure, located: in the body (`field` is a JSON pointer into it) or in a parameter. */
export interface RequestProblem {
  in: 'body' | 'query' | 'path' | 'header';
  /** Body: a JSON pointer (`/phone_number`, `` for the body itself). Parameters: the parameter's name. */
  field: string;
  keyword: string;
  /** Ajv's wording of what was expected: `must be integer`. */
  message: string;
}

/**
 * Problems with a request against its operation (empty when valid). Query parameters are
 * coerced to their schema types and the contract's `default`s are filled in, in place.
 */
export type RequestValidator = (operationId: string, parameters: RequestParameters) => RequestProblem[];

/**
 * Request validation by openapi-backend's validators (src/openapi/contract-validators.ts), called
 * directly, without openapi-backend's per-request parsing. With `checkAll` (a contract whose
 * validators were not checked before) every operation's validators compile now, so a schema Ajv
 * refuses stops start-up; otherwise each is made on its operation's first request.
 */
export function createRequestValidator(validators: ContractValidators, operationIds: Iterable<string>, options: { contractFile: string; checkAll: boolean }): RequestValidator {
  if (options.checkAll) {
    for (const id of operationIds) {
      try {
        validators.request(id);
      } catch (error) {
        throw new StartupError(options.contractFile, `operation "${id}": its parameters or request body do not compile: ${(error as Error).message}`);
      }
    }
  }
  return (operationId, parameters) => {
    const problems: RequestProblem[] = [];
    for (const validate of validators.request(operationId)) {
      if (!validate(parameters)) problems.push(...(validate.errors ?? []).map(locate));
    }
    return problems;
  };
}

/** openapi-backend validates `{ requestBody, query, path, header }`: an Ajv error's path says which. */
function locate(error: ErrorObject): RequestProblem {
  const [, where = '', ...rest] = error.instancePath.split('/');
  const missing = error.keyword === 'required' ? String((error.params as { missingProperty?: unknown }).missingProperty) : undefined;
  if (where === '' && missing === 'requestBody') return { in: 'body', field: '', keyword: 'required', message: 'a JSON body is required' };
  const location = where === 'requestBody' ? 'body' : (where as RequestProblem['in']);
  const pointer = rest.length > 0 ? `/${rest.join('/')}` : '';
  if (location === 'body') {
    return missing === undefined
      ? { in: 'body', field: pointer, keyword: error.keyword, message: error.message ?? 'is invalid' }
      : { in: 'body', field: `${pointer}/${missing}`, keyword: 'required', message: 'is required' };
  }
  const name = missing ?? rest[0] ?? '';
  return { in: location, field: name, keyword: error.keyword, message: missing === undefined ? error.message ?? 'is invalid' : 'is required' };
}
