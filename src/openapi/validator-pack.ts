import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PACK_FORMATS_MODULE, PACK_UNIQUE_ITEMS_MODULE } from './ajv-names.js';
import { cacheFile } from './check-cache.js';
import type { PackCode } from './compile-validators.js';
import type { ContractValidators } from './contract-validators.js';
import { FORMATS } from './formats.js';
import type { LoadedContract } from './load-contract.js';
import { duplicateItems } from './unique-items.js';

/**
 * A validator pack: the code Ajv generated for every validator of a contract (Ajv's "standalone
 * code"), kept in the cache directory beside the contract's other start-up checks. A warm start
 * uses it instead of compiling: Ajv's compiler and openapi-backend are never loaded, and no
 * validator is compiled on a first request (together about a fifth of a warm start, measured).
 * One file per operation, read on the operation's first request: all of them are 1.6 MB of code
 * (validators with `allErrors` are verbose), and reading and parsing them at once cost ~50 ms.
 *
 * Never trusted stale: the directory is named by the SHA-256 of everything its code depends on
 * (the contract's text, klen-mock's, Ajv's and openapi-backend's versions, PACK_FORMAT), written
 * only by a start that compiled every validator of that contract and checked every example
 * against them, and moved into place whole. At start the pack must hold a file for every
 * operation of the contract, each of the size its table of contents says (a half-written or
 * truncated file is caught; the sizes are checked, not the bytes: hashing 1.6 MB would cost
 * what loading it lazily saves). The code `require`s only the runtime helpers below; a
 * contract whose validators need anything else gets no pack.
 */

/** Bumped when the pack's layout or the code klen-mock adds to Ajv's changes. */
const PACK_FORMAT = '2';

const require = createRequire(import.meta.url);

/**
 * What generated validators may `require`, and what they get: Ajv's two runtime helpers as the
 * CommonJS modules they are (an ES default import of them differs between Node and bundlers, and
 * the code reads `.default`), and klen-mock's own parts.
 */
const RUNTIME: Readonly<Record<string, unknown>> = {
  'ajv/dist/runtime/equal': require('ajv/dist/runtime/equal'),
  'ajv/dist/runtime/ucs2length': require('ajv/dist/runtime/ucs2length'),
  [PACK_FORMATS_MODULE]: FORMATS,
  [PACK_UNIQUE_ITEMS_MODULE]: { duplicateItems },
};

type Factory = (require: (name: string) => unknown) => ValidateFunction;
interface OperationFactories {
  request: Factory[];
  responses: Record<string, Factory>;
}

const ENVELOPE_FILE = 'envelope.js';
/** The pack's table of contents: every file with its size in bytes. */
const CONTENTS_FILE = 'contents.json';
const operationFile = (operationId: string) => `operations/${encodeURIComponent(operationId)}.js`;

function packDirectory(contract: LoadedContract): string {
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return cacheFile('validators', [PACK_FORMAT, version('ajv'), version('openapi-backend'), contract.digest], '');
}

/**
 * Writes the pack of `contract` (a temporary directory renamed into place; a damaged one is
 * replaced), unless its code needs a helper the pack cannot give. Failures are ignored: the next
 * start compiles, as this one did.
 */
export function writeValidatorPack(contract: LoadedContract, pack: PackCode): boolean {
  const files = new Map([...pack.operations].map(([operationId, code]) => [operationFile(operationId), code]));
  if (pack.envelope) files.set(ENVELOPE_FILE, pack.envelope);
  const needed = [...files.values()].flatMap((code) => [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] as string));
  if (needed.some((name) => !(name in RUNTIME))) return false;
  const directory = packDirectory(contract);
  const temporary = `${directory}.${process.pid}.tmp`;
  try {
    mkdirSync(path.join(temporary, 'operations'), { recursive: true });
    for (const [file, code] of files) writeFileSync(path.join(temporary, file), code);
    const contents = Object.fromEntries([...files].map(([file, code]) => [file, Buffer.byteLength(code)]));
    writeFileSync(path.join(temporary, CONTENTS_FILE), JSON.stringify(contents));
    rmSync(directory, { recursive: true, force: true });
    renameSync(temporary, directory);
    return true;
  } catch {
    rmSync(temporary, { recursive: true, force: true });
    return false;
  }
}

/**
 * The validators of the pack of `contract`, or undefined when there is none, or it lacks a file
 * for one of `operationIds`, or a file is not the size its table of contents says (a damaged pack
 * is no pack: this start compiles and writes it again). Each file's code runs on its first use.
 */
export function readValidatorPack(contract: LoadedContract, operationIds: Iterable<string>): ContractValidators | undefined {
  const directory = packDirectory(contract);
  let contents: Record<string, number>;
  try {
    contents = JSON.parse(readFileSync(path.join(directory, CONTENTS_FILE), 'utf8')) as Record<string, number>;
    for (const id of operationIds) if (contents[operationFile(id)] === undefined) return undefined;
    for (const [file, bytes] of Object.entries(contents)) if (statSync(path.join(directory, file)).size !== bytes) return undefined;
  } catch {
    return undefined;
  }
  const runtime = (name: string): unknown => {
    if (!(name in RUNTIME)) throw new Error(`a validator pack asked for ${name}`);
    return RUNTIME[name];
  };
  // code Ajv generated for this very contract, in a directory named by its inputs (above)
  const load = <T>(file: string): T => new Function(readFileSync(path.join(directory, file), 'utf8'))() as T;
  const operations = new Map<string, { request: ValidateFunction[]; responses: Map<string, ValidateFunction> }>();
  const operation = (operationId: string) => {
    let made = operations.get(operationId);
    if (!made && contents[operationFile(operationId)] !== undefined) {
      const factories = load<OperationFactories>(operationFile(operationId));
      made = {
        request: factories.request.map((factory) => factory(runtime)),
        responses: new Map(Object.entries(factories.responses).map(([status, factory]) => [status, factory(runtime)])),
      };
      operations.set(operationId, made);
    }
    return made;
  };
  let envelope: ValidateFunction | undefined;
  return {
    request: (operationId) => operation(operationId)?.request ?? [],
    response: (operationId, status) => operation(operationId)?.responses.get(String(status)),
    envelope: () => (envelope ??= contents[ENVELOPE_FILE] === undefined ? undefined : load<Factory>(ENVELOPE_FILE)(runtime)),
  };
}
