import type { ValidateFunction } from 'ajv';
import { describeAjvErrors } from '../openapi/ajv-errors.js';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/registry.js';

const integer = { type: 'integer' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const id = { type: 'integer', minimum: 1 } as const;
const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
/** Epoch ms from 1970 to the end of year 9999: every instant a world writes is a valid ISO 8601 date. */
const instant = { type: 'number', minimum: 0, maximum: 253_402_300_799_999 } as const;
const list = (items: object) => ({ type: 'array', items }) as const;
/** An object with exactly these properties, all required but those in `optional`. */
const record = (properties: Record<string, object>, optional: string[] = []) =>
  ({ type: 'object', additionalProperties: false, required: Object.keys(properties).filter((p) => !optional.includes(p)), properties }) as const;
/** A record of the world (a contact, a call, an event…): its fields are checked against the contract on import. */
const withId = { type: 'object', required: ['id'], properties: { id } } as const;

/** One step on a world's timeline (src/world/world.ts WorldTask), by its `kind`. */
const TASK = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ['call', 'event', 'seed-events', 'delivery'] } },
  allOf: [
    { if: { properties: { kind: { const: 'call' } } }, then: record({ kind: string, callId: id, step: { enum: ['connect', 'end', 'transcript', 'summary', 'recording'] } }) },
    { if: { properties: { kind: { const: 'event' } } }, then: record({ kind: string, eventId: id, step: { enum: ['reminder', 'end'] }, revision: count }) },
    { if: { properties: { kind: { const: 'seed-events' } } }, then: record({ kind: string, index: count }) },
    { if: { properties: { kind: { const: 'delivery' } } }, then: record({ kind: string, deliveryId: string }) },
  ],
} as const;

/** Something that happened in a world (src/world/world.ts WorldEvent): about a call, or a calendar event. */
const WORLD_EVENT = {
  type: 'object',
  additionalProperties: false,
  required: ['sequence', 'type', 'time', 'request_id'],
  properties: {
    sequence: id,
    type: { enum: WEBHOOK_EVENT_TYPES },
    time: dateTime,
    request_id: { type: ['string', 'null'] },
    triggered: { const: true },
    call: record({ id, call_id: string }),
    calendar_event: record({ id, uuid: string }),
    reason: string,
    previous_start: string,
    previous_end: string,
  },
  oneOf: [{ properties: { call: true }, required: ['call'] }, { properties: { calendar_event: true }, required: ['calendar_event'] }],
} as const;

/**
 * The shape of a saved world's file (src/persistence/data-dir.ts), as exported and imported too:
 * every field of src/world/world.ts WorldSnapshot with its type and range, no other. The world's
 * records (contacts, calls, calendar events, deliveries) need only be objects with an id here: an
 * import checks them against the contract (src/persistence/world-import.ts); a data directory's
 * own files were written by this sandbox.
 */
const SAVED_WORLD_SCHEMA = record({
  format: { const: 'klen-mock-world' },
  version: { type: 'integer', minimum: 1 },
  saved_by: string,
  saved_at: dateTime,
  seed: string,
  last_used_at: instant,
  requests: count,
  world: record({
    name: { type: 'string', pattern: '^(default|[A-Za-z0-9._:-]{1,64})$' },
    created_at: instant,
    calendar_start: instant,
    clock: record({
      mode: { enum: ['real', 'manual'] },
      // real: ms the world is ahead of the wall clock; manual: the world's instant
      offset_or_now: instant,
      sequence: count,
      tasks: list(record({ at: instant, sequence: count, task: TASK })),
    }),
    next_call_id: id,
    calls: list({ type: 'object', required: ['id', 'call_id', 'team_id'], properties: { id, call_id: string, team_id: id } }),
    agent_stats: list(record({ agent_id: id, calls: count, seconds: { type: 'number', minimum: 0 } })),
    balances: list(record({ team_id: id, balance: { type: 'number', minimum: -1e12, maximum: 1e12 } })),
    daily_use: list(record({ key: string, day: integer, used: count })),
    event_sequence: count,
    events: list(WORLD_EVENT),
    causes: list(record({ subject: { type: 'string', pattern: '^(call|calendar_event):[1-9][0-9]*$' }, request_id: string })),
    contacts: record({
      next_ids: record({ contact: id, phone: id, note: id }),
      created: list({ ...withId, required: ['id', 'team'], properties: { id, team: { type: 'object', required: ['id'], properties: { id } } } }),
      changed: list({ ...withId, required: ['id', 'team'], properties: { id, team: { type: 'object', required: ['id'], properties: { id } } } }),
    }),
    variables: record({
      next_id: id,
      created: list(id),
      changed: list(record({ id, variable: { oneOf: [{ type: 'null' }, withId] } })),
      business: list(record({ team_id: id, values: { type: 'object' } })),
    }),
    calendar: record({ next_id: id, changed: list({ ...withId, required: ['id', 'uuid', 'team_id'], properties: { id, uuid: string, team_id: id } }) }),
    webhooks: record({
      next_id: id,
      webhooks: list(record({ id, team_id: id, name: string, url: string, subscribed_events: list({ enum: WEBHOOK_EVENT_TYPES }), is_active: boolean, secret: string, created_at: dateTime })),
    }),
    deliveries: record({ deliveries: list({ type: 'object', required: ['id', 'webhook_id', 'state', 'body'], properties: { id: string, webhook_id: id, state: string, body: string } }), finished: list(string) }),
  }),
});

let validate: ValidateFunction | undefined;

/** What is wrong with a saved world's JSON (the first problem, with its path), or undefined. */
export async function savedWorldProblem(json: unknown): Promise<string | undefined> {
  // compiled on first use (Ajv's compiler loaded then): a sandbox without a data directory never pays for it
  validate ??= (await import('../openapi/ajv.js')).createAjv().compile(SAVED_WORLD_SCHEMA);
  return validate(json) ? undefined : describeAjvErrors(validate.errors)[0];
}
