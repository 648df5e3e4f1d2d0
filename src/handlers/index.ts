import type { OperationHandler } from '../router/handler-result.js';
import { getAgents } from './agents.js';
import { getCallDetails, getCalls, initiateCall } from './calls.js';

/** Every operationId of the contract, mapped to its handler. Startup fails if one is missing. */
export const HANDLERS: Readonly<Record<string, OperationHandler>> = {
  getCallDetails,
  getCalls,
  initiateCall,
  getAgents,
};
