/**
 * Generates the sandbox's contacts: the people of the seeded calls (each call's `contact` is
 * the contact record as a call shows it, so the two files agree), the documented contacts, and
 * leads nobody has called yet. Deterministic like the calls: a faker of its own with a fixed seed
 * (so calls.json stays byte-identical), the fixed reference date, no clock.
 */
import { Faker, base, de, en, es, fr, ja, pl } from '@faker-js/faker';
import type { components } from '../types/openapi.js';
import { timezoneOf } from '../src/world/timezones.js';
import { displayName } from '../src/world/display-name.js';
import { REFERENCE_DATE, SEED, iso, type ContactNames } from './generate-calls.js';
import { TEAMS } from './seed-records.js';

type Call = components['schemas']['Call'];
type Contact = components['schemas']['Contact'];
type PhoneNumber = components['schemas']['ContactPhoneNumber'];
type Note = components['schemas']['ContactNote'];

/** Leads of each team that no seeded call has reached yet (team 101 gets more than a page of 25 contacts in all). */
const UNCALLED_LEADS: Record<number, number> = { 101: 30, 202: 8, 303: 4 };
/** Ids of the generated contacts without calls, of their phone numbers and of notes. */
const FIRST_LEAD_ID = 900;
const FIRST_PHONE_ID = 1000;
const FIRST_NOTE_ID = 2000;

const COUNTRY_BY_PREFIX: Record<string, string> = { '+1555': 'US', '+4420': 'GB', '+4930': 'DE', '+3314': 'FR', '+3491': 'ES', '+4822': 'PL', '+8103': 'JP' };
export const US_STATES = ['CA', 'NY', 'TX', 'WA', 'IL', 'FL', 'CO', 'MA', 'AZ', 'GA'];
export const TAGS = ['VIP', 'Interested', 'Follow-up', 'Enterprise', 'Newsletter', 'Webinar', 'Referral', 'Hot Lead', 'Renewal'];
export const PHONE_TYPES = ['mobile', 'mobile', 'work', 'home'];
export const INDUSTRIES = ['Software', 'Healthcare', 'Retail', 'Manufacturing', 'Financial Services', 'Education', 'Logistics'];
export const COMPANY_SIZES = ['1-10', '11-50', '50-200', '200-1000', '1000+'];
const LEAD_STAGES = ['lead', 'lead', 'prospect'];
export const ACTIVITY_NOTES = ['Downloaded the pricing guide.', 'Asked for a demo by email.', 'Attended the product webinar.', 'Sent follow-up email with pricing details.', 'Requested a callback next week.'];
const LOCALES = [[en, base], [de, en, base], [fr, en, base], [es, en, base], [pl, en, base], [ja, en, base]];

/** Jane Smith, the Get Contacts page's second contact: her number is on the Do Not Call list. */
const JANE_SMITH: Contact = {
  id: 124,
  first_name: 'Jane',
  last_name: 'Smith',
  full_name: 'Jane Smith',
  email: 'jane.smith@example.com',
  company: 'XYZ Inc',
  website: 'https://xyz.example.com',
  stage: 'customer',
  stage_display: 'Customer',
  status: 'active',
  status_display: 'Active',
  address: { street: '500 Market St', city: 'San Francisco', state: 'CA', zip_code: '94104', country: 'US' },
  timezone: 'America/Los_Angeles',
  created_date: '2025-01-10T08:45:00Z',
  last_call_date: '2025-04-20T11:30:00Z',
  phone_numbers: [{ id: 459, phone_number: '+15559876543', phone_type: 'mobile', primary: true, do_not_call: true, dnc_date: '2025-04-20T11:35:00Z', dnc_reason: 'The customer asked not to be called' }],
  tags: ['Customer', 'Enterprise'],
  recent_notes: [{ id: 792, content: 'Asked not to be called again; prefers email.', created_at: '2025-04-20T11:35:00Z', note_type: 'activity', call_result: null }],
  custom_context: { membership_level: 'Platinum', preferred_language: 'English' },
  industry_context: { industry: 'Retail', company_size: '1000+' },
  team: { id: 101, name: 'Sales Team' },
};

/**
 * John Doe, the contact of the documented call (Get Call Details: id 789), with what the Get
 * Contact Details page shows of him (there as id 123); his last call is the documented call, which
 * left a call note.
 */
