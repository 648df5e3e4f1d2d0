import type { CallStore } from '../fixtures/call-store.js';
import { documentedError, type OperationHandler } from '../openapi/contract-router.js';

/**
 * GET /api/v1/calls/{call_id}: the call by database id or klen call_id, within the key's team.
 * A call of another team is reported exactly like a missing one (404 `not_found`).
 */
export function getCallDetails(calls: CallStore): OperationHandler {
  return ({ operation, params, key }) => {
    const stored = calls.find(params['call_id'] ?? '', key.team_id);
    if (!stored) return documentedError(operation, 'not_found');
    // fixtures are validated against the Call schema when loaded: the bytes go out as they are
    return { status: 200, body: stored.call, serialized: stored.json };
  };
}
