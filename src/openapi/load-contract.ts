import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ErrorObject } from 'ajv';
import { StartupError } from '../errors/startup-error.js';
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

/**
 * Reads, validates (OpenAPI schema and spec rules, via swagger-parser) and dereferences the
 * contract. Any problem becomes one StartupError naming the file and what is wrong.
 */
export async function loadContract(file: string): Promise<LoadedContract> {
  try {
    const text = readFileSync(file, 'utf8');
    const dereferenced = (await SwaggerParser.validate(file)) as OpenApiDocument;
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
