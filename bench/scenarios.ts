/** The requests the benchmark sends, and the status each must get. */
export interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
  expectedStatus: number;
}

const BEARER = { Authorization: 'Bearer klen_abcdef123456789' };

export const SCENARIOS: Scenario[] = [
  { name: 'documented example by id', path: '/api/v1/calls/123', headers: BEARER, expectedStatus: 200 },
  { name: 'documented example by call_id', path: '/api/v1/calls/call_def456', headers: BEARER, expectedStatus: 200 },
  { name: '404 not_found', path: '/api/v1/calls/999999', headers: BEARER, expectedStatus: 404 },
  { name: '401 authentication_required', path: '/api/v1/calls/123', headers: {}, expectedStatus: 401 },
  { name: 'simulated 500 (X-Mock-Error)', path: '/api/v1/calls/123', headers: { ...BEARER, 'X-Mock-Error': 'server_error' }, expectedStatus: 500 },
];

/** How the ceiling server tells scenarios apart: path, whether a key was sent, X-Mock-Error. */
export function scenarioKey(path: string, headers: Record<string, string | string[] | undefined>): string {
  return `${path}|${headers['authorization'] === undefined ? '' : 'key'}|${String(headers['x-mock-error'] ?? '')}`;
}
