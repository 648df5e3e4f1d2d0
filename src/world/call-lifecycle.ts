import { summaryOf, transcriptOf, type CallScriptInput } from './call-script.js';
import { composeContact } from './contact-fields.js';
import { failureFor } from './magic-numbers.js';
import type { Agent, CallRecord } from './records.js';
import { isoSeconds, type CallTask, type World, type WorldEventSubject } from './world.js';

/** The steps of an initiated call after `queued`, each scheduled on the world's clock. */
export type CallStep = 'connect' | 'end' | 'transcript' | 'summary' | 'recording';

export interface CallRequest {
  teamId: number;
  agent: Agent;
  phoneNumber: string;
  contactId: number | null;
  variables: Record<string, unknown> | undefined;
}

/**
 * Creates an initiated call, `queued`, and schedules its connection at `estimated_start`.
 * What follows is decided now, from the number (magic numbers fail with their reason), and
 * carried out by `runCallStep` as the world's clock reaches each step:
 *
 *   queued → in-progress (call.started) → completed (call.ended) → transcript → summary → recording
 *   queued → failed (call.failed, with the reason)
 */
export function startCall(world: World, request: CallRequest): CallRecord {
  const now = world.clock.now();
  const connectAt = now + world.timing.queueSeconds * 1000;
  const { id, call_id } = world.newCallIds();
  // one literal with every field (no spreads): records stay fast objects, which a profile of a
  // load test showed matters (a spread first, then 20 fields, built a slow dictionary object)
  const call: CallRecord = {
    id,
    call_id,
    team_id: request.teamId,
    agent_id: request.agent.id,
    contact_id: request.contactId,
    status: 'queued',
    type: 'outbound',
    phone_number: request.phoneNumber,
    started_at: null,
    ended_at: null,
    duration_seconds: null,
    summary: null,
    transcript: null,
    recording_url: null,
    billing: { status: 'pending', initial_charge: 0, final_charge: null, total_charge: null },
    created_at: isoSeconds(now),
    estimated_start: isoSeconds(connectAt),
    failure_reason: failureFor(request.phoneNumber),
    variables: request.variables,
  };
  world.addCall(call);
  schedule(world, connectAt, call, 'connect');
  return call;
}

/** Carries out one step of a call at `at` (the instant it was due), and schedules the next. */
export function runCallStep(world: World, task: CallTask, at: number): void {
  const call = world.callById(task.callId);
  if (!call) return;
  const time = isoSeconds(at);
  const rate = world.team(call.team_id)?.rate_per_minute ?? 0;
  switch (task.step) {
    case 'connect': {
      if (call.failure_reason) {
        world.putCall({ ...call, status: 'failed', started_at: time, ended_at: time, duration_seconds: 0, billing: { status: 'not_billed', initial_charge: 0, final_charge: 0, total_charge: 0 } });
        if (call.contact_id !== null) {
          world.contacts.addNote(call.contact_id, { content: `Call to ${call.phone_number} failed: ${call.failure_reason}.`, created_at: time, note_type: 'call_note', call_result: call.failure_reason });
        }
        world.emit('call.failed', at, subject(call), { reason: call.failure_reason });
        return;
      }
      world.putCall({ ...call, status: 'in-progress', started_at: time, billing: { status: 'pending', initial_charge: round2(rate), final_charge: null, total_charge: null } });
      world.emit('call.started', at, subject(call));
      schedule(world, at + world.timing.talkSeconds * 1000, call, 'end');
      return;
    }
    case 'end': {
      // from the whole-second timestamps, so ended_at - started_at is exactly the duration shown
      const duration = Math.max(0, Math.round((Date.parse(time) - Date.parse(call.started_at ?? time)) / 1000));
      const finalCharge = Math.max(call.billing.initial_charge, round2((duration / 60) * rate));
      world.putCall({ ...call, status: 'completed', ended_at: time, duration_seconds: duration, billing: { status: 'billed', initial_charge: call.billing.initial_charge, final_charge: finalCharge, total_charge: finalCharge } });
      world.charge(call.team_id, finalCharge);
      world.recordAgentCall(call.agent_id, duration);
      const contact = call.contact_id === null ? undefined : world.contacts.get(call.contact_id);
      if (contact) {
        const status = contact.status === 'not_contacted' ? 'contacted' : contact.status;
        world.contacts.put(composeContact({ ...contact, last_call_date: time, status }, contact));
      }
      world.emit('call.ended', at, subject(call));
      const step = world.timing.processingSeconds * 1000;
      schedule(world, at + step, call, 'transcript');
      schedule(world, at + 2 * step, call, 'summary');
      schedule(world, at + 3 * step, call, 'recording');
      return;
    }
    case 'transcript':
      world.putCall({ ...call, transcript: transcriptOf(scriptInput(world, call)) });
      world.emit('call.transcript', at, subject(call));
      return;
    case 'summary': {
      const summary = summaryOf(scriptInput(world, call));
      world.putCall({ ...call, summary });
      if (call.contact_id !== null) world.contacts.addNote(call.contact_id, { content: summary, created_at: time, note_type: 'call_note', call_result: 'completed' });
      world.emit('call.summary', at, subject(call));
      return;
    }
    case 'recording':
      world.putCall({ ...call, recording_url: `https://storage.example.com/recordings/${call.call_id}.mp3` });
      world.emit('call.recording', at, subject(call));
      return;
  }
}

/** What a call's world events name: the call's two ids. */
function subject(call: CallRecord): WorldEventSubject {
  return { call: { id: call.id, call_id: call.call_id } };
}

function schedule(world: World, at: number, call: CallRecord, step: CallStep): void {
  world.scheduleCallStep(at, { kind: 'call', callId: call.id, step });
}

function scriptInput(world: World, call: CallRecord): CallScriptInput {
  const contact = call.contact_id === null ? undefined : world.contacts.get(call.contact_id);
  return {
    agentName: world.agentById(call.agent_id)?.name ?? 'The agent',
    teamName: world.team(call.team_id)?.name ?? 'our team',
    phoneNumber: call.phone_number,
    contactName: contact?.full_name,
    variables: call.variables,
    contactContext: contact?.custom_context,
    businessContext: world.variables.businessContext(call.team_id),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
