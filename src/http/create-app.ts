import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRoutes } from '../admin/admin-routes.js';
import type { AdminAccess } from '../admin/admin-access.js';
import type { JournalEntry, RequestJournal } from '../admin/request-journal.js';
import { maskKey, maskQuery } from '../auth/mask-key.js';
import type { DelayProfile } from '../latency/delay-profile.js';
import type { Logger } from '../logging/logger.js';
import type { HandlerResult, RequestState } from '../openapi/contract-router.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import { corsMiddleware } from './cors.js';
import { errorResponse } from './error-response.js';
import { sendJson } from './send-json.js';

export interface AppParts {
  /** The current contract, fixtures and router (replaced as a whole by a hot reload). */
  runtime: () => SandboxRuntime;
  journal: RequestJournal;
  /** The latency profile, if any; `X-Mock-Delay` wins over it. */
  delays: DelayProfile | undefined;
  admin: AdminAccess;
  logger: Logger;
  version: string;
}

/**
 * The express application: CORS, the admin API under `/__mock/`, then every other request
 * through the contract router. Each response is checked against the contract before it is
 * sent; a violation is a sandbox bug, logged and answered as a 500 `server_error`. Each API
 * request ends as one journal entry and one log line.
 */
export function createApp({ runtime, journal, delays, admin, logger, version }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(corsMiddleware());
  if (admin !== 'off') app.use('/__mock', adminRoutes({ access: admin, runtime, journal, version }));

  app.use(async (req: Request, res: Response) => {
    const started = performance.now();
    const arrived = new Date();
    const current = runtime();
    const state: RequestState = {};
    let result: HandlerResult;
    try {
      result = await current.router.route({ method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown> }, state);
    } catch (error) {
      result = errorResponse(error, state.operation, logger);
    }
    const violations = state.operation ? state.operation.checkResponse(result.status, result.body) : current.checkEnvelope(result.body);
    if (violations.length > 0) {
      logger.error({ status: result.status, violations, operation: state.operation?.operationId }, 'klen-mock produced a response that violates openapi.yaml');
      result = errorResponse(new Error(violations.join('; ')), state.operation, { ...logger, error() {} });
    }
    const headers = { ...result.headers };
    if (state.simulation?.preferenceApplied) headers['Preference-Applied'] = state.simulation.preferenceApplied;
    const headerDelay = state.simulation?.delayHeader;
    const delayMs = headerDelay ?? delays?.next() ?? 0;
    if (delayMs > 0) await sleep(delayMs);
    sendJson(res, result.status, result.body, headers);

    const entry: JournalEntry = {
      time: arrived.toISOString(),
      method: req.method,
      path: req.path,
      query: maskQuery(req.query as Record<string, unknown>, current.keyQueryParameters),
      status: result.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      auth: state.credential ? { method: state.credential.method, key: maskKey(state.credential.key), keyName: state.key?.name ?? null } : null,
      simulation: simulationOf(state, delayMs, headerDelay !== undefined),
    };
    journal.add(entry);
    const { time: _arrived, ...fields } = entry; // pino stamps its own time
    logger.info(fields, requestLine(entry));
  });

  // Errors raised by express itself (before our handler runs): same envelope, never HTML.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const result = errorResponse(error, undefined, logger);
    sendJson(res, result.status, result.body, result.headers);
  });
  return app;
}

function simulationOf(state: RequestState, delayMs: number, fromHeader: boolean): JournalEntry['simulation'] {
  const simulation: NonNullable<JournalEntry['simulation']> = {};
  const error = state.simulation?.error?.code ?? state.keySimulation;
  if (error) simulation.error = error;
  if (state.simulation?.preferenceApplied) simulation.preferenceApplied = state.simulation.preferenceApplied;
  if (delayMs > 0 || fromHeader) {
    simulation.delayMs = delayMs;
    simulation.delaySource = fromHeader ? 'X-Mock-Delay' : 'profile';
  }
  return Object.keys(simulation).length > 0 ? simulation : null;
}

/** The one-line summary of a request: what pretty logs show (JSON logs carry every field too). */
function requestLine(entry: JournalEntry): string {
  const parts = [`${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms`];
  if (entry.auth) parts.push(`key ${entry.auth.keyName === null ? entry.auth.key : JSON.stringify(entry.auth.keyName)} by ${entry.auth.method}`);
  if (entry.simulation?.error) parts.push(`simulated ${entry.simulation.error}`);
  if (entry.simulation?.delayMs !== undefined) parts.push(`delayed ${entry.simulation.delayMs}ms (${entry.simulation.delaySource})`);
  return parts.join(' · ');
}
