import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/startup-error.js';
import { serialize, type SerializedBody } from '../router/serialized-body.js';
import { describeAjvErrors } from './ajv-errors.js';
import type { ContractValidators } from './contract-validators.js';
import type { LoadedContract } from './load-contract.js';

/** An error the docs list for an operation, with the message of its named example. */
export interface DocumentedError {
  status: number;
  code: string;
  message: string;
  /** The named example's value: `{ error, message }`, plus any documented detail fields (402's balance). */
  body: Readonly<Record<string, unknown>>;
  /** `body`, serialized once and checked against the status's schema at start-up. */
  serialized: SerializedBody;
}

/**
 * One entry of an operation's `x-klen-validation-errors`: a request-body validation failure at
 * `field` (a JSON pointer into the body), for any of `keywords` (all when absent), is answered
 * with the documented 400 `error`. Entries are tried in contract order; the first that matches
 * any failure wins. A failure no entry covers is `400 validation_error` naming the field.
 */
export interface ValidationErrorRule {
  field: string;
  keywords?: readonly string[];
  error: string;
  /** The answer's message, when it should say more than the code's documented one (which parameter is missing). */
  message?: string;
}

/** What the server needs to know about one operation, read once from the contract. */
export interface OperationContract {
  operationId: string;
  method: string;
  /** The path template, e.g. `/api/v1/calls/{call_id}`. */
  path: string;
  /** `x-klen-permission`: the key permission the operation requires, or AUTHENTICATED. */
  permission: string;
  /** Names of the declared query parameters (all others are ignored). */
  queryParameters: readonly string[];
  /** Security scheme names in the order the contract lists them: the order credentials are tried. */
  securitySchemes: readonly string[];
  /** Documented errors by code (sandbox-only responses excluded), in contract order. */
  errors: ReadonlyMap<string, DocumentedError>;
  /** The first documented code of each error status (what `Prefer: code=401` answers). */
  firstErrorOfStatus: ReadonlyMap<number, string>;
  /** Whether the operation takes a JSON request body. */
  hasRequestBody: boolean;
  /** Whether the body must be sent (`requestBody.required`; OpenAPI's default is optional). */
  requestBodyRequired: boolean;
  /** `x-klen-validation-errors`: body validation failures mapped to documented codes. */
  validationErrors: readonly ValidationErrorRule[];
  /** Violations of the contract by a response (empty when it conforms). */
  checkResponse(status: number, body: unknown): string[];
}

type ResponseObject = OpenAPIV3_1.ResponseObject;
type SchemaObject = OpenAPIV3_1.SchemaObject;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/**
 * `x-klen-permission: authenticated`: any valid key; the permissions needed depend on the body,
 * and the handler checks them (Create Webhook: the read permission of each subscribed event).
 */
export const AUTHENTICATED = 'authenticated';

/**
 * Reads every operation of the dereferenced contract and checks what the server relies on:
 * a permission, an error-code enum per error status, and a named example per error code. With
 * `checkAll` (validators not checked before) every response validator compiles now and each
 * example is checked against its schema; otherwise they passed before (the marker and the
 * validator pack are keyed by the contract's text) and each validator is made on first use.
 */
