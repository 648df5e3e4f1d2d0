import type { components } from '../../types/openapi.js';
import type { Call, CallRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import type { ListItemView } from './list-item-json.js';

type CallListItem = components['schemas']['CallListItem'];
type InitiatedCall = components['schemas']['InitiatedCall'];

/**
 * The three shapes the docs give a call, built from one stored record. The Get Call Details
 * object is the whole call; the Get Calls item and the Initiate Call response are the other
 * pages' shapes of the same record (openapi.yaml says how their fields correspond).
 */
export function callDetail(world: World, call: CallRecord): Call {
  const agent = world.agentById(call.agent_id);
  const team = world.team(call.team_id);
  const contact = call.contact_id === null ? undefined : world.callContact(call.contact_id);
  return {
    id: call.id,
    agent: { id: call.agent_id, name: agent?.name ?? '', assistant_id: agent?.assistant_id ?? '' },
    call_id: call.call_id,
    status: call.status,
    type: call.type,
    phone_number: call.phone_number,
    started_at: call.started_at,
    ended_at: call.ended_at,
    duration_seconds: call.duration_seconds,
    summary: call.summary,
    transcript: call.transcript,
    recording_url: call.recording_url,
    contact: contact ?? null,
    team: { id: call.team_id, name: team?.name ?? '' },
    billing: call.billing,
  };
}

/** A Get Calls item, and the records it shows besides the call (its agent, its contact), for ListItems. */
export function callListView(world: World, call: CallRecord): ListItemView {
  const agent = world.agentById(call.agent_id);
  const contact = call.contact_id === null ? undefined : world.contacts.get(call.contact_id);
  const item = (): CallListItem => ({
    id: call.call_id,
    agent_id: agent?.assistant_id ?? '',
    agent_name: agent?.name ?? '',
    status: call.status,
    type: call.type,
    phone_number: call.phone_number,
    started_at: call.started_at,
    ended_at: call.ended_at,
    duration_seconds: call.duration_seconds,
    summary: call.summary,
    recording_url: call.recording_url,
    contact: contact ? { id: contact.id, name: contact.full_name, email: contact.email, company: contact.company } : null,
  });
  return { item, shows: [agent, contact] };
}

export function initiatedCall(world: World, call: CallRecord): InitiatedCall {
  const agent = world.agentById(call.agent_id);
  return {
    id: call.id,
    call_id: call.call_id,
    status: 'queued',
    type: 'outbound',
    phone_number: call.phone_number,
    agent: { id: call.agent_id, name: agent?.name ?? '', assistant_id: agent?.assistant_id ?? '' },
    created_at: call.created_at ?? '',
    estimated_start: call.estimated_start ?? '',
  };
}
