import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/startup-error.js';

export type OpenApiDocument = OpenAPIV3_1.Document;

/** The contract, validated and ready to compile schemas from. */
export interface LoadedContract {
  /** Path of the contract file, as given (used in every startup message). */
  file: string;
  /** Fully dereferenced: every `$ref` replaced by its target. */
  dereferenced: OpenApiDocument;
}

/**
 * Reads, validates (OpenAPI schema and spec rules, via swagger-parser) and dereferences the
 * contract. Any problem becomes one StartupError naming the file and what is wrong.
 */
export async function loadContract(file: string): Promise<LoadedContract> {
  try {
    const dereferenced = (await SwaggerParser.validate(file)) as OpenApiDocument;
    if (!String(dereferenced.openapi).startsWith('3.1')) {
      throw new Error(`openapi: klen-mock reads OpenAPI 3.1 contracts, this one says ${JSON.stringify(dereferenced.openapi)}`);
    }
    return { file, dereferenced };
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StartupError(file, detail.replace(/\s+/g, ' ').trim());
  }
}
