import { createHash } from 'node:crypto';
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
}

const require = createRequire(import.meta.url);

/**
 * Reads, validates (OpenAPI 3.1 schema and spec rules, with swagger-parser) and dereferences
 * the contract. Any problem becomes one StartupError naming the file and what is wrong.
 *
 * Validation is the slowest part of start-up (swagger-parser compiles the OpenAPI meta-schema:
 * about 180 ms), so a contract that passed once is remembered: a marker named by the SHA-256 of
 * its text, klen-mock's and swagger-parser's versions, in the cache directory
 * (`KLEN_MOCK_CACHE_DIR`, else `$XDG_CACHE_HOME/klen-mock` or `~/.cache/klen-mock`). The same
 * text is then only dereferenced. Contracts that `$ref` other files are always validated, and
 * a cache that cannot be written only costs time.
 */
export async function loadContract(file: string): Promise<LoadedContract> {
  try {
    const text = readFileSync(file, 'utf8');
    const parser = new $RefParser();
    const dereferenced = (await parser.dereference(file)) as unknown as OpenApiDocument;
    const selfContained = parser.$refs.paths().length === 1;
    const marker = path.join(cacheDirectory(), `contract-${digest(text)}.validated`);
    if (!selfContained || !existsSync(marker)) {
      const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
      await SwaggerParser.validate(file);
      if (selfContained) remember(marker, file);
    }
    if (!String(dereferenced.openapi).startsWith('3.1')) {
      throw new Error(`openapi: klen-mock reads OpenAPI 3.1 contracts, this one says ${JSON.stringify(dereferenced.openapi)}`);
    }
    return { file, text, dereferenced };
  } catch (error) {
    if (error instanceof StartupError) throw error;
    // swagger-parser puts the schema violations in `details`; its message alone loses the field
    const details = describeAjvErrors((error as { details?: ErrorObject[] }).details).map((d) => d.replace('the contract', 'OpenAPI 3.1'));
    const detail = details.length > 0 ? `not valid OpenAPI 3.1: ${details.join('; ')}` : error instanceof Error ? error.message : String(error);
    throw new StartupError(file, detail.replace(/\s+/g, ' ').trim());
  }
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

function remember(marker: string, file: string): void {
  try {
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, `${file}\n`);
  } catch {
    // read-only home, full disk…: the next start validates again, nothing else changes
  }
}
