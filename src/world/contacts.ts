import type { SerializedBody } from '../router/serialized-body.js';
import { RECENT_NOTES } from './contact-fields.js';
import { contactMatches, foldFilter, isUnfiltered, type ContactFilter } from './contact-filter.js';
import { countOf, pageOf, type OverlaidList } from './overlaid-list.js';
import type { ContactNote, ContactRecord } from './records.js';
import { teamPhone, type Seed, type SeedContact } from './seed.js';

export type { ContactFilter } from './contact-filter.js';

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
   * Created contact id → where Get Contacts' order puts it among its team's seeded contacts
   * (SeedContactIndex.insertionPoint): fixed by its created_date and id, which no write changes.
   */
  readonly #insertionPoints = new Map<number, number>();
  /** Each team's seeded contacts this world changed: id → position in the team's seeded list (the lists correct the seed index with them). */
  readonly #changedSeededByTeam = new Map<number, Map<number, number>>();
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

  /**
   * One page of the team's contacts matching `filter`, newest first, and how many match in all:
   * the seed index's answer (src/world/contact-index.ts) corrected by the seeded contacts this
   * world changed, with the contacts it created (checked one by one: a world creates few) merged
   * in where the order puts them (src/world/overlaid-list.ts). Nothing scans the seeded contacts.
   */
  list(teamId: number, filter: ContactFilter, offset: number, limit: number): { count: number; contacts: ContactRecord[] } {
    const folded = foldFilter(filter);
    const matches = isUnfiltered(folded) ? () => true : (contact: ContactRecord) => contactMatches(contact, folded);
    const seeded = this.#seed.contactsByTeam.get(teamId) ?? [];
    const removed: number[] = [];
    const added: number[] = [];
    for (const [id, position] of this.#changedSeededByTeam.get(teamId) ?? []) {
      const was = matches((seeded[position] as SeedContact).record);
      if (was !== matches(this.#changed.get(id) as ContactRecord)) (was ? removed : added).push(position);
    }
    // Created contacts come newest first (the reverse of creation). Each goes before the first
    // seeded contact not newer than it, and never before the created one listed before it: that is
    // where merging the two newest-first lists puts them, even if the created ones are out of
    // order among themselves (an imported world, a clock set back).
    const created = this.#createdByTeam.get(teamId) ?? [];
    const inserted: Array<{ before: number; item: ContactRecord }> = [];
    let floor = 0;
    for (let c = created.length - 1; c >= 0; c -= 1) {
      const id = created[c] as number;
      const contact = this.#changed.get(id) as ContactRecord;
      floor = Math.max(floor, this.#insertionPoints.get(id) as number);
      if (matches(contact)) inserted.push({ before: floor, item: contact });
    }
    const list: OverlaidList<ContactRecord> = { base: this.#seed.contactIndex.matching(teamId, folded), removed: removed.sort((a, b) => a - b), added: added.sort((a, b) => a - b), inserted };
    const contacts = pageOf(list, offset, limit).map((entry) => {
      if ('item' in entry) return entry.item;
      const seed = (seeded[entry.position] as SeedContact).record;
      return this.#changed.get(seed.id) ?? seed;
    });
    return { count: countOf(list), contacts };
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
    this.#insertionPoints.set(contact.id, this.#seed.contactIndex.insertionPoint(contact.team.id, contact));
    const list = this.#createdByTeam.get(contact.team.id) ?? [];
    list.push(contact.id);
    this.#createdByTeam.set(contact.team.id, list);
  }

  /** Stores a changed contact (a new record: readers holding the old one keep a consistent view). */
  put(contact: ContactRecord): void {
    const previous = this.#changed.get(contact.id);
    this.#changed.set(contact.id, contact);
    // the order's key is fixed for good; should a write ever change it, the place follows
    if (previous && previous.created_date !== contact.created_date && this.#insertionPoints.has(contact.id)) {
      this.#insertionPoints.set(contact.id, this.#seed.contactIndex.insertionPoint(previous.team.id, contact));
    }
    const seeded = this.#seed.contacts.get(contact.id);
    if (seeded && !previous) {
      // noted under the team whose seeded list holds it, with its place there
      const team = seeded.record.team.id;
      const changed = this.#changedSeededByTeam.get(team) ?? new Map<number, number>();
      changed.set(contact.id, this.#seed.contactIndex.positionOf(team, seeded.record));
      this.#changedSeededByTeam.set(team, changed);
    }
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
