/**
 * The bulk contacts of a sized fixture set: after the shipped ones, seeded contacts up to the
 * total asked, most of them the example key's team's (101), with every stage, status and tag a
 * realistic fraction of them, so each Get Contacts filter matches many and few. Their
 * `last_call_date` is set by the bulk calls (bulk-calls.ts), which call only these contacts.
 */
import type { components } from '../types/openapi.js';
import type { Draws, LocalePool, Pools } from './bulk-draws.js';
import { REFERENCE_DATE, iso } from './generate-calls.js';
import { ACTIVITY_NOTES, COMPANY_SIZES, INDUSTRIES, PHONE_TYPES, TAGS, US_STATES, ascii, contact, phone } from './generate-contacts.js';
import { TEAMS } from './seed-records.js';

type Contact = components['schemas']['Contact'];

/** Ids of the bulk contacts, their phone numbers and notes start here (above the shipped ones). */
export const FIRST_BULK_CONTACT_ID = 10_001;
const FIRST_BULK_PHONE_ID = 100_001;
const FIRST_BULK_NOTE_ID = 100_001;

/** The teams' shares of the bulk records: the example key's team holds most. */
export const TEAM_WEIGHTS = [[101, 80], [202, 15], [303, 5]] as const;
const STAGES = [['lead', 40], ['qualified_lead', 20], ['prospect', 25], ['customer', 15]] as const;
const STATUSES = [['not_contacted', 35], ['contacted', 25], ['interested', 15], ['not_interested', 10], ['callback_requested', 10], ['active', 5]] as const;
/** The shipped tags, and Jane Smith's `Customer`. */
const BULK_TAGS = [...TAGS, 'Customer'];
/** Number prefixes by country (the shipped contacts' own), and the first line number of the bulk ones. */
const PREFIXES: Record<string, string> = { US: '+1555', GB: '+4420', DE: '+4930', FR: '+3314', ES: '+3491', PL: '+4822', JP: '+8103' };
const FIRST_LINE = 3_000_000;
const EARLIEST_CREATED = Date.parse('2023-01-01T00:00:00Z');

/**
 * `count` contacts numbered from FIRST_BULK_CONTACT_ID. Phone numbers are numbered per country
 * prefix, skipping the numbers the shipped set uses (`takenNumbers`), so no bulk contact shares
 * a number with a documented one.
 */
export function bulkContacts(count: number, draws: Draws, pools: Pools, takenNumbers: ReadonlySet<string>): Contact[] {
  const lines = new Map<string, number>();
  const nextNumber = (country: string): string => {
    const prefix = PREFIXES[country] ?? (PREFIXES['US'] as string);
    let line = lines.get(prefix) ?? FIRST_LINE;
    let number = `${prefix}${line}`;
    while (takenNumbers.has(number)) number = `${prefix}${(line += 1)}`;
    lines.set(prefix, line + 1);
    return number;
  };
  let phoneId = FIRST_BULK_PHONE_ID;
  let noteId = FIRST_BULK_NOTE_ID;
  const contacts: Contact[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = FIRST_BULK_CONTACT_ID + n;
    const teamId = draws.weighted(TEAM_WEIGHTS);
    const team = TEAMS.find((t) => t.id === teamId) as (typeof TEAMS)[number];
    // half the names English, the rest German, French, Spanish, Polish and Japanese
    const locale = draws.chance(0.5) ? (pools.locales[0] as LocalePool) : draws.pick(pools.locales.slice(1));
    const firstName = draws.pick(locale.firstNames);
    const lastName = draws.chance(0.08) ? null : draws.pick(locale.lastNames);
    const country = locale.country === 'US' && draws.chance(0.15) ? 'GB' : locale.country;
    const company = draws.chance(0.3) ? null : draws.pick(pools.companies);
    const created = EARLIEST_CREATED + Math.floor(draws.next() * (REFERENCE_DATE.getTime() - 3_600_000 - EARLIEST_CREATED));
    const numbers = draws.chance(0.05) ? 0 : draws.chance(0.2) ? 2 : 1;
    const phones = Array.from({ length: numbers }, (_, i) => phone(phoneId++, nextNumber(country), i === 0 ? draws.pick(PHONE_TYPES) : 'work', i === 0));
    const noted = draws.chance(0.3);
    contacts.push(
      contact({
        id,
        first_name: firstName,
        last_name: lastName,
        email: draws.chance(0.12) ? null : emailOf(firstName, lastName, id),
        company,
        stage: draws.weighted(STAGES),
        status: draws.weighted(STATUSES),
        address: draws.chance(0.2)
          ? { street: null, city: null, state: null, zip_code: null, country }
          : { street: `${draws.int(1, 9999)} ${draws.pick(pools.streets)}`, city: draws.pick(pools.cities), state: country === 'US' ? draws.pick(US_STATES) : null, zip_code: String(draws.int(10000, 99999)), country },
        created_date: iso(new Date(Math.floor(created / 1000) * 1000)),
        last_call_date: null,
        phone_numbers: phones,
        tags: draws.some(BULK_TAGS, draws.weighted([[0, 30], [1, 35], [2, 25], [3, 10]])),
        recent_notes: noted
          ? [{ id: noteId++, content: draws.pick(ACTIVITY_NOTES), created_at: iso(new Date(Math.floor((created + draws.next() * (REFERENCE_DATE.getTime() - created)) / 1000) * 1000)), note_type: 'activity', call_result: null }]
          : [],
        custom_context: customContext(draws, teamId),
        industry_context: company === null ? {} : { industry: draws.pick(INDUSTRIES), company_size: draws.pick(COMPANY_SIZES) },
        team: { id: team.id, name: team.name },
      }),
    );
  }
  return contacts;
}

/** `first.last123@example.com`: ASCII letters of the names, and the id's last digits (names repeat, addresses rarely). */
function emailOf(firstName: string, lastName: string | null, id: number): string {
  const part = (text: string) => ascii(text).toLowerCase().replace(/[^a-z0-9]+/g, '') || 'contact';
  return `${part(firstName)}.${part(lastName ?? 'lead')}${id % 1000}@example.com`;
}

/** Values of the context variables the team sees (seed-records.ts), normalized as the sandbox stores them. */
function customContext(draws: Draws, teamId: number): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (draws.chance(0.4)) context['preferred_language'] = draws.pick(['English', 'Spanish', 'French', 'German']);
  if (teamId === 101 && draws.chance(0.5)) context['membership_level'] = draws.pick(['Bronze', 'Silver', 'Gold', 'Platinum']);
  if (teamId === 202 && draws.chance(0.5)) context['contract_value'] = draws.int(10, 500) * 100;
  return context;
}
