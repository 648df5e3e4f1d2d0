/**
 * Every webhook payload the sandbox builds matches its schema in openapi.yaml's `webhooks`
 * section: a call's whole lifecycle (completed, and failed), and a calendar event created,
 * updated (moved), reminded of, completed and cancelled, each payload built at the moment the
 * world records the event, as deliveries will be.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../openapi/ajv.js';
import { describeAjvErrors } from '../openapi/ajv-errors.js';
import { loadContract, type LoadedContract } from '../openapi/load-contract.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES } from '../package-info.js';
import { writeEvent } from '../calendar/event-write.js';
import { cancelStoredEvent, storeCreatedEvent, storeUpdatedEvent } from '../calendar/event-store.js';
import { startCall } from '../world/call-lifecycle.js';
import { loadSeed } from '../world/load-seed.js';
import { DEFAULT_CALL_TIMING, World, type WorldEvent } from '../world/world.js';
import { webhookMessage, type WebhookMessage } from './payloads.js';

let contract: LoadedContract;
let world: World;
const seen: Array<{ event: WorldEvent; message: WebhookMessage | undefined }> = [];

beforeAll(async () => {
  contract = await loadContract(DEFAULT_CONTRACT);
  const { seed } = await loadSeed({ dir: DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, compileSchema: async () => (schema) => createAjv().compile(schema) });
  // each payload is built when the world records its event, as the dispatcher builds it
  const sink = { eventRecorded: (w: World, event: WorldEvent) => void seen.push({ event, message: webhookMessage(w, event) }), retryDue() {} };
  world = new World('payloads', seed, { clock: { mode: 'manual', start: Date.parse('2025-05-01T12:00:00Z') }, callTiming: DEFAULT_CALL_TIMING, webhooks: { sink } });
});

function schemaViolations(message: WebhookMessage): string[] {
  const schema = (contract.dereferenced as { webhooks?: Record<string, any> }).webhooks?.[message.type]?.post?.requestBody?.content?.['application/json']?.schema;
  if (!schema) return [`no schema for ${message.type}`];
  const validate = createAjv().compile(schema);
  return validate(message.payload) ? [] : describeAjvErrors(validate.errors);
}

describe('webhook payloads', () => {
  it('of a completed and a failed call: every step, in the workflow’s order, each matching its schema', () => {
    const agent = world.findAgent(456, 101);
    if (!agent) throw new Error('no agent 456');
    const done = startCall(world, { teamId: 101, agent, phoneNumber: '+15551234567', contactId: 789, variables: undefined });
    const failed = startCall(world, { teamId: 101, agent, phoneNumber: '+15005550002', contactId: null, variables: undefined });
    world.clock.advance(60_000);
    const ofCall = (id: number) => seen.filter((s) => 'call' in s.event && s.event.call.id === id);
    expect(ofCall(done.id).map((s) => s.message?.type)).toEqual(['call.started', 'call.ended', 'call.transcript', 'call.summary', 'call.recording']);
    expect(ofCall(failed.id).map((s) => s.message?.type)).toEqual(['call.failed']);
    for (const { message } of [...ofCall(done.id), ...ofCall(failed.id)]) {
      if (!message) throw new Error('no message');
      expect(schemaViolations(message), message.type).toEqual([]);
      expect(message.teamId).toBe(101);
    }
    const started = ofCall(done.id)[0]?.message?.payload as any;
    expect(started).toMatchObject({ event_type: 'call.started', call: { id: done.id, klen_call_id: done.call_id, agent_id: 456, agent_name: 'Sales Representative', status: 'in-progress', assistant_id: 'assistant_abc123', contact: { id: 789, name: 'John Doe', email: 'john.doe@example.com', phone: '+15551234567' } }, timestamp: '2025-05-01T12:00:02Z' });
    expect(ofCall(done.id)[1]?.message?.payload).toMatchObject({ call: { status: 'completed', duration: 10, duration_seconds: 10, summary: null } });
    expect(ofCall(failed.id)[0]?.message?.payload).toMatchObject({ call: { status: 'failed', reason: 'busy', contact: null } });
  });

  it('of a calendar event created, moved, reminded of, completed, and of one cancelled: each matching its schema', () => {
    const now = world.clock.now();
    const created = writeEvent(world, 101, 'create', { title: 'Demo', start_time: new Date(now + 3_600_000).toISOString(), end_time: new Date(now + 5_400_000).toISOString(), remind_before_minutes: 30 });
    if ('code' in created) throw new Error(created.message);
    storeCreatedEvent(world, created);
    const moved = writeEvent(world, 101, 'patch', { start_time: new Date(now + 7_200_000).toISOString(), end_time: new Date(now + 9_000_000).toISOString() }, created);
    if ('code' in moved) throw new Error(moved.message);
    storeUpdatedEvent(world, moved, created);
    world.clock.advance(3 * 3_600_000);
    const seeded = world.calendar.get(456);
    if (!seeded) throw new Error('no event 456');
    cancelStoredEvent(world, seeded, 'Client requested to reschedule');

    const ofEvent = (id: number) => seen.filter((s) => 'calendar_event' in s.event && s.event.calendar_event.id === id).map((s) => s.message as WebhookMessage);
    expect(ofEvent(created.id).map((m) => m.type)).toEqual(['calendar.created', 'calendar.updated', 'calendar.reminder', 'calendar.completed']);
    for (const message of [...ofEvent(created.id), ...ofEvent(456)]) expect(schemaViolations(message), message.type).toEqual([]);
    expect(ofEvent(created.id)[1]?.payload).toMatchObject({ calendar_event: { time_changed: true, previous_start: created.start_time, previous_end: created.end_time } });
    expect(ofEvent(456).at(-1)?.payload).toMatchObject({ event_type: 'calendar.cancelled', calendar_event: { id: 456, status: 'cancelled', cancellation_reason: 'Client requested to reschedule', ics_url: `/calendar/event/${seeded.uuid}/calendar.ics` }, timestamp: '2025-05-01T15:01:00.000Z' }); // 12:00, the calls' minute, then 3 hours
  });
});