function johnDoe(call: Call): Contact {
  return {
    id: 789,
    first_name: 'John',
    last_name: 'Doe',
    full_name: 'John Doe',
    email: 'john.doe@example.com',
    company: 'Acme Corp',
    website: 'https://acme.example.com',
    stage: 'qualified_lead',
    stage_display: 'Qualified Lead',
    status: 'contacted',
    status_display: 'Contacted',
    address: { street: '123 Main St', city: 'San Francisco', state: 'CA', zip_code: '94105', country: 'US' },
    timezone: 'America/Los_Angeles',
    created_date: '2025-03-15T10:30:00Z',
    last_call_date: call.ended_at,
    phone_numbers: [
      { id: 456, phone_number: '+15551234567', phone_type: 'mobile', primary: true, do_not_call: false, dnc_date: null, dnc_reason: null },
      { id: 457, phone_number: '+15552345678', phone_type: 'work', primary: false, do_not_call: false, dnc_date: null, dnc_reason: null },
    ],
    tags: ['VIP', 'Interested', 'Follow-up'],
    recent_notes: [
      { id: 789, content: 'Customer expressed interest in the premium package. Will follow up next week.', created_at: '2025-04-22T14:45:30Z', note_type: 'call_note', call_result: 'interested' },
      { id: 790, content: 'Sent follow-up email with pricing details.', created_at: '2025-04-22T15:10:00Z', note_type: 'activity', call_result: null },
      { id: 791, content: call.summary ?? '', created_at: call.ended_at ?? '', note_type: 'call_note', call_result: 'completed' },
    ],
    custom_context: { lead_source: 'Website', budget: '$5,000-$10,000', decision_maker: true },
    industry_context: { industry: 'Software', company_size: '50-200' },
    team: { id: 101, name: 'Sales Team' },
  };
}

export function generateContacts(calls: readonly Call[], names: ContactNames): Contact[] {
  const faker = new Faker({ locale: [en, base], seed: SEED + 100 });
  faker.setDefaultRefDate(REFERENCE_DATE);
  let phoneId = FIRST_PHONE_ID;
  let noteId = FIRST_NOTE_ID;
  const ids = { phone: () => phoneId++, note: () => noteId++ };

  const contacts: Contact[] = [JANE_SMITH];
  for (const call of calls) {
    if (!call.contact || contacts.some((c) => c.id === call.contact?.id)) continue;
    if (call.contact.id === 789) {
      contacts.push(johnDoe(call));
      continue;
    }
    const name = names.get(call.contact.id);
    if (!name) throw new Error(`the call generator recorded no name for contact ${call.contact.id}`);
    contacts.push(calledContact(faker, ids, call, name));
  }
  const localFakers = LOCALES.map((locale, i) => {
    const f = new Faker({ locale, seed: SEED + 200 + i });
    f.setDefaultRefDate(REFERENCE_DATE);
    return f;
  });
  let leadId = FIRST_LEAD_ID;
  for (const team of TEAMS) {
    for (let n = 0; n < (UNCALLED_LEADS[team.id] ?? 0); n += 1) contacts.push(uncalledLead(faker, localFakers[leadId % localFakers.length] as Faker, ids, leadId++, { id: team.id, name: team.name }, n));
  }
  return contacts.sort((a, b) => a.id - b.id);
}

/** A contact of a seeded call: what the call shows of them, and the rest drawn. */
function calledContact(faker: Faker, ids: { phone: () => number; note: () => number }, call: Call, name: { firstName: string; lastName: string }): Contact {
  const shown = call.contact as NonNullable<Call['contact']>;
  const prefix = call.phone_number.slice(0, 5);
  const country = COUNTRY_BY_PREFIX[prefix] ?? 'US';
  const phones: PhoneNumber[] = [phone(ids.phone(), call.phone_number, faker.helpers.arrayElement(PHONE_TYPES), true)];
  if (faker.datatype.boolean({ probability: 0.3 })) phones.push(phone(ids.phone(), `${prefix}${faker.string.numeric(7)}`, 'work', false));
  const lastTouch = call.started_at === null ? REFERENCE_DATE.getTime() : Date.parse(call.started_at);
  const created = faker.date.between({ from: '2024-10-01T00:00:00Z', to: lastTouch - 86_400_000 });
  const notes: Note[] = [];
  if (faker.datatype.boolean({ probability: 0.4 })) {
    notes.push({ id: ids.note(), content: faker.helpers.arrayElement(ACTIVITY_NOTES), created_at: iso(wholeSeconds(faker.date.between({ from: created, to: lastTouch }))), note_type: 'activity', call_result: null });
  }
  if (call.status === 'completed' && call.summary !== null && call.ended_at !== null) {
    notes.push({ id: ids.note(), content: call.summary, created_at: call.ended_at, note_type: 'call_note', call_result: 'completed' });
  }
  return contact({
    id: shown.id,
    first_name: name.firstName,
    last_name: name.lastName,
    email: shown.email,
    company: shown.company,
    stage: shown.stage,
    status: shown.status,
    address: address(faker, country),
    created_date: iso(wholeSeconds(created)),
    last_call_date: shown.last_call_date,
    phone_numbers: phones,
    tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
    recent_notes: notes,
    custom_context: customContext(faker, call.team.id),
    industry_context: shown.company === null ? {} : { industry: faker.helpers.arrayElement(INDUSTRIES), company_size: faker.helpers.arrayElement(COMPANY_SIZES) },
    team: call.team,
  });
}

