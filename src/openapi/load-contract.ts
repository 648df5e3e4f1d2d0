import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { $RefParser } from '@apidevtools/json-schema-ref-parser';
import type { ErrorObject } from 'ajv';
import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/startup-error.js';
import { VERSION } from '../package-info.js';
import { describeAjvErrors } from './ajv.js';

export type OpenApiDocument = OpenAPIV3_1.Document;

/** The contract, validated and ready to compile schemas from. */
export interface LoadedContract {
  /** Path of the contract file, as given (used in every startup message). */
  file: string;
  /** The file's text, as written (served at `/__mock/openapi.yaml`). */
  text: string;
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
  /** Records that the contract passed every start-up check (call once the whole runtime is built). */
  remember(): void;
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
 * whole runtime was built from it. The same text is then only dereferenced, and its request and
 * success-response validators compile on first use (`checkedBefore`). Contracts that `$ref`
 * other files are always checked in full, and a cache that cannot be written only costs time.
 */
export async function loadContract(file: string): Promise<LoadedContract> {
  let validated: Promise<void> | undefined;
  try {
    const text = readFileSync(file, 'utf8');
    // started first, so it runs on the other core while this thread dereferences and compiles
    const checkedBefore = existsSync(markerOf(text));
    validated = checkedBefore ? Promise.resolve() : validateInWorker(file);
    const parser = new $RefParser();
    const dereferenced = (await parser.dereference(file)) as unknown as OpenApiDocument;
    const selfContained = parser.$refs.paths().length === 1;
    if (!selfContained && checkedBefore) validated = validateInWorker(file); // another file may have changed
    if (!String(dereferenced.openapi).startsWith('3.1')) {
      throw new Error(`openapi: klen-mock reads OpenAPI 3.1 contracts, this one says ${JSON.stringify(dereferenced.openapi)}`);
    }
    const marker = markerOf(text);
    return { file, text, dereferenced, checkedBefore: selfContained && checkedBefore, validated, remember: () => (selfContained && !checkedBefore ? writeMarker(marker, file) : undefined) };
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

function markerOf(text: string): string {
  return path.join(cacheDirectory(), `contract-${digest(text)}.validated`);
}

/** Where validation markers live. */
export function cacheDirectory(): string {
  const fromEnv = process.env['KLEN_MOCK_CACHE_DIR'];
  if (fromEnv) return fromEnv;
  return path.join(process.env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'klen-mock');
}

function digest(text: string): string {
  const validatorVersion = (require('@apidevtools/swagger-parser/package.json') as { version: string }).version;
  return createHash('sha256').update(`${VERSION}\0${validatorVersion}\0${text}`).digest('hex');
}

function writeMarker(marker: string, file: string): void {
  try {
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, `${file}\n`);
  } catch {
    // read-only home, full disk…: the next start validates again, nothing else changes
  }
}
