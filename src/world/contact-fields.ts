import { displayName } from './display-name.js';
import type { CallContact, ContactRecord } from './records.js';
import { timezoneOf } from './timezones.js';

/** What a client writes of a contact (Create / Update Contact); the rest is derived or kept by the world. */
export type ContactWritable = Pick<ContactRecord, 'first_name' | 'last_name' | 'email' | 'company' | 'website' | 'stage' | 'status' | 'address' | 'phone_numbers' | 'tags' | 'custom_context' | 'industry_context'>;

/** What the world keeps of a contact besides what clients write. */
export type ContactKept = Pick<ContactRecord, 'id' | 'created_date' | 'last_call_date' | 'recent_notes' | 'team'>;

/** How many notes a contact keeps: the ones Get Contact Details shows as `recent_notes`. */
export const RECENT_NOTES = 10;

/** "John Doe"; the first name alone when there is no last name. */
export function fullName(first: string, last: string | null): string {
  return last === null || last.trim() === '' ? first : `${first} ${last}`;
}

/**
 * A whole contact record, in the order of the contract's `Contact`, with the fields the docs show
 * as derived from others: the full name, the display names and the timezone. Every write of a
 * contact goes through here, so they never drift. The timezone is derived from the address when
 * the contact is new or its address changed, and otherwise kept (a fixture may give a contact a
 * zone the derivation's table does not know).
 */
export function composeContact(fields: ContactWritable & ContactKept, previous?: Pick<ContactRecord, 'address' | 'timezone'>): ContactRecord {
  const address = fields.address;
  const sameAddress = previous !== undefined && (['street', 'city', 'state', 'zip_code', 'country'] as const).every((part) => previous.address[part] === address[part]);
  return {
    id: fields.id,
    first_name: fields.first_name,
    last_name: fields.last_name,
    full_name: fullName(fields.first_name, fields.last_name),
    email: fields.email,
    company: fields.company,
    website: fields.website,
    stage: fields.stage,
    stage_display: displayName(fields.stage),
    status: fields.status,
    status_display: displayName(fields.status),
    address,
    timezone: sameAddress ? previous.timezone : timezoneOf(address.country, address.state),
    created_date: fields.created_date,
    last_call_date: fields.last_call_date,
    phone_numbers: fields.phone_numbers,
    tags: fields.tags,
    recent_notes: fields.recent_notes,
    custom_context: fields.custom_context,
    industry_context: fields.industry_context,
    team: fields.team,
  };
}

/** The contact block of a call (Get Call Details): the contact record, seen from the call. */
export function callContactOf(contact: ContactRecord): CallContact {
  return {
    id: contact.id,
    name: contact.full_name,
    email: contact.email,
    company: contact.company,
    status: contact.status,
    stage: contact.stage,
    last_call_date: contact.last_call_date,
  };
}

/** The primary phone number (Get Contacts' `phone`), if the contact has numbers. */
export function primaryPhone(contact: Pick<ContactRecord, 'phone_numbers'>): string | null {
  return (contact.phone_numbers.find((p) => p.primary) ?? contact.phone_numbers[0])?.phone_number ?? null;
}
