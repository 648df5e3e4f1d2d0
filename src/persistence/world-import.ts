import type { ValidateFunction } from 'ajv';
import type { LoadedContract } from '../openapi/load-contract.js';
import { createAjv } from '../openapi/ajv.js';
import { describeAjvErrors } from '../openapi/ajv-errors.js';
import { isDeliverableUrl } from '../webhooks/allowed-hosts.js';
import { WEBHOOK_EVENT_TYPES, type WebhookRegistry } from '../webhooks/registry.js';
import { secretProblem } from '../webhooks/secret.js';
import type { ClockMode } from '../world/clock.js';
import type { Seed } from '../world/seed.js';
import type { WorldSnapshot } from '../world/world.js';
import { DATA_FORMAT_VERSION, type SavedWorldFile } from './data-dir.js';
import { savedWorldProblem } from './saved-world-schema.js';

/** Why an imported world was refused: the HTTP status, the error code and the message (naming the field). */
export interface ImportProblem {
  status: 400 | 409;
  error: 'validation_error' | 'conflict';
  message: string;
}

export interface ImportContext {
  seed: Seed;
  contract: LoadedContract;
  clock: ClockMode;
  /** The sandbox's `--webhook-hosts` (any world's registry knows them): an imported webhook must respect them as a registered one does. */
  webhooks: Pick<WebhookRegistry, 'allows' | 'allowedHosts'>;
}

interface RecordValidators {
  contact: ValidateFunction;
  variable: ValidateFunction;
  call: ValidateFunction;
  event: ValidateFunction;
  delivery: ValidateFunction;
  /** Each event's payload schema, from the contract's `webhooks`. */
  payloads: Map<string, ValidateFunction>;
}

/** src/webhooks/delivery-log.ts Delivery: the sandbox's own record (the API has none). */
const DELIVERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'webhook_id', 'url', 'event_type', 'event_sequence', 'request_id', 'triggered', 'body', 'state', 'next_attempt_at', 'created_at', 'attempts', 'note'],
  properties: {
    id: { type: 'string', pattern: '^msg_[A-Za-z0-9_-]+$' },
    webhook_id: { type: 'integer', minimum: 1 },
    url: { type: 'string' },
    event_type: { enum: WEBHOOK_EVENT_TYPES },
    event_sequence: { type: 'integer', minimum: 0 },
    request_id: { type: ['string', 'null'] },
    triggered: { type: 'boolean' },
    body: { type: 'string' },
    state: { enum: ['pending', 'delivered', 'failed', 'gone'] },
    next_attempt_at: { oneOf: [{ type: 'null' }, { type: 'string', format: 'date-time' }] },
    created_at: { type: 'string', format: 'date-time' },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['number', 'sent_at', 'status', 'error', 'duration_ms', 'response', 'duplicate'],
        properties: {
          number: { type: 'integer', minimum: 1 },
          sent_at: { type: 'string', format: 'date-time' },
          status: { type: ['integer', 'null'], minimum: 100, maximum: 599 },
          error: { type: ['string', 'null'] },
          duration_ms: { type: 'number', minimum: 0 },
          response: { type: 'string' },
          duplicate: { type: 'boolean' },
        },
      },
    },
    note: { type: ['string', 'null'] },
  },
};

type ObjectSchema = { type: 'object'; properties: Record<string, object>; required: string[]; additionalProperties?: boolean };

/**
 * A world's own record schema from the API's: the API object without the fields a world keeps as
 * ids (`drop`), plus those (`add`, required unless listed in `optional`).
 */
function recordSchema(api: ObjectSchema, drop: string[], add: Record<string, object>, optional: string[] = []): object {
  const properties = Object.fromEntries(Object.entries(api.properties).filter(([name]) => !drop.includes(name)));
  const required = [...api.required.filter((name) => !drop.includes(name)), ...Object.keys(add).filter((name) => !optional.includes(name))];
  return { type: 'object', additionalProperties: false, properties: { ...properties, ...add }, required };
}

const id = { type: 'integer', minimum: 1 };
const idOrNull = { type: ['integer', 'null'], minimum: 1 };
const dateTime = { type: 'string', format: 'date-time' };

/** The contract's record schemas, compiled once per contract (a reload brings a new one). */
const compiled = new WeakMap<LoadedContract, RecordValidators>();

