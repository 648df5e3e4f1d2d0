import { KeyStore } from './auth/api-key.js';
import type { RateLimiter } from './auth/rate-limiter.js';
import { StartupError } from './errors/startup-error.js';
import { HANDLERS } from './handlers/index.js';
import { createAjv, describeAjvErrors } from './openapi/ajv.js';
import { loadContract, type LoadedContract } from './openapi/load-contract.js';
import { readOperations } from './openapi/operation-contract.js';
import { DEFAULT_FIXTURES } from './package-info.js';
import { createContractRouter, type ContractRouter } from './router/contract-router.js';
import { loadSeed, type LoadedSeed } from './world/load-seed.js';
import type { Seed } from './world/seed.js';
import type { WorldResolver } from './world/sessions.js';

/** Everything built from the contract and the fixtures: what a hot reload replaces as a whole. */
export interface SandboxRuntime {
  contract: LoadedContract;
  router: ContractRouter;
  /** The validated fixtures every world starts from. */
  seed: Seed;
  /** Violations of the contract's `Error` schema by an envelope sent outside any operation. */
  checkEnvelope(body: unknown): string[];
  /** Query parameter names that carry keys (masked in the journal and the log). */
  keyQueryParameters: readonly string[];
  fixtures: LoadedSeed['sources'];
  counts: { operations: number; keys: number } & Seed['counts'];
}

/**
 * Loads and validates the contract and the fixtures and assembles the router. Throws a
 * StartupError naming the file and the field on any problem, and changes nothing: a reload
 * that fails leaves the previous runtime in place. The worlds live outside the runtime (they
 * outlive a reload), so the router reaches them through `worlds`.
 */
export async function loadSandboxRuntime(options: { contractFile: string; fixturesDir: string | undefined; limiter: RateLimiter | undefined; worlds: WorldResolver }): Promise<SandboxRuntime> {
  const contract = await loadContract(options.contractFile);
  let runtime: SandboxRuntime;
  try {
    runtime = assemble(contract, options);
  } catch (error) {
    await contract.validated; // an invalid contract is reported as such, not by what it broke
    throw error;
  }
  await contract.validated;
  // every check passed: the next start with this contract may compile its validators on first use
  contract.remember();
  return runtime;
}

/** Everything the contract and the fixtures give, checked as it is built. */
function assemble(contract: LoadedContract, options: Parameters<typeof loadSandboxRuntime>[0]): SandboxRuntime {
  const ajv = createAjv();
  const operations = readOperations(contract, ajv);
  const { seed, keys: keyRecords, sources } = loadSeed({ dir: options.fixturesDir ?? DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, ajv });
  const keys = new KeyStore(keyRecords);
  const router = createContractRouter({ contract, operations, handlers: HANDLERS, keys, worlds: options.worlds, ...(options.limiter ? { limiter: options.limiter } : {}) });

  const errorSchema = contract.dereferenced.components?.schemas?.['Error'];
  if (!errorSchema) throw new StartupError(contract.file, 'components.schemas.Error is missing: it is the envelope of every error');
  const validateEnvelope = ajv.compile(errorSchema);
  const schemes = Object.values(contract.dereferenced.components?.securitySchemes ?? {}) as Array<{ type: string; in?: string; name?: string }>;

  return {
    contract,
    router,
    seed,
    checkEnvelope: (body) => (validateEnvelope(body) ? [] : describeAjvErrors(validateEnvelope.errors)),
    keyQueryParameters: schemes.filter((s) => s.type === 'apiKey' && s.in === 'query').map((s) => s.name as string),
    fixtures: sources,
    counts: { operations: operations.size, keys: keys.size, ...seed.counts },
  };
}
