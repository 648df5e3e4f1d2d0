import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The requests the benchmark sends, and the status each must get. */
export interface Scenario {
  name: string;
  /** GET unless told. */
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** The request body, sent as is (with the scenario's Content-Type). */
  body?: string;
  expectedStatus: number;
  /** The least ratio to the ceiling (same round) this scenario must reach, if it has a target. */
  target?: number;
  /** Initiate Call: each request starts a call lifecycle, which the benchmark lets finish after the run. */
  startsCalls?: true;
}

const BEARER = { Authorization: 'Bearer klen_abcdef123456789' };

/**
 * Initiate Call creates a call per request (hundreds of thousands in a run), so it acts on a
 * session world of its own: the default world, which Get Calls lists, stays the seed's.
 */
export const INITIATE_SESSION = 'bench-initiate';
export const INITIATE_BODY = JSON.stringify({ phone_number: '+15551234567', agent_id: 123 });

/** Create Contact, like Initiate Call, writes into a world of its own: the default world, which Get Contacts lists, stays the seed's. */
export const CREATE_CONTACT_SESSION = 'bench-create-contact';
/** The Create Contact page's Example Request Body, as openapi.yaml holds it. */
export const CREATE_CONTACT_BODY = JSON.stringify(
  // a path into the YAML, checked by its use: the scenario must answer 201
  (parseYaml(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as any).paths['/api/v1/contacts/create'].post.requestBody.content['application/json'].examples.documented.value,
);

/** Get Availability's week: a future one (so advance notice never cuts it), whose calendar the benchmark fills with AVAILABILITY_EVENTS events. */
export const AVAILABILITY_WEEK = { start: '2031-03-03', end: '2031-03-09' };
export const AVAILABILITY_EVENTS = 200;

/**
 * In the order they run in each round (and are recorded for the ceiling, all before any load).
 * Initiate Call comes last: the world it grows never shares a round with a scenario measured
 * after it, and the benchmark waits for that world's call lifecycles to finish before going on.
 */
export const SCENARIOS: Scenario[] = [
  { name: 'Get Call Details: documented example by id', method: 'GET', path: '/api/v1/calls/123', headers: BEARER, expectedStatus: 200, target: 0.5 },
  { name: 'Get Call Details: by call_id', method: 'GET', path: '/api/v1/calls/call_def456', headers: BEARER, expectedStatus: 200 },
  { name: 'Get Calls (default page)', method: 'GET', path: '/api/v1/calls', headers: BEARER, expectedStatus: 200, target: 0.35 },
  { name: 'Get Contacts (default page)', method: 'GET', path: '/api/v1/contacts', headers: BEARER, expectedStatus: 200 },
  {
    name: `Get Availability (a week, 30-minute slots, ${AVAILABILITY_EVENTS} events)`,
    method: 'GET',
    path: `/api/v1/calendar/availability?start_date=${AVAILABILITY_WEEK.start}&end_date=${AVAILABILITY_WEEK.end}&duration=30`,
    headers: BEARER,
    expectedStatus: 200,
    target: 0.2,
  },
  { name: '404 not_found', method: 'GET', path: '/api/v1/calls/999999', headers: BEARER, expectedStatus: 404 },
  { name: '401 authentication_required', method: 'GET', path: '/api/v1/calls/123', headers: {}, expectedStatus: 401 },
  { name: 'simulated 500 (X-Mock-Error)', method: 'GET', path: '/api/v1/calls/123', headers: { ...BEARER, 'X-Mock-Error': 'server_error' }, expectedStatus: 500 },
  {
    name: 'Create Contact (documented example)',
    method: 'POST',
    path: '/api/v1/contacts/create',
    headers: { ...BEARER, 'Content-Type': 'application/json', 'X-Mock-Session': CREATE_CONTACT_SESSION },
    body: CREATE_CONTACT_BODY,
    expectedStatus: 201,
  },
  {
    name: 'Initiate Call',
    method: 'POST',
    path: '/api/v1/calls',
    headers: { ...BEARER, 'Content-Type': 'application/json', 'X-Mock-Session': INITIATE_SESSION },
    body: INITIATE_BODY,
    expectedStatus: 201,
    target: 0.3,
    startsCalls: true,
  },
];

/** How the ceiling server tells scenarios apart: method, path, whether a key was sent, X-Mock-Error. */
export function scenarioKey(method: string, path: string, headers: Record<string, string | string[] | undefined>): string {
  return `${method}|${path}|${headers['authorization'] === undefined ? '' : 'key'}|${String(headers['x-mock-error'] ?? '')}`;
}
