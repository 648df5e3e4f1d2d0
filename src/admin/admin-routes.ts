import type { WorldSaver } from '../persistence/world-saver.js';
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { CORS_RESPONSE_HEADERS } from '../http/cors.js';
import { parse as parseYaml } from 'yaml';
import { sendJson } from '../http/send-json.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import { ApiError } from '../errors/api-error.js';
import { DEFAULT_WORLD, readSessionName, type Worlds } from '../world/sessions.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import type { World, WorldTask } from '../world/world.js';
import { isLoopback, type AdminAccess } from './admin-access.js';
import { DOCS_ASSETS, docsPage } from './docs-page.js';
import type { JournalEntry, JournalFilter, RequestJournal } from './request-journal.js';
import { addWebhookInbox } from './webhook-inbox.js';
import { addWebhookRoutes } from './webhook-routes.js';
import { addWorldTransferRoutes } from './world-transfer-routes.js';

export interface AdminParts {
  access: AdminAccess;
  /** True once a graceful shutdown has begun. */
  draining: () => boolean;
  /** The data directory's saver (`--data-dir`), if any. */
  saver?: WorldSaver | undefined;
  runtime: () => SandboxRuntime;
  journal: RequestJournal;
  worlds: Worlds;
  dispatcher: WebhookDispatcher;
  version: string;
}

/** Longest a single clock advance may be: a year. */
const MAX_ADVANCE_SECONDS = 366 * 24 * 3600;

/**
 * The admin API as a request listener: an express app serving `adminRoutes` under `/__mock`,
 * with the same CORS headers as the API. Loaded on the first `/__mock/` request, so neither
 * express nor YAML parsing costs anything at start-up or on the API's hot path.
 */
export function adminApp(parts: AdminParts): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(CORS_RESPONSE_HEADERS);
    next();
  });
  app.use('/__mock', adminRoutes(parts));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // express.json()'s refusals (a body that is not JSON, too large) carry their 4xx status
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendJson(res, status, { error: 'validation_error', message: `The request body cannot be read: ${error instanceof Error ? error.message : String(error)}` });
    }
    sendJson(res, 500, { error: 'server_error', message: `The klen-mock admin API failed: ${error instanceof Error ? error.message : String(error)}` });
  });
  return app;
}

/**
 * The sandbox's own API under `/__mock/` (described by admin-openapi.yaml): health, the request
 * journal, the contract, and an offline API reference page.
 */
