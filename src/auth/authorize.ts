import { ApiError } from '../errors/api-error.js';
import type { ApiKey, KeyStore } from './api-key.js';
import { AUTHENTICATED, type OperationContract } from '../openapi/operation-contract.js';
import type { Credential } from './credentials.js';
import type { RateLimiter } from './rate-limiter.js';

/** What authorization reads and records about a request. */
export interface AuthState {
  credential?: Credential;
  /** The active key record, as soon as it is known (also when a later check refuses it). */
  key?: ApiKey;
  /** The error a special key (`simulate`) answered. */
  keySimulation?: string;
}

/**
 * The documented order of checks (the refusal is returned, not thrown): no key → 401 `authentication_required`; unknown or inactive
 * key → 401 `invalid_key`; over the key's rate limit (when one is set) → 429
 * `rate_limit_exceeded` with `Retry-After`; key without the operation's `x-klen-permission` →
 * 403 `permission_denied`. A sandbox key with `simulate` answers that error once it is known to
 * be active, provided the operation documents that error (otherwise it acts as a normal key).
 *
 * The key record lands in `state` as soon as it is known, also when a check then fails: the
 * journal and the log name the key that was refused.
 */
export function authorize(state: AuthState, operation: OperationContract, keys: KeyStore, limiter: RateLimiter | undefined): ApiKey | ApiError {
  if (!state.credential) return new ApiError(401, 'authentication_required');
  const key = keys.findActive(state.credential.key);
  if (!key) return new ApiError(401, 'invalid_key');
  state.key = key;
  const limited = operation.errors.has('rate_limit_exceeded') ? limiter?.hit(key.key) : undefined;
  if (limited !== undefined) return new ApiError(429, 'rate_limit_exceeded', undefined, { 'Retry-After': String(limited) });
  const simulated = key.simulate === undefined ? undefined : operation.errors.get(key.simulate);
  if (simulated) {
    state.keySimulation = simulated.code;
    return new ApiError(simulated.status, simulated.code);
  }
  if (operation.permission !== AUTHENTICATED && !(key.permissions as readonly string[]).includes(operation.permission)) return new ApiError(403, 'permission_denied');
  return key;
}
