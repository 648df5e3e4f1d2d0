import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OpenAPIValidator } from 'openapi-backend';
import { StartupError } from '../errors/startup-error.js';
import type { LoadedContract } from './load-contract.js';
import { replaceUniqueItems } from './ajv.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

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
 * Request validation by openapi-backend: it turns each operation's parameters and request
 * body into JSON Schemas and compiles them with Ajv. The validators are built once, here, and
 * then called directly, without openapi-backend's per-request parsing. `allErrors`, so the
 * mapping to documented codes (`x-klen-validation-errors`) sees every failure and picks by the
 * contract's order, not by Ajv's; `useDefaults`, so handlers get the documented defaults.
 */
export function createRequestValidator(contract: LoadedContract, operationIds: Iterable<string>): RequestValidator {
  const validator = new OpenAPIValidator({
    definition: contract.dereferenced as never,
    // validateSchema off: openapi-backend builds a new Ajv per validator, and each would compile
    // the JSON Schema meta-schema to check schemas swagger-parser has already validated (a start-up
    // profile: about a third of the time to the first answer)
    ajvOpts: { allErrors: true, useDefaults: true, validateSchema: false },
    // compile request validators only (not its response validators: the server has its own)
    lazyCompileValidators: true,
    customizeAjv: (ajv) => replaceUniqueItems(addFormats(ajv as never) as unknown as typeof ajv),
  });
  // a contract checked before compiles each operation's validators on its first request (openapi-backend
  // keeps them); one not checked before compiles them all now, so a schema Ajv refuses stops start-up
  const validatorsOf = (id: string) => validator.getRequestValidatorsForOperation(id) ?? [];
  if (!contract.checkedBefore) {
    for (const id of operationIds) {
      try {
        validatorsOf(id);
      } catch (error) {
        throw new StartupError(contract.file, `operation "${id}": its parameters or request body do not compile: ${(error as Error).message}`);
      }
    }
  }
  return (operationId, parameters) => {
    const problems: RequestProblem[] = [];
    for (const validate of validatorsOf(operationId)) {
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
