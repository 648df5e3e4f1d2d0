import type { SerializedBody } from '../router/serialized-body.js';
import { RECENT_NOTES } from './contact-fields.js';
import type { ContactNote, ContactRecord } from './records.js';
import { newestFirst, teamPhone, type Seed } from './seed.js';

/** Get Contacts' filters (all that are given must match). */
export interface ContactFilter {
  stage?: string;
  status?: string;
  /** A tag of the contact, ignoring case. */
  tag?: string;
  /** A case-insensitive substring of the first, last or full name or the email. */
  search?: string;
}

/**
 * A world's contacts: the seed's, plus what the world created or changed (copy on write: an
 * unchanged seeded contact is the seed's own object, and its fixture JSON is served as it is).
 * Every sandbox contact belongs to one team for good (a key may only assign its own team), so
 * lists are kept per team. Ids continue after the seed's, so every world numbers its n-th new
 * contact, phone number and note the same way.
 */
export class Contacts {
  readonly #seed: Seed;
  readonly #changed = new Map<number, ContactRecord>();
  /** Each team's created contacts' ids, oldest first. */
  readonly #createdByTeam = new Map<number, number[]>();
  /**
   * `team|phone` → ids of contacts created or changed in this world that had the number at some
   * write. Entries may be stale (the number was removed since): readers check the record.
   */
  readonly #byPhone = new Map<string, Set<number>>();
  #nextContactId: number;
  #nextPhoneId: number;
  #nextNoteId: number;

  constructor(seed: Seed) {
    this.#seed = seed;
    this.#nextContactId = seed.maxIds.contact + 1;
    this.#nextPhoneId = seed.maxIds.phone + 1;
    this.#nextNoteId = seed.maxIds.note + 1;
  }

  /** The contact with this id, whatever its team. */
  get(id: number): ContactRecord | undefined {
    return this.#changed.get(id) ?? this.#seed.contacts.get(id)?.record;
  }

  /** The contact if it belongs to the team (another team's is not found, as the docs say). */
  find(id: number, teamId: number): ContactRecord | undefined {
    const contact = this.get(id);
    return contact?.team.id === teamId ? contact : undefined;
  }

  /** The fixture's JSON of a seeded contact nothing has changed in this world. */
  seedJson(id: number): SerializedBody | undefined {
    return this.#changed.has(id) ? undefined : this.#seed.contacts.get(id)?.json;
  }

  /** Whether this world changed the contact (calls then show it from the record, not the fixture). */
  isChanged(id: number): boolean {
    return this.#changed.has(id);
  }

