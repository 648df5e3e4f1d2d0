import express, { type Request, type Response, type Router } from 'express';
import { ApiError } from '../errors/api-error.js';
import { sendJson } from '../http/send-json.js';
import type { Delivery, DeliveryFilter, DeliveryState } from '../webhooks/delivery-log.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { triggerEvent, type TriggerRequest } from '../webhooks/trigger.js';
import type { World } from '../world/world.js';

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed', 'gone'];

/**
 * The admin API's webhook routes, per world: the registered webhooks, the delivery log (with
 * redelivery) and the trigger. `worldOf` finds the world a path names (or has answered 404).
 */
export function addWebhookRoutes(router: Router, dispatcher: WebhookDispatcher, worldOf: (req: Request, res: Response, create: boolean) => World | undefined): void {
  const refuse = (res: Response, error: ApiError) => sendJson(res, error.status, { error: error.code, message: error.message });

  router.get('/sessions/:name/webhooks', (req, res) => {
    const world = worldOf(req, res, true);
    if (!world) return;
    // the secret is shown once, by Create Webhook: here only its start, to tell webhooks apart
    const webhooks = world.webhooks.all().map(({ secret, ...webhook }) => ({ ...webhook, secret_hint: `${secret.slice(0, 10)}…` }));
    sendJson(res, 200, { session: world.name, allowed_hosts: world.webhooks.allowedHosts ?? null, webhooks });
  });

  router.get('/sessions/:name/deliveries', (req, res) => {
    const filter = readDeliveryFilter(req);
    if (typeof filter === 'string') return sendJson(res, 400, { error: 'validation_error', message: filter });
    const world = worldOf(req, res, true);
    if (!world) return;
    sendJson(res, 200, { session: world.name, total: world.deliveries.size, ...dispatcher.load, deliveries: world.deliveries.list(filter).map(deliveryView) });
  });

  router.get('/sessions/:name/deliveries/:id', (req, res) => {
    const world = worldOf(req, res, false);
    if (!world) return;
    const delivery = world.deliveries.get(String(req.params['id']));
    if (!delivery) return sendJson(res, 404, { error: 'not_found', message: `No delivery ${JSON.stringify(req.params['id'])} in ${world.name} (the log keeps the last 1000)` });
    sendJson(res, 200, deliveryView(delivery));
  });

  router.post('/sessions/:name/deliveries/:id/redeliver', (req, res) => {
    const world = worldOf(req, res, false);
    if (!world) return;
    const delivery = world.deliveries.get(String(req.params['id']));
    if (!delivery) return sendJson(res, 404, { error: 'not_found', message: `No delivery ${JSON.stringify(req.params['id'])} in ${world.name} (the log keeps the last 1000)` });
    const webhook = world.webhooks.get(delivery.webhook_id);
    if (!webhook?.is_active) return sendJson(res, 409, { error: 'invalid_state', message: `Webhook ${delivery.webhook_id} is switched off: nothing is sent to it` });
    dispatcher.redeliver(world, delivery);
    sendJson(res, 202, deliveryView(delivery));
  });

  router.post('/sessions/:name/webhooks/trigger', express.json({ strict: false }), (req, res) => {
    const request = readTrigger(req.body);
    if (typeof request === 'string') return sendJson(res, 400, { error: 'validation_error', message: request });
    const world = worldOf(req, res, true);
    if (!world) return;
    const result = triggerEvent(world, request);
    if (result instanceof ApiError) return refuse(res, result);
    const deliveries = world.deliveries.list().filter((d) => result.events.some((e) => e.sequence === d.event_sequence));
    sendJson(res, 201, { session: world.name, generated: result.generated, events: result.events, deliveries: deliveries.reverse().map((d) => ({ id: d.id, event_type: d.event_type, webhook_id: d.webhook_id, url: d.url })) });
  });
}

/** A delivery as the admin API shows it: the body parsed (it is JSON the sandbox wrote). */
export function deliveryView({ body, ...delivery }: Delivery) {
  return { ...delivery, payload: JSON.parse(body) as unknown };
}

function readDeliveryFilter(req: Request): DeliveryFilter | string {
  const query = req.query as Record<string, unknown>;
  const names = ['webhook', 'event_type', 'state', 'request_id', 'limit'];
  for (const name of Object.keys(query)) {
    if (!names.includes(name)) return `Unknown filter "${name}". Filters: ${names.join(', ')}`;
    if (typeof query[name] !== 'string') return `Filter "${name}" must be given once`;
  }
  const { webhook, event_type, state, request_id, limit } = query as Record<string, string | undefined>;
  const filter: DeliveryFilter = {};
  if (webhook !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(webhook)) return `webhook must be a webhook id, got "${webhook}"`;
    filter.webhook = Number(webhook);
  }
  if (event_type !== undefined) filter.event_type = event_type;
  if (state !== undefined) {
    if (!(STATES as readonly string[]).includes(state)) return `state must be one of ${STATES.join(', ')}, got "${state}"`;
    filter.state = state as DeliveryState;
  }
  if (request_id !== undefined) filter.request_id = request_id;
  if (limit !== undefined) {
    if (!/^[1-9][0-9]{0,3}$/.test(limit)) return `limit must be a whole number from 1 to 9999, got "${limit}"`;
    filter.limit = Number(limit);
  }
  return filter;
}

function readTrigger(body: unknown): TriggerRequest | string {
  const usage = 'The body must be {"event_type": "call.ended"} with, optionally, "call_id" or "event_id" (an existing object) or "team_id" (of a generated one)';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return usage;
  const { event_type, call_id, event_id, team_id, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return `Unknown field "${extra}". ${usage}`;
  if (typeof event_type !== 'string') return usage;
  const request: TriggerRequest = { event_type };
  for (const [name, value] of [['call_id', call_id], ['event_id', event_id]] as const) {
    if (value === undefined) continue;
    if (!((typeof value === 'string' && value !== '' && value.length <= 100) || (Number.isInteger(value) && (value as number) > 0))) return `${name} must be an id or a call_id / UUID, got ${JSON.stringify(value)}`;
    request[name] = String(value);
  }
  if (team_id !== undefined) {
    if (!(Number.isInteger(team_id) && (team_id as number) > 0)) return `team_id must be a team's id, got ${JSON.stringify(team_id)}`;
    request.team_id = team_id as number;
  }
  return request;
}
