import type { IncomingHttpHeaders } from 'node:http';
import { readSessionName, type WorldResolver } from '../world/sessions.js';

/** `ics_url`'s path: `/calendar/event/{uuid}/calendar.ics` (relative to the sandbox, as the pages write it relative to the API's host). */
export const ICS_PATH = /^\/calendar\/event\/([^/]+)\/calendar\.ics$/;

export interface IcsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The session world it was read from, if not the default one. */
  session?: string;
}

/**
 * The answer to a request for an event's iCalendar file. No API key (Inferred: "add to
 * calendar" links are opened by browsers and calendar apps, which cannot send one; the UUID,
 * unguessable, is the capability, as in the real `ics_url`). The world is the default one, or a
 * session named by `X-Mock-Session` or, for a link, the `session` query parameter. An unknown
 * UUID is the Calendar pages' 404, in the JSON envelope.
 */
export async function icsResponse(method: string, path: string, query: Record<string, unknown>, headers: IncomingHttpHeaders, worlds: WorldResolver): Promise<IcsResponse> {
  const json = (status: number, error: string, message: string, extra: Record<string, string> = {}): IcsResponse => ({
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...extra },
    body: JSON.stringify({ error, message }),
  });
  if (method !== 'GET' && method !== 'HEAD') return json(405, 'method_not_allowed', `${method} is not allowed here: an event's iCalendar file is read with GET`, { Allow: 'GET, HEAD' });
  const sessionParameter = query['session'];
  const session = readSessionName(headers['x-mock-session'] ?? (typeof sessionParameter === 'string' ? sessionParameter : undefined));
  if (typeof session === 'object') return json(400, session.code, session.message);
  const world = worlds.resolve(session);
  // a UUID has nothing to percent-decode: the path segment is compared as it is
  const event = world.calendar.findByUuid(ICS_PATH.exec(path)?.[1] ?? '');
  if (!event) return { ...json(404, 'not_found', 'Event not found or you do not have access'), ...(session ? { session } : {}) };
  // loaded on the first file asked for: ical-generator costs start-up about 14 ms, and most runs serve no .ics
  const { eventIcs } = await import('../calendar/ics.js');
  return {
    status: 200,
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="calendar.ics"' },
    body: eventIcs(event, world.team(event.team_id)?.name ?? 'Klen AI'),
    ...(session ? { session } : {}),
  };
}
