import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ContractRouter, HandlerResult, RequestState } from '../openapi/contract-router.js';
import type { Logger } from '../logger.js';
import { corsMiddleware } from './cors.js';
import { errorResponse } from './error-response.js';
import { sendJson } from './send-json.js';

export interface AppParts {
  router: ContractRouter;
  /** Violations of the contract's `Error` schema by an envelope sent outside any operation. */
  checkEnvelope: (body: unknown) => string[];
  /** `GET /__mock/health` body. */
  health: () => unknown;
  logger: Logger;
}

/**
 * The express application: CORS, the sandbox's own `/__mock/` endpoints, then every other
 * request through the contract router. Each response is checked against the contract before
 * it is sent; a violation is a sandbox bug, logged and answered as a 500 `server_error`.
 */
export function createApp({ router, checkEnvelope, health, logger }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(corsMiddleware());

  app.get('/__mock/health', (_req, res) => sendJson(res, 200, health()));

  app.use(async (req: Request, res: Response) => {
    const state: RequestState = {};
    let result: HandlerResult;
    try {
      result = await router.route({ method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown> }, state);
    } catch (error) {
      result = errorResponse(error, state.operation, logger);
    }
    const violations = state.operation ? state.operation.checkResponse(result.status, result.body) : checkEnvelope(result.body);
    if (violations.length > 0) {
      logger.error({ status: result.status, violations, operation: state.operation?.operationId }, 'klen-mock produced a response that violates openapi.yaml');
      result = errorResponse(new Error(violations.join('; ')), state.operation, { ...logger, error() {} });
    }
    const headers = { ...result.headers };
    if (state.simulation?.preferenceApplied) headers['Preference-Applied'] = state.simulation.preferenceApplied;
    if (state.simulation?.delayMs) await sleep(state.simulation.delayMs);
    sendJson(res, result.status, result.body, headers);
  });

  // Errors raised by express itself (before our handler runs): same envelope, never HTML.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const result = errorResponse(error, undefined, logger);
    sendJson(res, result.status, result.body, result.headers);
  });
  return app;
}
