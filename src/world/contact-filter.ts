import type { ContactRecord } from './records.js';

/** Get Contacts' filters (all that are given must match). */
export interface ContactFilter {
  stage?: string;
  status?: string;
  /** A tag of the contact, ignoring case. */
  tag?: string;
  /** A case-insensitive substring of the first, last or full name or the email. */
  search?: string;
}

/** A filter with its case-insensitive parts folded once (see `fold`), as every check compares them. */
export interface FoldedContactFilter {
  stage?: string;
  status?: string;
  tag?: string;
  search?: string;
}

/** Case-insensitive comparison form: Unicode NFC, lower case. */
export function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function foldFilter(filter: ContactFilter): FoldedContactFilter {
  return {
    ...(filter.stage === undefined ? {} : { stage: filter.stage }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.tag === undefined ? {} : { tag: fold(filter.tag) }),
    ...(filter.search === undefined ? {} : { search: fold(filter.search) }),
  };
}

export function isUnfiltered(filter: FoldedContactFilter): boolean {
  return filter.stage === undefined && filter.status === undefined && filter.tag === undefined && filter.search === undefined;
}

/** The texts `search` looks in. */
export function searchedTexts(contact: Pick<ContactRecord, 'first_name' | 'last_name' | 'full_name' | 'email'>): Array<string | null> {
  return [contact.first_name, contact.last_name, contact.full_name, contact.email];
}

/** Whether `search` (folded) is in one of the contact's searched texts, folded. */
export function searchMatches(contact: ContactRecord, search: string): boolean {
  return searchedTexts(contact).some((text) => text !== null && fold(text).includes(search));
}

/** The definition of Get Contacts' filters: every index answer and every world correction is checked against it. */
export function contactMatches(contact: ContactRecord, filter: FoldedContactFilter): boolean {
  return (
    (filter.stage === undefined || contact.stage === filter.stage) &&
    (filter.status === undefined || contact.status === filter.status) &&
    (filter.tag === undefined || contact.tags.some((t) => fold(t) === filter.tag)) &&
    (filter.search === undefined || searchMatches(contact, filter.search))
  );
}
