/**
 * The names by which generated validator code `require`s klen-mock's own parts (src/openapi/ajv.ts
 * writes them into the code; a validator pack, src/openapi/validator-pack.ts, supplies them).
 * A module of its own so that loading a pack never loads Ajv's compiler.
 */
export const PACK_FORMATS_MODULE = 'klen-mock/formats';
export const PACK_UNIQUE_ITEMS_MODULE = 'klen-mock/unique-items';
