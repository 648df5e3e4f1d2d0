import type { components } from '../../types/openapi.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult, documentedError } from '../errors/error-result.js';
import type { OperationHandler } from '../router/handler-result.js';
import { startCall } from '../world/call-lifecycle.js';
import { callDetail, callListView, initiatedCall } from './call-views.js';
import { ListItems } from './list-item-json.js';
import type { CallRecord } from '../world/records.js';

type InitiateCallRequest = components['schemas']['InitiateCallRequest'];
type CallStatus = components['schemas']['CallStatus'];

/**
 * GET /api/v1/calls/{call_id}: the call by database id or klen call_id, within the key's team.
 * A call of another team is reported exactly like a missing one (404 `not_found`).
 */
export const getCallDetails: OperationHandler = ({ operation, params, key }, world) => {
  const found = world.findCall(params['call_id'] ?? '', key.team_id);
  if (!found) return documentedError(operation, 'not_found');
  // a seeded call nothing has changed: the fixture's bytes, validated when loaded
  if (found.seedJson) return { status: 200, body: undefined, serialized: found.seedJson };
  return { status: 200, body: callDetail(world, found.record) };
};

/** GET /api/v1/calls: the team's calls, filtered, newest first, one page (defaults from the contract). */
export const getCalls: OperationHandler = ({ operation, query, key }, world) => {
  const page = query['page'] as number;
  const limit = query['limit'] as number;
  const filter = {
    ...(query['agent_id'] === undefined ? {} : { agent: query['agent_id'] as string }),
    ...(query['status'] === undefined ? {} : { status: query['status'] as CallStatus }),
    ...(query['type'] === undefined ? {} : { type: query['type'] as 'inbound' | 'outbound' }),
  };
  const { count, calls } = world.listCalls(key.team_id, filter, (page - 1) * limit, limit);
  const fields = { count, page, limit, pages: Math.max(1, Math.ceil(count / limit)) };
  return CALL_ITEMS.answer(operation, fields, calls, (call) => callListView(world, call));
};

/** Get Calls' items, made once per version of what they show. */
const CALL_ITEMS = new ListItems<CallRecord>('calls');

/**
 * POST /api/v1/calls: after the body (validated against the contract, its failures mapped to the
 * documented codes before this runs): the agent, its phone number, the Do Not Call list, the
 * wallet; then the call is created `queued` and its lifecycle scheduled on the world's clock.
 */
export const initiateCall: OperationHandler = ({ operation, body, key }, world) => {
  const request = body as InitiateCallRequest;
  const agent = world.findAgent(request.agent_id, key.team_id);
  if (!agent) return documentedError(operation, 'agent_not_found');
  if (agent.phone_number === null) return documentedError(operation, 'no_phone_number');

  let contactId: number | null;
  if (request.contact_id === undefined) contactId = world.contactForPhone(key.team_id, request.phone_number) ?? null;
  else if (world.contacts.find(request.contact_id, key.team_id)) contactId = request.contact_id;
  else return apiErrorResult(new ApiError(400, 'validation_error', `Invalid request: /contact_id ${request.contact_id} is not a contact of your team`), operation);

  if (world.isDoNotCall(key.team_id, request.phone_number)) return documentedError(operation, 'do_not_call');
  const rate = world.team(key.team_id)?.rate_per_minute ?? 0;
  const balance = world.balance(key.team_id);
  if (balance < rate) {
    const documented = operation.errors.get('insufficient_funds');
    return { status: 402, body: { error: 'insufficient_funds', message: documented?.message ?? 'Insufficient funds to make call', current_balance: balance, required_rate: rate } };
  }

  const call = startCall(world, { teamId: key.team_id, agent, phoneNumber: request.phone_number, contactId, variables: request.variables });
  return { status: 201, body: initiatedCall(world, call), headers: { Location: `/api/v1/calls/${call.id}` } };
};
