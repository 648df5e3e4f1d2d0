import type { WorldSaver } from '../persistence/world-saver.js';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdminAccess } from '../admin/admin-access.js';
import type { JournalEntry, RequestJournal } from '../admin/request-journal.js';
import { maskKey, maskQuery } from '../auth/mask-key.js';
import type { DelayProfile } from '../latency/delay-profile.js';
import type { Logger } from '../logging/logger.js';
import { errorResult } from '../errors/error-result.js';
import type { RequestState } from '../router/contract-router.js';
import type { HandlerResult } from '../router/handler-result.js';
import { MAX_BODY_BYTES, type RawBody } from '../router/request-body.js';
import { serialize } from '../router/serialized-body.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import type { Worlds } from '../world/sessions.js';
import { corsPreflight, CORS_RESPONSE_HEADERS } from './cors.js';
import { ICS_PATH, icsResponse } from './ics-file.js';
import { hasBody, readBody } from './read-body.js';

/** How much of a request body the journal keeps. */
export const JOURNAL_BODY_CHARS = 4096;

export interface ListenerParts {
  /** True once a graceful shutdown has begun (the health check then answers 503). */
  draining: () => boolean;
  /** How many API requests were numbered (`req_N`); a data directory carries it across restarts. Default from 0. */
  requestCounter?: { value: number };
  /** The data directory's saver, when there is one (`--data-dir`): the admin API shows it. */
  saver?: WorldSaver;
  /** The current contract, fixtures and router (replaced as a whole by a hot reload). */
  runtime: () => SandboxRuntime;
  journal: RequestJournal;
  worlds: Worlds;
  dispatcher: WebhookDispatcher;
  /** The latency profile, if any; `X-Mock-Delay` wins over it. */
  delays: DelayProfile | undefined;
  admin: AdminAccess;
  logger: Logger;
  version: string;
}

/**
 * The HTTP entry point. API requests take a lean path on Node's own request and response
 * (express costs more per request than the whole rest of the pipeline): CORS headers, the
 * contract router, a check of the response against the contract, the optional delay, one
 * write, then one journal entry and one log line. CORS preflights go to the `cors` package;
 * the admin API under `/__mock/` is an express app, loaded on its first request.
 */
