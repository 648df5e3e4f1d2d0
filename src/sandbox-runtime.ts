import type { RateLimiter } from './auth/rate-limiter.js';
import { StartupError } from './errors/startup-error.js';
import { KeyStore } from './fixtures/api-key.js';
import { CallStore } from './fixtures/call-store.js';
import { loadFixtures, type LoadedFixtures } from './fixtures/load-fixtures.js';
import { createHandlers } from './handlers/index.js';
import { createAjv, describeAjvErrors } from './openapi/ajv.js';
import { createContractRouter, type ContractRouter } from './openapi/contract-router.js';
import { loadContract, type LoadedContract } from './openapi/load-contract.js';
import { readOperations } from './openapi/operation-contract.js';
import { DEFAULT_FIXTURES } from './package-info.js';

/** Everything built from the contract and the fixtures: what a hot reload replaces as a whole. */
export interface SandboxRuntime {
  contract: LoadedContract;
  router: ContractRouter;
  /** Violations of the contract's `Error` schema by an envelope sent outside any operation. */
  checkEnvelope(body: unknown): string[];
  /** Query parameter names that carry keys (masked in the journal and the log). */
  keyQueryParameters: readonly string[];
  fixtures: LoadedFixtures['sources'];
  counts: { operations: number; calls: number; keys: number };
}

/**
 * Loads and validates the contract and the fixtures and assembles the router. Throws a
 * StartupError naming the file and the field on any problem, and changes nothing: a reload
 * that fails leaves the previous runtime in place.
 */
export async function loadSandboxRuntime(options: { contractFile: string; fixturesDir: string | undefined; limiter: RateLimiter | undefined }): Promise<SandboxRuntime> {
  const contract = await loadContract(options.contractFile);
  const ajv = createAjv();
  const operations = readOperations(contract, ajv);
  const fixtures = loadFixtures({ dir: options.fixturesDir ?? DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, ajv });
  const calls = new CallStore(fixtures.calls);
  const keys = new KeyStore(fixtures.keys);
  const router = createContractRouter({ contract, operations, handlers: createHandlers({ calls }), keys, ...(options.limiter ? { limiter: options.limiter } : {}) });

  const errorSchema = contract.dereferenced.components?.schemas?.['Error'];
  if (!errorSchema) throw new StartupError(contract.file, 'components.schemas.Error is missing: it is the envelope of every error');
  const validateEnvelope = ajv.compile(errorSchema);
  const schemes = Object.values(contract.dereferenced.components?.securitySchemes ?? {}) as Array<{ type: string; in?: string; name?: string }>;

  return {
    contract,
    router,
    checkEnvelope: (body) => (validateEnvelope(body) ? [] : describeAjvErrors(validateEnvelope.errors)),
    keyQueryParameters: schemes.filter((s) => s.type === 'apiKey' && s.in === 'query').map((s) => s.name as string),
    fixtures: fixtures.sources,
    counts: { operations: operations.size, calls: calls.size, keys: keys.size },
  };
}