export function adminRoutes({ access, draining, saver, runtime, journal, worlds, dispatcher, version }: AdminParts): Router {
  const router = express.Router();
  // health answers every client, before the gate: readiness and liveness probes (Kubernetes'
  // kubelet, a load balancer, `docker run -p`) never come from loopback, and it tells nothing secret
  router.get('/health', (_req, res) => {
    const { contract, counts } = runtime();
    // a load balancer that still holds a keep-alive connection learns to send no more
    sendJson(res, draining() ? 503 : 200, {
      ready: !draining(),
      draining: draining(),
      version,
      contract: contract.dereferenced.info.title,
      operations: counts.operations,
      fixtures: { calls: counts.calls, agents: counts.agents, teams: counts.teams, contacts: counts.contacts, contextVariables: counts.contextVariables, calendarEvents: counts.calendarEvents, doNotCall: counts.doNotCall, keys: counts.keys },
      sessions: worlds.sessionCount,
    });
  });

  router.use((req, res, next) => {
    if (access === 'all' || isLoopback(req.socket.remoteAddress)) return next();
    sendJson(res, 403, { error: 'permission_denied', message: 'The klen-mock admin API answers only requests from this machine (start klen-mock with --admin all to open it)' });
  });

  // ---- the data directory (--data-dir)
  const noDataDir = (res: Response) => sendJson(res, 404, { error: 'not_found', message: 'This sandbox keeps its worlds in memory only (start it with --data-dir DIR to save them)' });
  router.get('/data', (_req, res) => (saver ? sendJson(res, 200, saver.status) : noDataDir(res)));
  router.post('/data/save', (_req, res) => {
    if (!saver) return noDataDir(res);
    saver.save().then(() => sendJson(res, 200, saver.status), (error: unknown) => sendJson(res, 500, { error: 'internal_error', message: String(error) }));
  });

  // ---- worlds: the default one and the sessions (X-Mock-Session)
  const badName = (res: Response, message: string) => sendJson(res, 400, { error: 'validation_error', message });
  /** The world a path names, created if it does not exist yet (`create`), or a 404 sent. */
  const worldOf = (req: Request, res: Response, create: boolean): World | undefined => {
    const name = String(req.params['name']);
    const session = readSessionName(name);
    if (session instanceof ApiError) return void badName(res, session.message.replace('X-Mock-Session', 'A session name'));
    const world = create ? worlds.resolve(session) : worlds.find(name);
    if (!world) return void sendJson(res, 404, { error: 'not_found', message: `No session named ${JSON.stringify(name)} (sessions are created by the first request that names them in X-Mock-Session)` });
    // an admin write (advance, trigger, redeliver…) is saved soon after, as an API write is
    if (req.method !== 'GET') world.changed();
    return world.touch();
  };
  const summaryOf = (name: string) => worlds.list().find((w) => w.name === name);

  router.get('/sessions', (_req, res) => {
    sendJson(res, 200, { limits: { maxSessions: worlds.limits.maxSessions, idleSeconds: worlds.limits.idleMs / 1000 }, sessions: worlds.list() });
  });
  router.get('/sessions/:name', (req, res) => {
    const world = worldOf(req, res, false);
    if (world) sendJson(res, 200, summaryOf(world.name));
  });
  router.delete('/sessions/:name', (req, res) => {
    if (req.params['name'] === DEFAULT_WORLD) return badName(res, 'The default world cannot be deleted: reset it with POST /__mock/sessions/default/reset');
    const world = worldOf(req, res, false);
    if (world) sendJson(res, 200, { deleted: worlds.delete(world.name) ? world.name : null });
  });
  router.post('/sessions/:name/reset', (req, res) => {
    const world = worldOf(req, res, true);
    if (world) sendJson(res, 200, summaryOf(worlds.reset(world.name).name));
  });
  router.post('/reset', (_req, res) => {
    sendJson(res, 200, { sessionsDropped: worlds.resetAll() });
  });
  router.get('/sessions/:name/clock', (req, res) => {
    const world = worldOf(req, res, true);
    if (world) sendJson(res, 200, clockOf(world));
  });
  router.post('/sessions/:name/clock/advance', express.json({ strict: false }), (req, res) => {
    const seconds = (req.body as { seconds?: unknown } | undefined)?.seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      return badName(res, `The body must be {"seconds": N} with N from 0 to ${MAX_ADVANCE_SECONDS} (fractions allowed), got ${JSON.stringify(req.body ?? null).slice(0, 100)}`);
    }
    const world = worldOf(req, res, true);
    if (!world) return;
    const before = world.events().at(-1)?.sequence ?? 0;
    world.clock.advance(Math.round(seconds * 1000));
    sendJson(res, 200, { ...clockOf(world), events: world.events(before) });
  });
  router.get('/sessions/:name/events', (req, res) => {
    const after = req.query['after'];
    if (after !== undefined && !(typeof after === 'string' && /^[0-9]{1,15}$/.test(after))) return badName(res, `after must be an event sequence number, got ${JSON.stringify(after)}`);
    const world = worldOf(req, res, true);
    if (world) sendJson(res, 200, { events: world.events(after === undefined ? 0 : Number(after)) });
  });

  router.get('/sessions/:name/business-context', (req, res) => {
    const world = worldOf(req, res, true);
    if (!world) return;
    const teams = [...world.seed.teams.values()].sort((a, b) => a.id - b.id).map((team) => ({ team_id: team.id, name: team.name, business_context: world.variables.businessContext(team.id) }));
    sendJson(res, 200, { session: world.name, teams });
  });

  addWebhookRoutes(router, dispatcher, worldOf);
  addWorldTransferRoutes(router, { worlds, dispatcher, runtime, version, worldOf });
  addWebhookInbox(router, worlds);

  router.get('/requests', (req, res) => {
    const filter = readFilter(req, journal.capacity);
    if (typeof filter === 'string') return sendJson(res, 400, { error: 'validation_error', message: filter });
    sendJson(res, 200, { capacity: journal.capacity, total: journal.size, entries: journal.list(filter).map((entry) => withDeliveries(entry, worlds)) });
  });
  router.delete('/requests', (_req, res) => {
    const cleared = journal.size;
    journal.clear();
    sendJson(res, 200, { cleared });
  });

  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml; charset=utf-8').send(runtime().contract.text);
  });
  // parsed from the text, so `$ref`s stay as written
  let jsonCache: { text: string; json: unknown } | undefined;
  router.get('/openapi.json', (_req, res) => {
    const { text } = runtime().contract;
    if (jsonCache?.text !== text) jsonCache = { text, json: parseYaml(text) };
    sendJson(res, 200, jsonCache.json);
  });

  router.get('/docs', (_req, res) => {
    res.type('text/html; charset=utf-8').send(docsPage(runtime().contract.dereferenced.info.title));
  });
  router.get('/docs/assets/:file', (req: Request, res: Response) => {
    const file = DOCS_ASSETS[req.params['file'] as string];
    if (!file) return sendJson(res, 404, { error: 'not_found', message: `Requested resource not found: ${req.path}` });
    res.sendFile(file, { maxAge: '1h' });
  });

  router.use((req, res) => {
    sendJson(res, 404, { error: 'not_found', message: `Requested resource not found: ${req.method} /__mock${req.path}` });
  });
  return router;
}

