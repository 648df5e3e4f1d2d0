import cors from 'cors';

/** Request headers a browser app may send: the three auth methods' and the sandbox controls. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'X-Mock-Error', 'X-Mock-Delay', 'Prefer', 'Content-Type', 'Accept'];

/** Response headers a browser app may read besides the safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['Retry-After', 'Preference-Applied', 'Allow'];

/**
 * CORS for browser apps on any origin: preflights answered with 204, and
 * `Access-Control-Allow-Origin: *` on every response. No cookies are involved (keys travel in
 * headers or the query), so the wildcard origin is enough.
 */
export function corsMiddleware() {
  return cors({
    origin: '*',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}
