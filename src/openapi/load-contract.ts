import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deserialize, serialize } from 'node:v8';
import type { ErrorObject } from 'ajv';
import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/startup-error.js';
import { describeAjvErrors } from './ajv-errors.js';
import { cacheFile, passedBefore, rememberPassed, writeCacheFile } from './check-cache.js';

export type OpenApiDocument = OpenAPIV3_1.Document;

/** The contract, validated and ready to compile schemas from. */
export interface LoadedContract {
  /** Path of the contract file, as given (used in every startup message). */
  file: string;
  /** The file's text, as written (served at `/__mock/openapi.yaml`). */
  text: string;
  /** SHA-256 of `text`, hex: what names the cache files made from it (hashed once: the text is ~300 kB). */
  digest: string;
  /** Fully dereferenced: every `$ref` replaced by its target. */
  dereferenced: OpenApiDocument;
  /**
   * This exact text passed every start-up check of this klen-mock version before (its marker is
   * in the cache): its validators are known to compile, so they may be compiled on first use.
   */
  checkedBefore: boolean;
  /**
   * Resolves once the contract is known to be valid OpenAPI 3.1 (swagger-parser), or rejects with
   * the StartupError saying why. The check runs on another thread while the rest of start-up
   * goes on: await it before using the contract for good, and before reporting any other problem
   * found in it (an invalid contract is reported as such, not by what it broke downstream).
   */
  validated: Promise<void>;
  /**
   * Records that the contract passed every start-up check (call once the whole runtime is built);
   * false for a contract that is never remembered (one that `$ref`s other files).
   */
  remember(): boolean;
}

const require = createRequire(import.meta.url);

/**
 * Reads, validates (OpenAPI 3.1 schema and spec rules, with swagger-parser) and dereferences
 * the contract. Any problem becomes one StartupError naming the file and what is wrong.
 *
 * Validation is the slowest part of start-up (swagger-parser compiles the OpenAPI meta-schema:
 * about 180 ms, then every operation's validators compile: about 450 ms with 16 operations), so
 * a contract that passed every check once is remembered: a marker named by the SHA-256 of its
 * text, klen-mock's and swagger-parser's versions, in the cache directory (`KLEN_MOCK_CACHE_DIR`,
 * else `$XDG_CACHE_HOME/klen-mock` or `~/.cache/klen-mock`), written by `remember()` once the
 * whole runtime was built from it, with its dereferenced document (`node:v8`-serialized, so the
 * next start of the same text neither parses the YAML nor resolves a `$ref`: about 120 ms, and
 * the resolver's modules never load). Its request and success-response validators then compile on
 * first use (`checkedBefore`). Contracts that `$ref` other files are always checked in full, and a
 * cache that cannot be read or written only costs time.
 */
