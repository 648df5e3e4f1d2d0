import type { components } from '../../types/openapi.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult, documentedError } from '../errors/error-result.js';
import type { HandlerResult, OperationHandler, OperationRequest } from '../router/handler-result.js';
import { primaryPhone } from '../world/contact-fields.js';
import type { ContactFilter } from '../world/contacts.js';
import type { ContactRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import { writeContact, type ContactWriteMode } from './contact-write.js';
import { ListItems } from './list-item-json.js';

type ContactListItem = components['schemas']['ContactListItem'];
type ContactBody = components['schemas']['PatchContactRequest'];

/** GET /api/v1/contacts: the team's contacts, filtered, newest first, one page (defaults from the contract). */
export const getContacts: OperationHandler = ({ operation, query, key }, world) => {
  const page = query['page'] as number;
  const limit = query['limit'] as number;
  const filter: ContactFilter = {};
  for (const name of ['stage', 'status', 'tag', 'search'] as const) if (query[name] !== undefined) filter[name] = query[name] as string;
  const { count, contacts } = world.contacts.list(key.team_id, filter, (page - 1) * limit, limit);
  return CONTACT_ITEMS.answer(operation, { count, page, limit, pages: Math.max(1, Math.ceil(count / limit)) }, contacts, (contact) => ({ item: () => contactListItem(contact), shows: [] }));
};

/** Get Contacts' items, made once per version of the contact (an item shows nothing else). */
const CONTACT_ITEMS = new ListItems<ContactRecord>('contacts');

/** GET /api/v1/contacts/{contact_id}: the contact, within the key's team (another team's is 404 like a missing one). */
export const getContactDetails: OperationHandler = ({ operation, params, key }, world) => {
  const contact = world.contacts.find(Number(params['contact_id']), key.team_id);
  if (!contact) return documentedError(operation, 'not_found');
  // a seeded contact nothing has changed: the fixture's bytes, validated when loaded
  const seedJson = world.contacts.seedJson(contact.id);
  return seedJson ? { status: 200, body: undefined, serialized: seedJson } : { status: 200, body: contact };
};

/** POST /api/v1/contacts/create: a new contact of the key's team, `201` with it and its `Location`. */
export const createContact: OperationHandler = (request, world) => {
  const contact = writeContact(world, request.key, 'create', request.body as ContactBody);
  if (contact instanceof ApiError) return apiErrorResult(contact, request.operation);
  world.contacts.add(contact);
  return { status: 201, body: contact, headers: { Location: `/api/v1/contacts/${contact.id}` } };
};

/** PUT /api/v1/contacts/{contact_id}/update: a full update (what the body leaves out goes back to its default). */
export const replaceContact: OperationHandler = (request, world) => updateContact(request, world, 'replace');

/** PATCH /api/v1/contacts/{contact_id}/update: only the fields sent change. */
export const patchContact: OperationHandler = (request, world) => updateContact(request, world, 'patch');

function updateContact({ operation, params, body, key }: OperationRequest, world: World, mode: ContactWriteMode): HandlerResult {
  const previous = world.contacts.find(Number(params['contact_id']), key.team_id);
  if (!previous) return documentedError(operation, 'not_found');
  const contact = writeContact(world, key, mode, body as ContactBody, previous);
  if (contact instanceof ApiError) return apiErrorResult(contact, operation);
  world.contacts.put(contact);
  return { status: 200, body: contact };
}

/** A contact as Get Contacts lists it (openapi.yaml `ContactListItem`). */
export function contactListItem(contact: ContactRecord): ContactListItem {
  return {
    id: contact.id,
    first_name: contact.first_name,
    last_name: contact.last_name,
    full_name: contact.full_name,
    email: contact.email,
    company: contact.company,
    stage: contact.stage,
    status: contact.status,
    phone: primaryPhone(contact),
    created_date: contact.created_date,
    last_call_date: contact.last_call_date,
    tags: contact.tags,
    team: contact.team,
  };
}