export function readOperations(contract: LoadedContract, validators: ContractValidators, options: { checkAll: boolean }): Map<string, OperationContract> {
  const operations = new Map<string, OperationContract>();
  const doc = contract.dereferenced;
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      const where = `paths["${path}"].${method}`;
      const fail = (detail: string): never => {
        throw new StartupError(contract.file, `${where}${detail}`);
      };
      const operationId = operation.operationId ?? fail('.operationId is missing');
      const permission = (operation as Record<string, unknown>)['x-klen-permission'];
      if (typeof permission !== 'string' || permission === '') {
        fail('.x-klen-permission is missing: every operation names the key permission it requires');
      }
      const securitySchemes = (operation.security ?? doc.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const queryParameters = [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]
        .map((parameter) => parameter as OpenAPIV3_1.ParameterObject)
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      const errors = new Map<string, DocumentedError>();
      const firstErrorOfStatus = new Map<number, string>();

      for (const [statusText, responseOrRef] of Object.entries(operation.responses ?? {})) {
        const status = Number(statusText);
        if (!Number.isInteger(status)) fail(`.responses["${statusText}"]: klen-mock needs explicit status codes`);
        const response = responseOrRef as ResponseObject;
        const media = response.content?.['application/json'];
        const schema = media?.schema as SchemaObject | undefined;
        if (!schema) fail(`.responses["${statusText}"].content["application/json"].schema is missing`);
        const validate = options.checkAll ? compiled(() => validators.response(operationId, status), `.responses["${statusText}"]`, fail) : undefined;
        if (status < 400 || (response as Record<string, unknown>)['x-klen-mock-only'] === true) continue;

        const codes = errorCodesOf(schema as SchemaObject);
        if (codes.length === 0) {
          fail(`.responses["${statusText}"]: the schema must enumerate its error codes (properties.error.enum)`);
        }
        for (const code of codes) {
          const example = media?.examples?.[code] as OpenAPIV3_1.ExampleObject | undefined;
          const value = example?.value as { error?: unknown; message?: unknown } | undefined;
          if (value?.error !== code || typeof value.message !== 'string') {
            fail(`.responses["${statusText}"].content["application/json"].examples["${code}"] must be { error: "${code}", message: "…" }`);
          }
          const body = value as Record<string, unknown>;
          const message = String(value?.message);
          if (code === 'permission_denied' && permission !== AUTHENTICATED && !message.includes(permission as string)) {
            fail(`.responses["${statusText}"]…examples.permission_denied.message must name the permission "${String(permission)}"`);
          }
          if (errors.has(code)) fail(`: error code "${code}" is declared under two statuses`);
          if (validate && !validate(body)) fail(`.responses["${statusText}"]: its example for "${code}" does not match its schema: ${describeAjvErrors(validate.errors).join('; ')}`);
          errors.set(code, { status, code, message, body, serialized: serialize(body) });
          if (!firstErrorOfStatus.has(status)) firstErrorOfStatus.set(status, code);
        }
      }

      const validationErrors = readValidationErrors((operation as Record<string, unknown>)['x-klen-validation-errors'], errors, fail);
      operations.set(operationId, {
        operationId,
        method,
        path,
        permission: permission as string,
        queryParameters,
        securitySchemes,
        errors,
        firstErrorOfStatus,
        hasRequestBody: operation.requestBody !== undefined,
        requestBodyRequired: (operation.requestBody as { required?: boolean } | undefined)?.required === true,
        validationErrors,
        checkResponse(status, body) {
          const validate = validators.response(operationId, status);
          if (!validate) return [`status ${status} is not declared for ${operationId}`];
          return validate(body) ? [] : describeAjvErrors(validate.errors);
        },
      });
    }
  }
  return operations;
}

/** A validator, compiled now; a schema Ajv refuses (strict mode: an unknown keyword…) is a StartupError naming where it is. */
function compiled<V>(make: () => V, at: string, fail: (detail: string) => never): V {
  try {
    return make();
  } catch (error) {
    return fail(`${at}: the schema does not compile: ${(error as Error).message}`);
  }
}

/** The `error` enum of an error schema, looking through `allOf`. */
function errorCodesOf(schema: SchemaObject): string[] {
  const own = (schema.properties?.['error'] as SchemaObject | undefined)?.enum ?? [];
  const inherited = (schema.allOf ?? []).flatMap((part) => errorCodesOf(part as SchemaObject));
  return [...own, ...inherited].filter((code): code is string => typeof code === 'string');
}

/** Reads and checks `x-klen-validation-errors`: each entry names a field and a documented 400 code. */
function readValidationErrors(raw: unknown, errors: ReadonlyMap<string, DocumentedError>, fail: (detail: string) => never): ValidationErrorRule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('.x-klen-validation-errors must be a list of { field, keywords?, error, message? }');
  return (raw as unknown[]).map((entry, i) => {
    const where = `.x-klen-validation-errors[${i}]`;
    const { field, keywords, error, message } = (entry ?? {}) as Record<string, unknown>;
    if (typeof field !== 'string' || !/^(\/[^/]+)+$/.test(field)) fail(`${where}.field must be a JSON pointer into the body, such as /phone_number`);
    if (keywords !== undefined && !(Array.isArray(keywords) && keywords.every((k) => typeof k === 'string'))) fail(`${where}.keywords must be a list of JSON Schema keywords`);
    if (typeof error !== 'string' || errors.get(error)?.status !== 400) fail(`${where}.error must be a documented 400 error code of the operation, got ${JSON.stringify(error)}`);
    if (message !== undefined && (typeof message !== 'string' || message === '')) fail(`${where}.message must be a non-empty string`);
    return {
      field: field as string,
      error: error as string,
      ...(keywords === undefined ? {} : { keywords: keywords as string[] }),
      ...(message === undefined ? {} : { message: message as string }),
    };
  });
}