export async function loadContract(file: string): Promise<LoadedContract> {
  let validated: Promise<void> | undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const digest = createHash('sha256').update(text).digest('hex');
    // started first, so it runs on the other core while this thread dereferences and compiles
    const checkedBefore = passedBefore('contract', markerInputs(digest));
    validated = checkedBefore ? Promise.resolve() : validateInWorker(file);
    // a contract checked before was self-contained (only those are remembered): its dereferenced
    // document may be in the cache, which spares parsing the YAML and resolving every $ref
    const cached = checkedBefore ? readDereferenced(digest) : undefined;
    if (cached) return { file, text, digest, dereferenced: cached, checkedBefore: true, validated, remember: () => true };
    // loaded only here: a warm start from the cache never loads the YAML parser and ref resolver
    const refParser = await import('@apidevtools/json-schema-ref-parser');
    // a CommonJS module: Node's import names its exports, the CLI's bundle has them under `default`
    const $RefParser = refParser.$RefParser ?? (refParser as unknown as { default: typeof refParser }).default.$RefParser;
    const parser = new $RefParser();
    const dereferenced = (await parser.dereference(file)) as unknown as OpenApiDocument;
    const selfContained = parser.$refs.paths().length === 1;
    if (!selfContained && checkedBefore) validated = validateInWorker(file); // another file may have changed
    if (!String(dereferenced.openapi).startsWith('3.1')) {
      throw new Error(`openapi: klen-mock reads OpenAPI 3.1 contracts, this one says ${JSON.stringify(dereferenced.openapi)}`);
    }
    // serialized now, before the runtime built from it could add anything to it
    const snapshot = selfContained ? serialize(dereferenced) : undefined;
    const remember = () => {
      if (!snapshot) return false;
      if (!checkedBefore) rememberPassed('contract', markerInputs(digest), file);
      writeCacheFile(dereferencedFileOf(digest), snapshot);
      return true;
    };
    return { file, text, digest, dereferenced, checkedBefore: selfContained && checkedBefore, validated, remember };
  } catch (error) {
    // the parse failed too: swagger-parser's account of an invalid contract is the more precise one
    await validated;
    throw error instanceof StartupError ? error : new StartupError(file, String(error instanceof Error ? error.message : error).replace(/\s+/g, ' ').trim());
  }
}

/**
 * swagger-parser's validation (the OpenAPI 3.1 schema and the spec's rules) on a worker thread:
 * it is the slowest part of a first start (about 500 ms with its module), and needs nothing
 * the main thread is doing. The code is evaluated (not a file) so it runs the same from `dist/`
 * and from the TypeScript sources under tsx or vitest.
 */
function validateInWorker(file: string): Promise<void> {
  const parser = require.resolve('@apidevtools/swagger-parser');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.parser).validate(workerData.file).then(
       () => parentPort.postMessage({ ok: true }),
       (error) => parentPort.postMessage({ ok: false, message: String(error && error.message || error), details: JSON.parse(JSON.stringify((error && error.details) || [])) }),
     );`,
    { eval: true, workerData: { file, parser } },
  );
  const validated = new Promise<{ ok: boolean; message?: string; details?: ErrorObject[] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).then(
    (result) => {
      void worker.terminate();
      if (result.ok) return;
      // swagger-parser puts the schema violations in `details`; its message alone loses the field
      const details = describeAjvErrors(result.details).map((d) => d.replace('the contract', 'OpenAPI 3.1'));
      const detail = details.length > 0 ? `not valid OpenAPI 3.1: ${details.join('; ')}` : result.message ?? 'is not valid OpenAPI 3.1';
      throw new StartupError(file, detail.replace(/\s+/g, ' ').trim());
    },
    (error: unknown) => {
      throw new StartupError(file, `could not be validated: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  // handled here so that a rejection before the caller awaits it is not an unhandled rejection
  validated.catch(() => undefined);
  return validated;
}

/**
 * The dereferenced document of a contract checked before, as `node:v8` serialized it (the
 * structured clone format: objects that several `$ref`s resolved to stay one object, as the
 * resolver left them). Keyed like the marker, and by the V8 version whose format it is; a
 * missing, unreadable or damaged file is no cache at all (the contract is dereferenced again).
 */
function dereferencedFileOf(digest: string): string {
  return cacheFile('contract', markerInputs(digest, process.versions.v8), '.v8');
}

function readDereferenced(digest: string): OpenApiDocument | undefined {
  try {
    const document = deserialize(readFileSync(dereferencedFileOf(digest))) as OpenApiDocument | null;
    return typeof document === 'object' && document !== null && typeof document.openapi === 'string' && typeof document.paths === 'object' ? document : undefined;
  } catch {
    return undefined;
  }
}

/** What a contract check's outcome depends on: the text (by its digest), and the version of swagger-parser that validated it. */
function markerInputs(digest: string, ...more: string[]): string[] {
  const validatorVersion = (require('@apidevtools/swagger-parser/package.json') as { version: string }).version;
  return [validatorVersion, ...more, digest];
}