/** A world's clock as the admin API shows it: mode, now, and the lifecycle steps still to come. */
function clockOf(world: World) {
  return {
    session: world.name,
    mode: world.clock.mode,
    now: new Date(world.clock.now()).toISOString(),
    pending: world.clock.pending().map(({ at, task }) => ({ at: new Date(at).toISOString(), ...pendingStep(world, task) })),
  };
}

/** What a pending task will do: a call's step, or an event's (the seeded timeline's next one). */
function pendingStep(world: World, task: WorldTask) {
  if (task.kind === 'call') return { call: world.callById(task.callId)?.call_id ?? null, step: task.step };
  if (task.kind === 'delivery') return { delivery: task.deliveryId, step: 'retry' };
  const step = task.kind === 'event' ? task : world.calendar.seed.timeline[task.index];
  const event = step && world.calendar.get(step.eventId);
  return { calendar_event: { id: step?.eventId ?? 0, uuid: event?.uuid ?? '' }, step: step?.step ?? 'end' };
}

/** A journal entry with the webhook deliveries its request caused, if any (looked up in its world's log). */
function withDeliveries(entry: JournalEntry, worlds: Worlds): JournalEntry & { deliveries?: Array<{ id: string; event_type: string; webhook_id: number; state: string }> } {
  const world = worlds.find(entry.session ?? DEFAULT_WORLD);
  if (!world || world.deliveries.size === 0) return entry;
  const deliveries = world.deliveries.list({ request_id: entry.id }).reverse();
  return deliveries.length === 0 ? entry : { ...entry, deliveries: deliveries.map((d) => ({ id: d.id, event_type: d.event_type, webhook_id: d.webhook_id, state: d.state })) };
}

/** The journal filters, or the message of a 400 naming what is wrong. */
function readFilter(req: Request, capacity: number): JournalFilter | string {
  const query = req.query as Record<string, unknown>;
  const filter: JournalFilter = {};
  for (const name of Object.keys(query)) {
    if (!['status', 'path', 'session', 'limit'].includes(name)) return `Unknown filter "${name}". Filters: status, path, session, limit`;
    if (typeof query[name] !== 'string') return `Filter "${name}" must be given once`;
  }
  const { status, path, session, limit } = query as Record<string, string | undefined>;
  if (session !== undefined) filter.session = session;
  if (status !== undefined) {
    if (!/^([1-5][0-9]{2}|[1-5]xx)$/i.test(status)) return `status must be a status code (404) or a class (4xx), got "${status}"`;
    filter.status = status.toLowerCase();
  }
  if (path !== undefined) filter.path = path;
  if (limit !== undefined) {
    if (!/^[0-9]{1,7}$/.test(limit) || Number(limit) < 1) return `limit must be a whole number from 1 to ${capacity}, got "${limit}"`;
    filter.limit = Math.min(Number(limit), capacity);
  }
  return filter;
}
