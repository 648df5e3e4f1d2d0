import type { ExternalCalendarIds } from '../world/records.js';

export const EXTERNAL_CALENDARS = ['google', 'outlook', 'gohighlevel'] as const;

/**
 * The ids an event gets in the external calendars its team has connected (Get Event Details'
 * `external_calendars`; Inferred: only when `sync_external_calendars` is on). Derived from the
 * event's UUID, so they are stable and every world gives the same event the same ids; each is
 * shaped like the service's own: Google's base32hex ids, Outlook's `AAMk…` ids, GoHighLevel's
 * 20-character ones.
 */
export function externalCalendarIds(uuid: string, connected: readonly (keyof ExternalCalendarIds)[], sync: boolean): ExternalCalendarIds {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  const on = (name: keyof ExternalCalendarIds) => sync && connected.includes(name);
  return {
    google: on('google') ? hex : null,
    outlook: on('outlook') ? `AAMkA${Buffer.from(hex, 'hex').toString('base64url')}` : null,
    gohighlevel: on('gohighlevel') ? hex.slice(0, 20) : null,
  };
}
