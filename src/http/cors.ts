import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/** Request headers a browser app may send: the three auth methods', the body's type and the sandbox controls. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'X-Mock-Session', 'X-Mock-Error', 'X-Mock-Delay', 'Prefer', 'Content-Type', 'Accept'];

/** Response headers a browser app may read besides the safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['Retry-After', 'Preference-Applied', 'Allow', 'Location'];

/**
 * The CORS headers of every non-preflight response. Constant (any origin, no credentials:
 * keys travel in headers or the query), so they are set as they are rather than computed.
 */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(','),
};

/** Answers a CORS preflight (204) with the `cors` package. */
export function corsPreflight(): (req: IncomingMessage, res: ServerResponse) => void {
  const middleware = cors({
    origin: '*',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  return (req, res) =>
    middleware(req as never, res as never, () => {
      // cors ends every OPTIONS preflight itself; reaching here would be a bug in the wiring
      res.writeHead(204).end();
    });
}
