import type { ValidateFunction } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { OpenAPIValidator } from 'openapi-backend';
import type { OpenAPIV3_1 } from 'openapi-types';
import { configureAjv, createAjv } from './ajv.js';
import { operationsOf, type ContractValidators } from './contract-validators.js';
import type { LoadedContract } from './load-contract.js';

// CommonJS: under NodeNext its default import is the module object
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

/** Validators compiled by Ajv now, which can also be written out as code (`packCode`). */
export interface CompiledValidators extends ContractValidators {
  /** A validator of any schema, by klen-mock's Ajv configuration (the fixtures' schemas). */
  compileSchema(schema: object): ValidateFunction;
  /**
   * The code of every validator, compiling those not used yet, for a validator pack
   * (src/openapi/validator-pack.ts): each operation's as the body of a function returning
   * `{ request: [factory…], responses: { status: factory } }`, the envelope's as one returning a
   * factory; a factory takes `require` and returns the validator. Throws if a schema does not compile.
   */
  packCode(): PackCode;
}

export interface PackCode {
  operations: ReadonlyMap<string, string>;
  envelope: string | undefined;
}

/**
 * Compiles the contract's validators, each on first use: request validators by openapi-backend
 * (it turns each operation's parameters and body into JSON Schemas: `allErrors`, so the mapping
 * to documented codes sees every failure; `useDefaults`, so handlers get the documented defaults;
 * query parameters coerced to their types), response and envelope validators by klen-mock's own
 * Ajv (JSON Schema 2020-12). This module loads Ajv's compiler and openapi-backend: a start with
 * a validator pack for its contract never loads it.
 */
export function compileValidators(contract: LoadedContract): CompiledValidators {
  const doc = contract.dereferenced;
  // every Ajv instance, by the validators it compiled: pack code is generated from the instance's scope
  const compiledBy = new WeakMap<ValidateFunction, { opts: { code: { source?: boolean } } }>();
  const remember = <A extends { compile(schema: object): ValidateFunction; opts: { code: { source?: boolean } } }>(ajv: A): A => {
    const compile = ajv.compile.bind(ajv);
    ajv.compile = (schema: object) => {
      const validate = compile(schema);
      compiledBy.set(validate, ajv);
      return validate;
    };
    return ajv;
  };
  const requestValidator = new OpenAPIValidator({
    definition: doc as never,
    // validateSchema off: openapi-backend builds a new Ajv per validator, and each would compile
    // the JSON Schema meta-schema to check schemas swagger-parser has already validated (a start-up
    // profile: about a third of the time to the first answer)
    ajvOpts: { allErrors: true, useDefaults: true, validateSchema: false, code: { source: true } },
    // request validators only (the server has its own response validators), each on first use
    lazyCompileValidators: true,
    customizeAjv: (ajv) => remember(configureAjv(ajv as never) as typeof ajv),
  });
  const ajv = remember(createAjv());

  const responseSchemas = new Map<string, Map<number, object>>();
  for (const [operationId, operation] of operationsOf(doc)) {
    const schemas = new Map<number, object>();
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const schema = (response as OpenAPIV3_1.ResponseObject).content?.['application/json']?.schema;
      if (schema && Number.isInteger(Number(status))) schemas.set(Number(status), schema);
    }
    responseSchemas.set(operationId, schemas);
  }
  const responses = new Map<string, ValidateFunction>();
  let envelope: ValidateFunction | undefined;

  const validators: CompiledValidators = {
    request: (operationId) => requestValidator.getRequestValidatorsForOperation(operationId) ?? [],
    response(operationId, status) {
      const key = `${operationId} ${status}`;
      let validate = responses.get(key);
      const schema = validate ? undefined : responseSchemas.get(operationId)?.get(status);
      if (schema) responses.set(key, (validate = ajv.compile(schema)));
      return validate;
    },
    envelope() {
      const schema = doc.components?.schemas?.['Error'];
      if (schema) envelope ??= ajv.compile(schema);
      return envelope;
    },
    compileSchema: (schema) => ajv.compile(schema),
    packCode() {
      const code = (validate: ValidateFunction | undefined): string => {
        const owner = validate && compiledBy.get(validate);
        if (!validate || !owner) throw new Error('a validator klen-mock did not compile');
        // `module` is the factory's own: each validator's code is a CommonJS module body
        return `function (require) { const module = { exports: {} }; ${standaloneCode(owner as never, validate)}\nreturn module.exports; }`;
      };
      const operations = new Map<string, string>();
      for (const [operationId, schemas] of responseSchemas) {
        const request = validators.request(operationId).map(code).join(',\n');
        const statuses = [...schemas.keys()].map((status) => `${status}: ${code(validators.response(operationId, status))}`).join(',\n');
        operations.set(operationId, `return { request: [${request}], responses: {${statuses}} };\n`);
      }
      const errorEnvelope = validators.envelope();
      return { operations, envelope: errorEnvelope ? `return ${code(errorEnvelope)};\n` : undefined };
    },
  };
  return validators;
}