  /** One page of the team's contacts matching `filter`, newest first, and how many match in all. */
  list(teamId: number, filter: ContactFilter, offset: number, limit: number): { count: number; contacts: ContactRecord[] } {
    const created = this.#createdByTeam.get(teamId) ?? [];
    const seeded = this.#seed.contactsByTeam.get(teamId) ?? [];
    const matches = contactMatcher(filter);
    let count = 0;
    const contacts: ContactRecord[] = [];
    const visit = (contact: ContactRecord) => {
      if (matches && !matches(contact)) return;
      if (count >= offset && contacts.length < limit) contacts.push(contact);
      count += 1;
    };
    // two lists already newest first (a world's clock never goes back, so the created ones are in
    // creation order reversed), merged: a clock started before the seed's dates still sorts right
    let c = created.length - 1;
    let s = 0;
    while (c >= 0 || s < seeded.length) {
      const mine = c >= 0 ? (this.#changed.get(created[c] as number) as ContactRecord) : undefined;
      const seed = s < seeded.length ? (seeded[s] as { record: ContactRecord }).record : undefined;
      if (mine && (!seed || newestFirst(mine, seed) <= 0)) {
        visit(mine);
        c -= 1;
      } else if (seed) {
        visit(this.#changed.get(seed.id) ?? seed);
        s += 1;
      }
    }
    return { count, contacts };
  }

  /** Ids for a new contact, phone number and note: the next of the world's sequences. */
  newContactId(): number {
    return this.#nextContactId++;
  }

  newPhoneId(): number {
    return this.#nextPhoneId++;
  }

  newNoteId(): number {
    return this.#nextNoteId++;
  }

  /** Stores a new contact. */
  add(contact: ContactRecord): void {
    this.put(contact);
    const list = this.#createdByTeam.get(contact.team.id) ?? [];
    list.push(contact.id);
    this.#createdByTeam.set(contact.team.id, list);
  }

  /** Stores a changed contact (a new record: readers holding the old one keep a consistent view). */
  put(contact: ContactRecord): void {
    this.#changed.set(contact.id, contact);
    for (const phone of contact.phone_numbers) {
      const key = teamPhone(contact.team.id, phone.phone_number);
      const ids = this.#byPhone.get(key) ?? new Set<number>();
      ids.add(contact.id);
      this.#byPhone.set(key, ids);
    }
  }

  /** Adds a note to the contact (only the most recent RECENT_NOTES are kept: the ones Get Contact Details shows). */
  addNote(id: number, note: Omit<ContactNote, 'id'>): void {
    const contact = this.get(id);
    if (!contact) return;
    this.put({ ...contact, recent_notes: [...contact.recent_notes, { id: this.newNoteId(), ...note }].slice(-RECENT_NOTES) });
  }

  /** The team's contacts that have this number now, lowest id first. */
  withPhone(teamId: number, phone: string): ContactRecord[] {
    const key = teamPhone(teamId, phone);
    const ids = new Set([...(this.#seed.contactsByPhone.get(key) ?? []), ...(this.#byPhone.get(key) ?? [])]);
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => this.get(id) as ContactRecord)
      .filter((c) => c.phone_numbers.some((p) => p.phone_number === phone));
  }

  /** How many contacts this world created or changed. */
  get changedCount(): number {
    return this.#changed.size;
  }

  /** What this world created or changed, for saving (`--data-dir`). */
  snapshot(): ContactsSnapshot {
    const created = new Set<number>();
    for (const ids of this.#createdByTeam.values()) for (const id of ids) created.add(id);
    return {
      next_ids: { contact: this.#nextContactId, phone: this.#nextPhoneId, note: this.#nextNoteId },
      // created ones in creation order (ids rise with it), then the changed seeded ones
      created: [...created].sort((a, b) => a - b).map((id) => this.#changed.get(id) as ContactRecord),
      changed: [...this.#changed.values()].filter((c) => !created.has(c.id)),
    };
  }

  /** Puts saved contacts back (into a store just built from the same seed), through the same writes that made them. */
  restore(saved: ContactsSnapshot): void {
    for (const contact of saved.created) this.add(contact);
    for (const contact of saved.changed) this.put(contact);
    this.#nextContactId = saved.next_ids.contact;
    this.#nextPhoneId = saved.next_ids.phone;
    this.#nextNoteId = saved.next_ids.note;
  }
}

/** A world's contacts as saved: only what differs from the seed. */
export interface ContactsSnapshot {
  next_ids: { contact: number; phone: number; note: number };
  /** Contacts the world created, oldest first. */
  created: ContactRecord[];
  /** Seeded contacts the world changed. */
  changed: ContactRecord[];
}

/** A predicate for `filter`, or undefined when nothing is filtered. */
function contactMatcher(filter: ContactFilter): ((contact: ContactRecord) => boolean) | undefined {
  const tag = filter.tag === undefined ? undefined : fold(filter.tag);
  const search = filter.search === undefined ? undefined : fold(filter.search);
  if (filter.stage === undefined && filter.status === undefined && tag === undefined && search === undefined) return undefined;
  return (c) =>
    (filter.stage === undefined || c.stage === filter.stage) &&
    (filter.status === undefined || c.status === filter.status) &&
    (tag === undefined || c.tags.some((t) => fold(t) === tag)) &&
    (search === undefined || [c.first_name, c.last_name, c.full_name, c.email].some((text) => text !== null && fold(text).includes(search)));
}

/** Case-insensitive comparison form: Unicode NFC, lower case. */
function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
