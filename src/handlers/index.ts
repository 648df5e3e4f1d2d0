import type { CallStore } from '../fixtures/call-store.js';
import type { OperationHandler } from '../openapi/contract-router.js';
import { getCallDetails } from './calls.js';

/** Every operationId of the contract, mapped to its handler. Startup fails if one is missing. */
export function createHandlers(stores: { calls: CallStore }): Record<string, OperationHandler> {
  return {
    getCallDetails: getCallDetails(stores.calls),
  };
}
