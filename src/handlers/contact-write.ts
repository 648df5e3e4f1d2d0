import type { components } from '../../types/openapi.js';
import type { ApiKey } from '../auth/api-key.js';
import { ApiError } from '../errors/api-error.js';
import { checkValue } from '../world/context-values.js';
import { composeContact, type ContactWritable } from '../world/contact-fields.js';
import type { ContactPhoneNumber, ContactRecord } from '../world/records.js';
import { isoSeconds, type World } from '../world/world.js';

type ContactBody = components['schemas']['PatchContactRequest'];
type PhoneInput = components['schemas']['ContactPhoneNumberInput'];

/** How a write treats what it does not send: `create` and `replace` (PUT) start from the defaults, `patch` from the contact. */
export type ContactWriteMode = 'create' | 'replace' | 'patch';

/** Inferred: the reason a number marked `do_not_call` through the API shows. */
export const API_DNC_REASON = 'Marked do_not_call through the API';

/**
 * The contact a Create / Update Contact body leaves, or the refusal. The body is already valid
 * against its schema (with the contract's defaults filled in for create and PUT); this checks
 * what a schema cannot say, in this order: the phone numbers (ids of this contact's numbers,
 * each number once, one primary), the values of defined context variables, then `team_id`.
 * Ids of new phone numbers are taken only once the write is known to succeed.
 */
export function writeContact(world: World, key: ApiKey, mode: ContactWriteMode, body: ContactBody, previous?: ContactRecord): ContactRecord | ApiError {
  const now = isoSeconds(world.clock.now());
  const phones = phoneNumbers(mode, body.phone_numbers, previous?.phone_numbers ?? []);
  if (phones instanceof ApiError) return phones;
  for (const field of ['custom_context', 'industry_context'] as const) {
    const overflow = body[field] === undefined ? undefined : nonFiniteNumber(body[field], `/${field}`);
    if (overflow !== undefined) return new ApiError(400, 'validation_error', `Invalid request: ${overflow} is a number too large for JSON (it reads as Infinity)`);
  }
  const customContext = body.custom_context === undefined ? (mode === 'patch' && previous ? previous.custom_context : {}) : checkedContext(world, key.team_id, body.custom_context);
  if (customContext instanceof ApiError) return customContext;
  if (body.team_id !== undefined && body.team_id !== key.team_id) {
    return world.team(body.team_id) ? new ApiError(403, 'team_access_denied') : new ApiError(404, 'team_not_found');
  }

  const kept = mode === 'patch' && previous ? previous : undefined;
  /** A field the body sends, else the contact's (patch) or the empty value (create, PUT). */
  const field = <K extends keyof ContactBody>(name: K, empty: NonNullable<ContactBody[K]> | null) => (body[name] !== undefined ? body[name] : kept ? undefined : empty);
  const writable: ContactWritable = {
    first_name: body.first_name ?? kept?.first_name ?? '',
    last_name: pick(field('last_name', null), kept?.last_name),
    email: pick(field('email', null), kept?.email),
    company: pick(field('company', null), kept?.company),
    website: pick(field('website', null), kept?.website),
    stage: body.stage ?? kept?.stage ?? 'lead',
    status: body.status ?? kept?.status ?? 'not_contacted',
    address: {
      street: pick(field('address', null), kept?.address.street),
      city: pick(field('city', null), kept?.address.city),
      state: pick(field('state', null), kept?.address.state),
      zip_code: pick(field('zip_code', null), kept?.address.zip_code),
      country: body.country ?? kept?.address.country ?? 'US',
    },
    phone_numbers: phones.map((phone) => withDnc(phone, previous?.phone_numbers.find((p) => p.id === phone.id), now, world)),
    tags: body.tags === undefined ? kept?.tags ?? [] : [...new Set(body.tags)],
    custom_context: customContext,
    industry_context: body.industry_context ?? kept?.industry_context ?? {},
  };
  return composeContact(
    {
      ...writable,
      id: previous?.id ?? world.contacts.newContactId(),
      created_date: previous?.created_date ?? now,
      last_call_date: previous?.last_call_date ?? null,
      recent_notes: previous?.recent_notes ?? [],
      team: { id: key.team_id, name: world.team(key.team_id)?.name ?? '' },
    },
    previous,
  );
}

/** A field's value: what the body sent (null included), else the kept one, else null. */
function pick<T>(sent: T | null | undefined, kept: T | null | undefined): T | null {
  return sent !== undefined ? sent : kept ?? null;
}

/** A number before its Do Not Call date and its id are settled: `id` 0 for a new one. */
type PendingPhone = Omit<ContactPhoneNumber, 'dnc_date' | 'dnc_reason'>;

