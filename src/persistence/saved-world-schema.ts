import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors } from '../openapi/ajv.js';

const integer = { type: 'integer' } as const;
const number = { type: 'number' } as const;
const string = { type: 'string' } as const;
const object = { type: 'object' } as const;
const list = (items: object) => ({ type: 'array', items }) as const;
const record = (properties: Record<string, object>) => ({ type: 'object', required: Object.keys(properties), properties }) as const;

/**
 * The shape of a saved world's file (src/persistence/data-dir.ts): every field a world needs to be
 * put back, with its type. Records inside (calls, contacts, events…) are the world's own, written
 * by this sandbox; their fields are checked where they are used, so here they only need to be
 * objects with an id.
 */
const SAVED_WORLD_SCHEMA = record({
  format: { const: 'klen-mock-world' },
  version: { type: 'integer', minimum: 1 },
  saved_by: string,
  saved_at: string,
  seed: string,
  last_used_at: number,
  requests: { type: 'integer', minimum: 0 },
  world: record({
    name: { type: 'string', pattern: '^(default|[A-Za-z0-9._:-]{1,64})$' },
    created_at: number,
    calendar_start: number,
    clock: record({
      mode: { enum: ['real', 'manual'] },
      offset_or_now: number,
      sequence: integer,
      tasks: list(record({ at: number, sequence: integer, task: record({ kind: { enum: ['call', 'event', 'seed-events', 'delivery'] } }) })),
    }),
    next_call_id: integer,
    calls: list(record({ id: integer, call_id: string, team_id: integer })),
    agent_stats: list(record({ agent_id: integer, calls: integer, seconds: number })),
    balances: list(record({ team_id: integer, balance: number })),
    daily_use: list(record({ key: string, day: integer, used: integer })),
    event_sequence: integer,
    events: list(record({ sequence: integer, type: string, time: string })),
    causes: list(record({ subject: string, request_id: string })),
    contacts: record({
      next_ids: record({ contact: integer, phone: integer, note: integer }),
      created: list(record({ id: integer, team: record({ id: integer }) })),
      changed: list(record({ id: integer, team: record({ id: integer }) })),
    }),
    variables: record({
      next_id: integer,
      created: list(integer),
      changed: list(record({ id: integer, variable: { type: ['object', 'null'] } })),
      business: list(record({ team_id: integer, values: object })),
    }),
    calendar: record({ next_id: integer, changed: list(record({ id: integer, uuid: string, team_id: integer })) }),
    webhooks: record({ next_id: integer, webhooks: list(record({ id: integer, team_id: integer, url: string, secret: string })) }),
    deliveries: record({ deliveries: list(record({ id: string, webhook_id: integer, state: string, body: string })), finished: list(string) }),
  }),
});

let validate: ValidateFunction | undefined;

/** What is wrong with a saved world's JSON (the first problem, with its path), or undefined. */
export function savedWorldProblem(json: unknown): string | undefined {
  // compiled on first use: a sandbox without a data directory never pays for it
  validate ??= createAjv().compile(SAVED_WORLD_SCHEMA);
  return validate(json) ? undefined : describeAjvErrors(validate.errors)[0];
}
