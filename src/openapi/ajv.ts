import { _, str, type Ajv, type KeywordCxt, type KeywordDefinition } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PACK_FORMATS_MODULE, PACK_UNIQUE_ITEMS_MODULE } from './ajv-names.js';
import { FORMATS } from './formats.js';
import { duplicateItems } from './unique-items.js';


/**
 * The one Ajv configuration of the project: JSON Schema 2020-12 (the dialect of OpenAPI 3.1),
 * strict, with the standard and OpenAPI formats and the OpenAPI-only keywords that may sit
 * inside a schema object. `code.source` keeps each validator's generated code, so that a
 * validator pack can be written from it.
 */
export function createAjv(): Ajv2020 {
  // validateSchema off: the contract's schemas were validated by swagger-parser (and the sandbox's
  // own by its tests), and compiling the 2020-12 meta-schema to check them again cost ~90 ms of
  // every start; strict mode still refuses unknown keywords
  const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true, validateSchema: false, code: { source: true } });
  ajv.addVocabulary(['example', 'xml', 'externalDocs']);
  return configureAjv(ajv);
}

/**
 * What every Ajv instance of klen-mock gets, its own (createAjv) and openapi-backend's (request
 * validators): the formats of src/openapi/formats.ts, named in generated code by the pack's
 * table (ajv-formats would name `require("ajv-formats/dist/formats").fullFormats`, which lacks
 * OpenAPI's int32), and a `uniqueItems` that cannot be fooled (src/openapi/unique-items.ts).
 */
export function configureAjv<A extends Pick<Ajv, 'addFormat' | 'removeKeyword' | 'addKeyword' | 'opts'>>(ajv: A): A {
  ajv.opts.code.formats = _`require(${PACK_FORMATS_MODULE})`;
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format as never);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword(UNIQUE_ITEMS);
  return ajv;
}

/** `uniqueItems` by `duplicateItems`: the same message and params as Ajv's own keyword. */
const UNIQUE_ITEMS: KeywordDefinition = {
  keyword: 'uniqueItems',
  type: 'array',
  schemaType: 'boolean',
  error: {
    message: ({ params: { i, j } }) => str`must NOT have duplicate items (items ## ${i} and ${j} are identical)`,
    params: ({ params: { i, j } }) => _`{i: ${i}, j: ${j}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    if (schema !== true) return;
    const find = gen.scopeValue('func', { ref: duplicateItems, code: _`require(${PACK_UNIQUE_ITEMS_MODULE}).duplicateItems` });
    const duplicate = gen.const('duplicate', _`${find}(${data})`);
    cxt.setParams({ i: _`${duplicate}[0]`, j: _`${duplicate}[1]` });
    cxt.fail(_`${duplicate} !== undefined`);
  },
};
