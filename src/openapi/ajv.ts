import { isDeepStrictEqual } from 'node:util';
import type { Ajv, FuncKeywordDefinition } from 'ajv';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * The one Ajv configuration of the project: JSON Schema 2020-12 (the dialect of OpenAPI 3.1),
 * strict, with the standard formats (date-time, email, uri…) and the OpenAPI-only keywords
 * that may sit inside a schema object.
 */
export function createAjv(): Ajv2020 {
  // validateSchema off: the contract's schemas were validated by swagger-parser (and the sandbox's
  // own by its tests), and compiling the 2020-12 meta-schema to check them again cost ~90 ms of
  // every start; strict mode still refuses unknown keywords
  const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true, validateSchema: false });
  ajv.addVocabulary(['example', 'xml', 'externalDocs']);
  addFormats(ajv);
  replaceUniqueItems(ajv);
  return ajv;
}

/**
 * Replaces Ajv's `uniqueItems` with one that cannot be fooled: Ajv 8.20 indexes the strings of
 * an array in a plain object, so `["__proto__", "__proto__"]` passed as unique (the property
 * tests of Create Webhook found it: a repeated event name got past the body check). This one
 * indexes primitives in a Map and compares the rest deeply; same message and params as Ajv's.
 */
export function replaceUniqueItems<A extends Pick<Ajv, 'removeKeyword' | 'addKeyword'>>(ajv: A): A {
  const validate: FuncKeywordDefinition['validate'] & { errors?: Partial<ErrorObject>[] } = function uniqueItems(unique: boolean, data: unknown) {
    if (!unique || !Array.isArray(data)) return true;
    const seen = new Map<unknown, number>();
    const objects: number[] = [];
    for (let i = 0; i < data.length; i += 1) {
      const item: unknown = data[i];
      let j: number | undefined;
      if (typeof item === 'object' && item !== null) {
        j = objects.find((k) => isDeepStrictEqual(data[k], item));
        objects.push(i);
      } else {
        j = seen.get(item);
        if (j === undefined) seen.set(item, i);
      }
      if (j !== undefined) {
        validate.errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${i} and ${j} are identical)`, params: { i, j } }];
        return false;
      }
    }
    return true;
  };
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate });
  return ajv;
}

/**
 * Ajv errors as one readable line each: JSON pointer, then what was expected.
 *
 * The bookkeeping errors of a failed `oneOf`/`anyOf` (and the "must be null" of a nullable
 * alternative) are dropped when a more precise error explains the failure.
 */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  const isNoise = (e: ErrorObject) =>
    e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null');
  const precise = errors.filter((e) => !isNoise(e));
  return (precise.length > 0 ? precise : errors).map((error) => {
    const where = error.instancePath === '' ? '/' : error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const property = params['additionalProperty'] ?? params['unevaluatedProperty'];
      return `${where} has a property the contract does not allow: "${String(property)}"`;
    }
    if (error.keyword === 'enum') {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return `${where} must be one of ${allowed}`;
    }
    return `${where} ${error.message ?? 'is invalid'}`;
  });
}
