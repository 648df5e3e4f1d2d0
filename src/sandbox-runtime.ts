import { KeyStore } from './auth/api-key.js';
import type { RateLimiter } from './auth/rate-limiter.js';
import { StartupError } from './errors/startup-error.js';
import { HANDLERS } from './handlers/index.js';
import { describeAjvErrors } from './openapi/ajv-errors.js';
import type { CompiledValidators } from './openapi/compile-validators.js';
import { operationsOf, type ContractValidators } from './openapi/contract-validators.js';
import { loadContract, type LoadedContract } from './openapi/load-contract.js';
import { readOperations } from './openapi/operation-contract.js';
import { readValidatorPack, writeValidatorPack } from './openapi/validator-pack.js';
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
  // a contract checked before has a validator pack (src/openapi/validator-pack.ts): without one,
  // every validator compiles and every example is checked now, and the pack is written after
  const packed = contract.checkedBefore ? readValidatorPack(contract, operationsOf(contract.dereferenced).map(([id]) => id)) : undefined;
  let compiled: Promise<CompiledValidators> | undefined;
  // loaded only when needed: a start with a pack and fixtures checked before never loads Ajv's compiler
  const compile = () => (compiled ??= import('./openapi/compile-validators.js').then((m) => m.compileValidators(contract)));
  const validators = packed ?? (await compile());
  let runtime: SandboxRuntime;
  try {
    runtime = await assemble(contract, validators, { checkAll: !packed, compileSchema: async () => (await compile()).compileSchema }, options);
  } catch (error) {
    await contract.validated; // an invalid contract is reported as such, not by what it broke
    throw error;
  }
  await contract.validated;
  // every check passed: the next start with this contract may load its validators instead
  if (contract.remember() && !packed) writePack(contract, await compile());
  return runtime;
}

/** Writes the validator pack of a contract whose validators all compiled and passed; one that cannot be written only costs the next start time. */
function writePack(contract: LoadedContract, validators: CompiledValidators): void {
  try {
    writeValidatorPack(contract, validators.packCode());
  } catch {
    // the next start compiles, as this one did
  }
}

/** Everything the contract and the fixtures give, checked as it is built. */
async function assemble(
  contract: LoadedContract,
  validators: ContractValidators,
  how: { checkAll: boolean; compileSchema: () => Promise<(schema: object) => import('ajv').ValidateFunction> },
  options: Parameters<typeof loadSandboxRuntime>[0],
): Promise<SandboxRuntime> {
  const operations = readOperations(contract, validators, { checkAll: how.checkAll });
  const { seed, keys: keyRecords, sources } = await loadSeed({ dir: options.fixturesDir ?? DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, compileSchema: how.compileSchema });
  const keys = new KeyStore(keyRecords);
  const router = createContractRouter({
    contract,
    operations,
    validators,
    checkAll: how.checkAll,
    handlers: HANDLERS,
    keys,
    worlds: options.worlds,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });

  if (!contract.dereferenced.components?.schemas?.['Error']) throw new StartupError(contract.file, 'components.schemas.Error is missing: it is the envelope of every error');
  if (how.checkAll) validators.envelope();
  const schemes = Object.values(contract.dereferenced.components?.securitySchemes ?? {}) as Array<{ type: string; in?: string; name?: string }>;

  return {
    contract,
    router,
    seed,
    checkEnvelope: (body) => {
      const validate = validators.envelope() as NonNullable<ReturnType<ContractValidators['envelope']>>;
      return validate(body) ? [] : describeAjvErrors(validate.errors);
    },
    keyQueryParameters: schemes.filter((s) => s.type === 'apiKey' && s.in === 'query').map((s) => s.name as string),
    fixtures: sources,
    counts: { operations: operations.size, keys: keys.size, ...seed.counts },
  };
}