/**
 * The contact's numbers after the write. `patch` without `phone_numbers` keeps them; otherwise an
 * entry with an `id` updates that number (the fields it leaves out keep their values), one without
 * adds a number (`mobile`, not primary, not Do Not Call unless said), and `patch` keeps the numbers
 * it does not list while create and PUT drop them. One number marked primary makes the others not
 * primary; with none, the previous primary stays, or the first number becomes it.
 */
function phoneNumbers(mode: ContactWriteMode, entries: readonly PhoneInput[] | undefined, existing: readonly ContactPhoneNumber[]): PendingPhone[] | ApiError {
  if (entries === undefined) return mode === 'patch' ? [...existing] : [];
  const invalid = (detail: string) => new ApiError(400, 'validation_error', `Invalid request: ${detail}`);
  const updated = new Map<number, PendingPhone>();
  /** The entries of this request, settled, in the request's order. */
  const listed: PendingPhone[] = [];
  const marked = new Set<PendingPhone>();
  for (const [i, entry] of entries.entries()) {
    let phone: PendingPhone;
    if (entry.id === undefined) {
      phone = { id: 0, phone_number: entry.phone_number, phone_type: entry.phone_type ?? 'mobile', primary: entry.primary ?? false, do_not_call: entry.do_not_call ?? false };
    } else {
      const current = existing.find((p) => p.id === entry.id);
      if (!current) return invalid(`/phone_numbers/${i}/id ${entry.id} is not a phone number of this contact (leave the id out to add a number)`);
      if (updated.has(entry.id)) return invalid(`/phone_numbers/${i}/id ${entry.id} is listed twice`);
      phone = { id: current.id, phone_number: entry.phone_number, phone_type: entry.phone_type ?? current.phone_type, primary: entry.primary ?? current.primary, do_not_call: entry.do_not_call ?? current.do_not_call };
      updated.set(entry.id, phone);
    }
    listed.push(phone);
    if (entry.primary === true) marked.add(phone);
  }
  // patch keeps the numbers it does not list, in place, and adds the new ones after them
  const result = mode === 'patch' ? [...existing.map((p) => updated.get(p.id) ?? p), ...listed.filter((p) => p.id === 0)] : listed;
  const seen = new Set<string>();
  for (const phone of result) {
    if (seen.has(phone.phone_number)) return invalid(`phone number ${phone.phone_number} is listed twice`);
    seen.add(phone.phone_number);
  }
  if (marked.size > 1) return invalid('at most one phone number can be primary');
  const primary = marked.values().next().value ?? result.find((p) => p.primary) ?? result[0];
  return result.map((p) => ({ ...p, primary: p === primary }));
}

/** A settled number: a new one gets its id; `dnc_date` is when it was marked Do Not Call (now, if by this write). */
function withDnc(phone: PendingPhone, before: ContactPhoneNumber | undefined, now: string, world: World): ContactPhoneNumber {
  const id = phone.id === 0 ? world.contacts.newPhoneId() : phone.id;
  if (!phone.do_not_call) return { ...phone, id, dnc_date: null, dnc_reason: null };
  if (before?.do_not_call) return { ...phone, id, dnc_date: before.dnc_date, dnc_reason: before.dnc_reason };
  return { ...phone, id, dnc_date: now, dnc_reason: API_DNC_REASON };
}

/**
 * Where a free-form value holds a number JSON.parse read as ±Infinity (`1e999`), as a JSON pointer.
 * Stored, it would come back as `null`: refused instead, so what a client wrote is what it reads
 * back. The body's nesting is bounded (64 levels), so the walk is too.
 */
function nonFiniteNumber(value: unknown, pointer: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : pointer;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [name, inner] of Object.entries(value)) {
    const found = nonFiniteNumber(inner, `${pointer}/${name}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A `custom_context` as it will be stored: values of the team's defined contact variables must
 * fit their type and are normalized, as Set Contact Context stores them; other names are kept
 * as sent (Create Contact takes any custom fields).
 */
function checkedContext(world: World, teamId: number, context: Readonly<Record<string, unknown>>): Record<string, unknown> | ApiError {
  const entries: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(context)) {
    const variable = value === null ? undefined : world.variables.byName(teamId, 'contact', name);
    if (!variable) {
      entries.push([name, value]);
      continue;
    }
    const checked = checkValue(variable, value);
    if (!checked.ok) return new ApiError(400, 'validation_error', `Invalid request: /custom_context/${name} is a ${variable.variable_type} context variable: it must be ${checked.expected}`);
    entries.push([name, checked.value]);
  }
  return Object.fromEntries(entries);
}