export function createRequestListener({ draining, requestCounter = { value: 0 }, saver, runtime, journal, worlds, dispatcher, delays, admin, logger, version }: ListenerParts): RequestListener {
  let adminApp: Promise<RequestListener> | undefined;
  const preflight = corsPreflight();

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return preflight(req, res);
    if (admin !== 'off' && (path === '/__mock' || path.startsWith('/__mock/'))) {
      adminApp ??= import('../admin/admin-routes.js').then(({ adminApp: create }) => create({ access: admin, draining, saver, runtime, journal, worlds, dispatcher, version }));
      adminApp.then((app) => app(req, res)).catch((error: unknown) => send(res, errorResult(error, undefined, logger), undefined));
      return;
    }
    if (ICS_PATH.test(path)) return void handleIcs(req, res, path, q === -1 ? '' : url.slice(q + 1));
    void handleApi(req, res, path, q === -1 ? '' : url.slice(q + 1));
  };

  /** An event's iCalendar file (`ics_url`): outside the API and its contract, journaled and logged like any request. */
  async function handleIcs(req: IncomingMessage, res: ServerResponse, path: string, queryString: string): Promise<void> {
    const started = performance.now();
    const query = parseQuery(queryString) as Record<string, unknown>;
    const method = req.method ?? 'GET';
    let answer: Awaited<ReturnType<typeof icsResponse>>;
    try {
      answer = await icsResponse(method, path, query, req.headers, worlds);
    } catch (error) {
      const result = errorResult(error, undefined, logger);
      answer = { status: result.status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(result.body) };
    }
    res.writeHead(answer.status, { ...CORS_RESPONSE_HEADERS, ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(method === 'HEAD' ? undefined : answer.body);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const entry: JournalEntry = { id: `req_${++requestCounter.value}`, time: new Date().toISOString(), method, path, query, status: answer.status, durationMs, auth: null, session: answer.session ?? null, body: null, simulation: null };
    journal.add(entry);
    logger.info(logFields(entry), requestLine(entry));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, queryString: string): Promise<void> {
    const started = performance.now();
    // an empty body still has a type: `Content-Type: text/plain` with nothing is a 415, not an invalid_json
    const contentType = req.headers['content-type'];
    const body: RawBody | undefined = hasBody(req) ? await readBody(req, MAX_BODY_BYTES) : contentType === undefined ? undefined : { text: '', tooLarge: false, contentType };
    const current = runtime();
    const query = parseQuery(queryString) as Record<string, unknown>;
    const state: RequestState = { requestId: `req_${++requestCounter.value}` };
    let result: HandlerResult;
    try {
      result = current.router.route({ method: req.method ?? 'GET', path, headers: req.headers, query, ...(body ? { body } : {}) }, state);
    } catch (error) {
      result = errorResult(error, state.operation, logger);
    }
    // the rest of an oversized body is not read: the connection cannot be reused
    if (body?.tooLarge) result = { ...result, headers: { ...result.headers, Connection: 'close' } };
    if (result.serialized === undefined) {
      const violations = state.operation ? state.operation.checkResponse(result.status, result.body) : current.checkEnvelope(result.body);
      if (violations.length > 0) {
        logger.error({ status: result.status, violations, operation: state.operation?.operationId }, 'klen-mock produced a response that violates openapi.yaml');
        result = errorResult(new Error(violations.join('; ')), state.operation, { ...logger, error() {} });
      }
    }
    const headerDelay = state.simulation?.delayHeader;
    const delayMs = headerDelay ?? delays?.next() ?? 0;
    if (delayMs > 0) await sleep(delayMs);
    send(res, result, state.simulation?.preferenceApplied);

    const entry: JournalEntry = {
      id: state.requestId as string,
      time: new Date(Date.now() - (performance.now() - started)).toISOString(),
      method: req.method ?? 'GET',
      path,
      query: current.keyQueryParameters.some((name) => name in query) ? maskQuery(query, current.keyQueryParameters) : query,
      status: result.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      auth: state.credential ? { method: state.credential.method, key: maskKey(state.credential.key), keyName: state.key?.name ?? null } : null,
      session: state.session ?? null,
      body: body && (body.text !== '' || body.tooLarge) ? journalBody(body, state.credential?.key) : null,
      simulation: simulationOf(state, delayMs, headerDelay !== undefined),
    };
    journal.add(entry);
    logger.info(logFields(entry), requestLine(entry));
  }
}

/**
 * One write: status, headers and the JSON body with its exact length. No ETag. The body is a
 * string, which Node sends in the same write as the headers (a Buffer would take a second one).
 */
function send(res: ServerResponse, result: HandlerResult, preferenceApplied: string | undefined): void {
  if (res.headersSent || res.destroyed) return;
  const body = result.serialized ?? serialize(result.body);
  const headers: Record<string, string | number> = { ...CORS_RESPONSE_HEADERS, ...result.headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.bytes };
  if (preferenceApplied) headers['Preference-Applied'] = preferenceApplied;
  res.writeHead(result.status, headers);
  res.end(body.text);
}

/** What the journal shows of a body: its first 4 kB, with the request's own key masked if it appears in it. */
function journalBody(body: RawBody, key: string | undefined): NonNullable<JournalEntry['body']> {
  if (body.tooLarge) return { text: '', truncated: true };
  let text = body.text.slice(0, JOURNAL_BODY_CHARS);
  if (key && key.length > 8) text = text.replaceAll(key, maskKey(key));
  return { text, truncated: body.text.length > JOURNAL_BODY_CHARS };
}

function simulationOf(state: RequestState, delayMs: number, fromHeader: boolean): JournalEntry['simulation'] {
  const error = state.simulation?.error?.code ?? state.keySimulation;
  const preferenceApplied = state.simulation?.preferenceApplied;
  if (!error && !preferenceApplied && delayMs === 0 && !fromHeader) return null;
  const simulation: NonNullable<JournalEntry['simulation']> = {};
  if (error) simulation.error = error;
  if (preferenceApplied) simulation.preferenceApplied = preferenceApplied;
  if (delayMs > 0 || fromHeader) {
    simulation.delayMs = delayMs;
    simulation.delaySource = fromHeader ? 'X-Mock-Delay' : 'profile';
  }
  return simulation;
}

/**
 * A request's log fields: flat, and only those with a value (pino serializes flat primitive
 * fields on its fast path; nested objects cost a JSON.stringify each, measured per request).
 */
function logFields(entry: JournalEntry): Record<string, unknown> {
  const fields: Record<string, unknown> = { method: entry.method, path: entry.path, status: entry.status, ms: entry.durationMs };
  if (entry.auth) {
    fields['auth'] = entry.auth.method;
    fields['key'] = entry.auth.keyName ?? entry.auth.key;
  }
  if (entry.session) fields['session'] = entry.session;
  if (entry.simulation?.error) fields['simulated'] = entry.simulation.error;
  if (entry.simulation?.delayMs !== undefined) fields['delayMs'] = entry.simulation.delayMs;
  return fields;
}

/** The one-line summary of a request: the message of its log line (pretty logs show only this). */
function requestLine(entry: JournalEntry): string {
  let line = `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms`;
  if (entry.auth) line += ` · key ${entry.auth.keyName === null ? entry.auth.key : JSON.stringify(entry.auth.keyName)} by ${entry.auth.method}`;
  if (entry.session) line += ` · session ${entry.session}`;
  if (entry.simulation?.error) line += ` · simulated ${entry.simulation.error}`;
  if (entry.simulation?.delayMs !== undefined) line += ` · delayed ${entry.simulation.delayMs}ms (${entry.simulation.delaySource})`;
  return line;
}