function validatorsOf(contract: LoadedContract): RecordValidators {
  let validators = compiled.get(contract);
  if (validators) return validators;
  const ajv = createAjv();
  const schemas = (contract.dereferenced.components?.schemas ?? {}) as Record<string, ObjectSchema>;
  const schema = (name: string): ObjectSchema => schemas[name] as ObjectSchema;
  validators = {
    contact: ajv.compile(schema('Contact')),
    // as context-variables.json is read: the API's object plus its team (null for the system defaults)
    variable: ajv.compile(recordSchema(schema('ContextVariable'), [], { team_id: idOrNull })),
    // src/world/records.ts CallRecord: the Call of Get Call Details with its agent, contact and team as ids
    call: ajv.compile(
      recordSchema(
        schema('Call'),
        ['agent', 'contact', 'team'],
        { team_id: id, agent_id: id, contact_id: idOrNull, created_at: dateTime, estimated_start: dateTime, failure_reason: schema('CallFailureReason'), variables: { type: 'object' } },
        ['created_at', 'estimated_start', 'failure_reason', 'variables'],
      ),
    ),
    // src/world/records.ts EventRecord: Get Event Details' event without what views derive, agent and team as ids
    event: ajv.compile(
      recordSchema(schema('CalendarEvent'), ['event_type_display', 'status_display', 'duration_minutes', 'ai_agent', 'team', 'ics_url'], {
        team_id: id,
        ai_agent_id: idOrNull,
        sync_external_calendars: { type: 'boolean' },
        send_notifications: { type: 'boolean' },
        revision: { type: 'integer', minimum: 0 },
      }),
    ),
    delivery: ajv.compile(DELIVERY_SCHEMA),
    payloads: new Map(
      WEBHOOK_EVENT_TYPES.map((type) => {
        const webhook = (contract.dereferenced as { webhooks?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: object }> } } }> }).webhooks?.[type];
        return [type, ajv.compile(webhook?.post?.requestBody?.content?.['application/json']?.schema ?? {})];
      }),
    ),
  };
  compiled.set(contract, validators);
  return validators;
}

/**
 * Checks a world exported by `GET /__mock/sessions/{name}/export` before it replaces one, as
 * fixtures are checked at start-up: its shape (as a data directory's file), a format this
 * klen-mock reads, the same fixtures and clock mode as this sandbox (409 otherwise), every record
 * against the contract's schema of what the API shows of it, and every reference (a team, an
 * agent, a call or calendar event a scheduled step acts on, a delivery a retry resends) to
 * something that exists. A world that passes cannot break the sandbox when its steps fall due.
 * Returns the first problem, its path in the file (`/world/calls/3/status …`), or undefined.
 */
export async function importProblem(json: unknown, context: ImportContext): Promise<ImportProblem | undefined> {
  const invalid = (message: string): ImportProblem => ({ status: 400, error: 'validation_error', message });
  if ((json as { format?: unknown } | null)?.format !== 'klen-mock-world') return invalid('This is not a world exported by klen-mock (no "format": "klen-mock-world"): export one with GET /__mock/sessions/{name}/export');
  const shape = await savedWorldProblem(json);
  if (shape) return invalid(shape);
  const file = json as SavedWorldFile;
  if (file.version > DATA_FORMAT_VERSION) return invalid(`This world was exported by a newer klen-mock (format ${file.version}; this one reads ${DATA_FORMAT_VERSION})`);
  if (file.seed !== context.seed.digest) {
    return { status: 409, error: 'conflict', message: 'This world was exported from a sandbox with other fixtures: a world holds only what differs from its fixtures, so import it into a sandbox started with the fixtures it was exported from' };
  }
  const world = file.world;
  if (world.clock.mode !== context.clock) return { status: 409, error: 'conflict', message: `This world was exported from a sandbox with --clock ${world.clock.mode}; this one runs --clock ${context.clock}` };
  const problem = recordProblem(world, context);
  return problem === undefined ? undefined : invalid(problem);
}