/** A lead nobody has called: `not_contacted`, no last call; now and then no last name, email or number. */
function uncalledLead(faker: Faker, local: Faker, ids: { phone: () => number; note: () => number }, id: number, team: { id: number; name: string }, n: number): Contact {
  const firstName = local.person.firstName();
  const lastName = n % 9 === 4 ? null : local.person.lastName();
  const company = faker.helpers.maybe(() => faker.company.name(), { probability: 0.7 }) ?? null;
  const country = faker.helpers.arrayElement(['US', 'US', 'US', 'GB', 'DE', 'FR']);
  const prefix = { US: '+1555', GB: '+4420', DE: '+4930', FR: '+3314' }[country] as string;
  const created = faker.date.between({ from: '2025-02-01T00:00:00Z', to: REFERENCE_DATE.getTime() - 3_600_000 });
  return contact({
    id,
    first_name: firstName,
    last_name: lastName,
    email: n % 7 === 2 ? null : faker.internet.email({ firstName: ascii(firstName), lastName: ascii(lastName ?? 'lead'), provider: 'example.com' }).toLowerCase(),
    company,
    stage: faker.helpers.arrayElement(LEAD_STAGES),
    status: 'not_contacted',
    address: address(faker, country),
    created_date: iso(wholeSeconds(created)),
    last_call_date: null,
    phone_numbers: n % 11 === 6 ? [] : [phone(ids.phone(), `${prefix}${faker.string.numeric(7)}`, faker.helpers.arrayElement(PHONE_TYPES), true)],
    tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
    recent_notes: faker.datatype.boolean({ probability: 0.3 }) ? [{ id: ids.note(), content: faker.helpers.arrayElement(ACTIVITY_NOTES), created_at: iso(wholeSeconds(faker.date.between({ from: created, to: REFERENCE_DATE.getTime() - 60_000 }))), note_type: 'activity', call_result: null }] : [],
    custom_context: customContext(faker, team.id),
    industry_context: company === null ? {} : { industry: faker.helpers.arrayElement(INDUSTRIES) },
    team,
  });
}

/** The record with its derived fields, as the sandbox derives them on every write. */
export function contact(fields: Omit<Contact, 'full_name' | 'stage_display' | 'status_display' | 'timezone' | 'website'> & { team: { id: number; name: string } }): Contact {
  const { id, first_name, last_name, email, company, stage, status, address: where, created_date, last_call_date, phone_numbers, tags, recent_notes, custom_context, industry_context, team } = fields;
  return {
    id,
    first_name,
    last_name,
    full_name: last_name === null ? first_name : `${first_name} ${last_name}`,
    email,
    company,
    website: company === null ? null : `https://${slug(company)}.example.com`,
    stage,
    stage_display: displayName(stage),
    status,
    status_display: displayName(status),
    address: where,
    timezone: timezoneOf(where.country, where.state),
    created_date,
    last_call_date,
    phone_numbers,
    tags,
    recent_notes,
    custom_context,
    industry_context,
    team,
  };
}

export function phone(id: number, phoneNumber: string, phoneType: string, primary: boolean): PhoneNumber {
  return { id, phone_number: phoneNumber, phone_type: phoneType, primary, do_not_call: false, dnc_date: null, dnc_reason: null };
}

/** An address in the country of the contact's number; one in five has none on file. */
function address(faker: Faker, country: string): Contact['address'] {
  if (faker.datatype.boolean({ probability: 0.2 })) return { street: null, city: null, state: null, zip_code: null, country };
  return { street: faker.location.streetAddress(), city: faker.location.city(), state: country === 'US' ? faker.helpers.arrayElement(US_STATES) : null, zip_code: faker.location.zipCode(), country };
}

/** Values of the context variables the team sees (seed-records.ts), normalized as the sandbox stores them. */
function customContext(faker: Faker, teamId: number): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (faker.datatype.boolean({ probability: 0.4 })) context['preferred_language'] = faker.helpers.arrayElement(['English', 'Spanish', 'French', 'German']);
  if (teamId === 101 && faker.datatype.boolean({ probability: 0.5 })) context['membership_level'] = faker.helpers.arrayElement(['Bronze', 'Silver', 'Gold', 'Platinum']);
  if (teamId === 101 && faker.datatype.boolean({ probability: 0.3 })) context['last_payment_date'] = iso(faker.date.between({ from: '2025-01-01T00:00:00Z', to: '2025-04-30T00:00:00Z' })).slice(0, 10);
  if (teamId === 202 && faker.datatype.boolean({ probability: 0.5 })) context['renewal_date'] = iso(faker.date.between({ from: '2025-06-01T00:00:00Z', to: '2026-05-31T00:00:00Z' })).slice(0, 10);
  if (teamId === 202 && faker.datatype.boolean({ probability: 0.5 })) context['contract_value'] = faker.number.int({ min: 10, max: 500 }) * 100;
  return context;
}

export function slug(text: string): string {
  return ascii(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'company';
}

/** Letters without accents, for e-mail addresses and host names. */
export function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
