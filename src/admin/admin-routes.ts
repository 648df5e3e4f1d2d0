import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { CORS_RESPONSE_HEADERS } from '../http/cors.js';
import { parse as parseYaml } from 'yaml';
import { sendJson } from '../http/send-json.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import { isLoopback, type AdminAccess } from './admin-access.js';
import { DOCS_ASSETS, docsPage } from './docs-page.js';
import type { JournalFilter, RequestJournal } from './request-journal.js';

export interface AdminParts {
  access: AdminAccess;
  runtime: () => SandboxRuntime;
  journal: RequestJournal;
  version: string;
}

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
    sendJson(res, 500, { error: 'server_error', message: `The klen-mock admin API failed: ${error instanceof Error ? error.message : String(error)}` });
  });
  return app;
}

/**
 * The sandbox's own API under `/__mock/` (described by admin-openapi.yaml): health, the request
 * journal, the contract, and an offline API reference page.
 */
export function adminRoutes({ access, runtime, journal, version }: AdminParts): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (access === 'all' || isLoopback(req.socket.remoteAddress)) return next();
    sendJson(res, 403, { error: 'permission_denied', message: 'The klen-mock admin API answers only requests from this machine (start klen-mock with --admin all to open it)' });
  });

  router.get('/health', (_req, res) => {
    const { contract, counts } = runtime();
    sendJson(res, 200, {
      ready: true,
      version,
      contract: contract.dereferenced.info.title,
      operations: counts.operations,
      fixtures: { calls: counts.calls, keys: counts.keys },
    });
  });

  router.get('/requests', (req, res) => {
    const filter = readFilter(req, journal.capacity);
    if (typeof filter === 'string') return sendJson(res, 400, { error: 'validation_error', message: filter });
    sendJson(res, 200, { capacity: journal.capacity, total: journal.size, entries: journal.list(filter) });
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

/** The journal filters, or the message of a 400 naming what is wrong. */
function readFilter(req: Request, capacity: number): JournalFilter | string {
  const query = req.query as Record<string, unknown>;
  const filter: JournalFilter = {};
  for (const name of Object.keys(query)) {
    if (!['status', 'path', 'limit'].includes(name)) return `Unknown filter "${name}". Filters: status, path, limit`;
    if (typeof query[name] !== 'string') return `Filter "${name}" must be given once`;
  }
  const { status, path, limit } = query as Record<string, string | undefined>;
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