/** The first record or reference of a world that the sandbox could not use, or undefined. */
function recordProblem(world: WorldSnapshot, { seed, contract, webhooks: registry }: ImportContext): string | undefined {
  const validators = validatorsOf(contract);
  const check = (where: string, validate: ValidateFunction, record: unknown): string | undefined => {
    if (validate(record)) return undefined;
    // Ajv's paths are relative to the record ("/email …", or "/ …" for the record itself)
    const detail = describeAjvErrors(validate.errors)[0] ?? '/ is invalid';
    return `${where}${detail.startsWith('/ ') ? detail.slice(1) : detail}`;
  };
  const team = (where: string, teamId: number) => (seed.teams.has(teamId) ? undefined : `${where} ${teamId} is not a team of this sandbox's fixtures`);
  const first = <T>(list: readonly T[], find: (item: T, i: number) => string | undefined): string | undefined => {
    for (const [i, item] of list.entries()) {
      const found = find(item, i);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const calls = new Set(world.calls.map((c) => c.id));
  const callIds = new Set<string>();
  const seedCalendar = seed.calendar(world.calendar_start);
  const events = new Set([...seedCalendar.events.keys(), ...world.calendar.changed.map((e) => e.id)]);
  const deliveries = new Set(world.deliveries.deliveries.map((d) => d.id));
  const webhooks = new Set(world.webhooks.webhooks.map((w) => w.id));

  return (
    first(['created', 'changed'] as const, (list) =>
      first(world.contacts[list], (contact, i) => check(`/world/contacts/${list}/${i}`, validators.contact, contact) ?? team(`/world/contacts/${list}/${i}/team/id`, contact.team.id)),
    ) ??
    first(world.variables.changed, ({ variable }, i) => (variable === null ? undefined : check(`/world/variables/changed/${i}/variable`, validators.variable, variable))) ??
    first(world.calls, (call, i) => {
      const where = `/world/calls/${i}`;
      if (call.id <= seed.maxCallId) {
        const seeded = seed.callsByEitherId.get(String(call.id));
        if (!seeded) return `${where}/id ${call.id} is neither a call of the fixtures nor one the world created (above ${seed.maxCallId})`;
        if (seeded.record.call_id !== call.call_id) return `${where}/call_id must stay ${JSON.stringify(seeded.record.call_id)}, the fixtures' call_id of call ${call.id}`;
      } else {
        if (call.id >= world.next_call_id) return `${where}/id ${call.id} is not below /world/next_call_id ${world.next_call_id}`;
        // the sandbox's own form (a recording URL is made of it); one call per call_id
        if (!/^call_[a-z0-9]{10}$/.test(call.call_id)) return `${where}/call_id ${JSON.stringify(call.call_id)} is not a call_id the sandbox gives (call_ and 10 lower-case letters or digits)`;
        if (seed.callsByEitherId.has(call.call_id) || callIds.has(call.call_id)) return `${where}/call_id ${JSON.stringify(call.call_id)} is another call's`;
        callIds.add(call.call_id);
      }
      return check(where, validators.call, call) ?? team(`${where}/team_id`, call.team_id) ?? (seed.agents.has(call.agent_id) ? undefined : `${where}/agent_id ${call.agent_id} is not an agent of this sandbox's fixtures`);
    }) ??
    first(world.calendar.changed, (event, i) => check(`/world/calendar/changed/${i}`, validators.event, event) ?? team(`/world/calendar/changed/${i}/team_id`, event.team_id)) ??
    first(world.webhooks.webhooks, (webhook, i) => {
      const where = `/world/webhooks/webhooks/${i}`;
      if (!isDeliverableUrl(webhook.url)) return `${where}/url must be an absolute http or https URL`;
      if (!registry.allows(webhook.url)) return `${where}/url: its host is not one this sandbox delivers to (--webhook-hosts: ${(registry.allowedHosts ?? []).join(', ')})`;
      const unknown = webhook.subscribed_events.find((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
      if (unknown !== undefined) return `${where}/subscribed_events: "${unknown}" is not a documented event`;
      const secret = secretProblem(webhook.secret);
      if (secret) return `${where}/secret ${secret.replace(/ \(the Standard.*$/, '')}`;
      return team(`${where}/team_id`, webhook.team_id);
    }) ??
    first(world.deliveries.deliveries, (delivery, i) => {
      const where = `/world/deliveries/deliveries/${i}`;
      const problem = check(where, validators.delivery, delivery);
      if (problem) return problem;
      if (!webhooks.has(delivery.webhook_id)) return `${where}/webhook_id ${delivery.webhook_id} is not a webhook of the world`;
      // the body is sent again as it is (a retry, a redelivery): it must be the event's documented payload
      let payload: unknown;
      try {
        payload = JSON.parse(delivery.body);
      } catch {
        return `${where}/body is not JSON`;
      }
      if ((payload as { event_type?: unknown } | null)?.event_type !== delivery.event_type) return `${where}/body is not a ${delivery.event_type} payload (its event_type differs)`;
      return check(`${where}/body (parsed)`, validators.payloads.get(delivery.event_type) as ValidateFunction, payload);
    }) ??
    first(world.deliveries.finished, (id, i) => (deliveries.has(id) ? undefined : `/world/deliveries/finished/${i} ${JSON.stringify(id)} is not a delivery in /world/deliveries/deliveries`)) ??
    // the steps the world's clock will run: each must find what it acts on
    first(world.clock.tasks, ({ task }, i) => {
      const where = `/world/clock/tasks/${i}/task`;
      const t = task as unknown as Record<string, unknown>;
      switch (task.kind) {
        case 'call':
          if (!['connect', 'end', 'transcript', 'summary', 'recording'].includes(String(t['step']))) return `${where}/step ${JSON.stringify(t['step'])} is not a call step`;
          return calls.has(Number(t['callId'])) ? undefined : `${where}/callId ${JSON.stringify(t['callId'])} is not a call in /world/calls`;
        case 'event':
          if (!Number.isInteger(t['revision'])) return `${where}/revision must be an integer`;
          if (!['end', 'reminder'].includes(String(t['step']))) return `${where}/step ${JSON.stringify(t['step'])} is not a calendar step`;
          return events.has(Number(t['eventId'])) ? undefined : `${where}/eventId ${JSON.stringify(t['eventId'])} is not a calendar event of the world`;
        case 'seed-events':
          return Number.isInteger(t['index']) && (t['index'] as number) >= 0 && (t['index'] as number) < seedCalendar.timeline.length ? undefined : `${where}/index must be a position in the fixtures' calendar timeline (0 to ${seedCalendar.timeline.length - 1})`;
        case 'delivery':
          return deliveries.has(String(t['deliveryId'])) ? undefined : `${where}/deliveryId ${JSON.stringify(t['deliveryId'])} is not a delivery in /world/deliveries`;
      }
    })
  );
}
