import { fold, searchedTexts, searchMatches, type FoldedContactFilter } from './contact-filter.js';
import { NgramIndex } from './ngram-index.js';
import type { ContactRecord } from './records.js';
import { AllPositions, intersect, listed, type SortedPositions } from './sorted-positions.js';

/**
 * The seeded contacts of each team by Get Contacts' filters, as positions in the team's list
 * (newest first): each stage, status and tag (folded) has its positions; `search` has an n-gram
 * index over the folded names and emails (src/world/ngram-index.ts). A filtered list is the
 * intersection of its filters' lists, walked from the shortest; only a search longer than three
 * characters has candidates to check (the records that hold all its trigrams), and those are
 * checked against the texts folded when the index was built. Nothing scans the team's contacts.
 *
 * Each team's parts are built on first use (the filters' lists on the first filtered list, the
 * n-gram index on the first search: one pass over the team's contacts each) and kept, shared by
 * every world; a sandbox whose clients never search never builds an n-gram index.
 */
export class SeedContactIndex {
  readonly #contactsByTeam: ReadonlyMap<number, ReadonlyArray<{ record: ContactRecord }>>;
  readonly #teams = new Map<number, TeamContactIndex>();

  constructor(contactsByTeam: ReadonlyMap<number, ReadonlyArray<{ record: ContactRecord }>>) {
    this.#contactsByTeam = contactsByTeam;
  }

  /** The positions, in the team's list, of the seeded contacts matching `filter` as seeded. */
  matching(teamId: number, filter: FoldedContactFilter): SortedPositions {
    return this.#team(teamId).matching(filter);
  }

  /** The position of a seeded contact in its team's list, or -1. */
  positionOf(teamId: number, contact: Pick<ContactRecord, 'created_date' | 'id'>): number {
    const team = this.#team(teamId);
    const at = team.firstNotNewerThan(contact);
    return at < team.size && team.idAt(at) === contact.id ? at : -1;
  }

  /**
   * Where Get Contacts' merge puts a contact the world created, among the team's seeded ones: the
   * first position whose contact is not newer than it (by created_date, then id).
   */
  insertionPoint(teamId: number, contact: Pick<ContactRecord, 'created_date' | 'id'>): number {
    return this.#team(teamId).firstNotNewerThan(contact);
  }

  #team(teamId: number): TeamContactIndex {
    let team = this.#teams.get(teamId);
    if (!team) this.#teams.set(teamId, (team = new TeamContactIndex((this.#contactsByTeam.get(teamId) ?? []).map((c) => c.record))));
    return team;
  }
}

/** The lists of one facet (stage, status or folded tag): value → positions. */
type Facet = ReadonlyMap<string, SortedPositions>;

/** One team's index: its parts built on first use. */
class TeamContactIndex {
  readonly #contacts: readonly ContactRecord[];
  /** created_date in epoch ms, by position (on first use): placing a contact without parsing a date per step. */
  #createdMs: Float64Array | undefined;
  #facets: { stage: Facet; status: Facet; tag: Facet } | undefined;
  #search: { index: NgramIndex; joined: readonly string[] } | undefined;
  /** Walked answers by filter, least recently used first. */
  readonly #answers = new Map<string, SortedPositions>();
  #rememberedPositions = 0;

  constructor(contacts: readonly ContactRecord[]) {
    this.#contacts = contacts;
  }

  get size(): number {
    return this.#contacts.length;
  }

  idAt(position: number): number {
    return (this.#contacts[position] as ContactRecord).id;
  }

  /**
   * The first position whose contact the list does not put before `contact`: the seeded list is
   * in Get Contacts' order (newest created_date first, then highest id: seed.ts), the comparison
   * below, so a binary search finds it.
   */
  firstNotNewerThan(contact: Pick<ContactRecord, 'created_date' | 'id'>): number {
    const ms = Date.parse(contact.created_date);
    const createdMs = (this.#createdMs ??= Float64Array.from(this.#contacts, (c) => Date.parse(c.created_date)));
    let low = 0;
    let high = this.#contacts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      // > 0: the seeded contact is newer (or as new with a higher id), so it comes first
      if (((createdMs[middle] as number) - ms || this.idAt(middle) - contact.id) > 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * The answer for `filter`. A search or two filters cost a walk of candidates (a search every
   * email holds: ~35,000 checked, ~13 ms at 50,000 contacts); the seed never changes, so those
   * answers are remembered, the most recent ones within a bound: a client paging through a
   * search, or a UI polling it, pays the walk once.
   */
  matching(filter: FoldedContactFilter): SortedPositions {
    const key = `${filter.stage ?? ''}\u0000${filter.status ?? ''}\u0000${filter.tag ?? ''}\u0000${filter.search ?? '\u0001'}`;
    const remembered = this.#answers.get(key);
    if (remembered) {
      // most recently used last: eviction takes the first
      this.#answers.delete(key);
      this.#answers.set(key, remembered);
      return remembered;
    }
    const { positions, walked } = this.#match(filter);
    if (walked) this.#remember(key, positions);
    return positions;
  }

  #remember(key: string, positions: SortedPositions): void {
    this.#answers.set(key, positions);
    this.#rememberedPositions += positions.length;
    for (const [oldest, answer] of this.#answers) {
      if (this.#answers.size <= MAX_REMEMBERED_ANSWERS && this.#rememberedPositions <= MAX_REMEMBERED_POSITIONS) break;
      this.#answers.delete(oldest);
      this.#rememberedPositions -= answer.length;
    }
  }

  /** The answer, and whether it took a walk (a check or an intersection: what is worth remembering). */
  #match(filter: FoldedContactFilter): { positions: SortedPositions; walked: boolean } {
    const lists: SortedPositions[] = [];
    if (filter.stage !== undefined || filter.status !== undefined || filter.tag !== undefined) {
      const facets = (this.#facets ??= this.#buildFacets());
      if (filter.stage !== undefined) lists.push(facets.stage.get(filter.stage) ?? listed([]));
      if (filter.status !== undefined) lists.push(facets.status.get(filter.status) ?? listed([]));
      if (filter.tag !== undefined) lists.push(facets.tag.get(filter.tag) ?? listed([]));
    }
    let check: ((position: number) => boolean) | undefined;
    const search = filter.search;
    if (search !== undefined) {
      if (search.length === 0) {
        // every text holds "": a contact matches if it has a text at all (the API refuses an empty search)
        check = (position) => searchMatches(this.#contacts[position] as ContactRecord, search);
      } else {
        const { index, joined } = (this.#search ??= this.#buildSearch());
        const candidates = index.candidates(search);
        // the rarest trigrams prune; the others would cost a lookup per candidate and rarely drop one the check keeps
        lists.push(...candidates.lists.sort((a, b) => a.length - b.length).slice(0, MAX_TRIGRAM_LISTS));
        if (!candidates.exact) {
          check = search.includes(SEPARATOR)
            ? (position) => searchMatches(this.#contacts[position] as ContactRecord, search)
            : (position) => (joined[position] as string).includes(search);
        }
      }
    }
    if (lists.length === 0) lists.push(new AllPositions(this.#contacts.length));
    return { positions: intersect(lists, check), walked: check !== undefined || lists.length > 1 };
  }

  #buildFacets(): { stage: Facet; status: Facet; tag: Facet } {
    const stage = new Map<string, number[]>();
    const status = new Map<string, number[]>();
    const tag = new Map<string, number[]>();
    const add = (facet: Map<string, number[]>, value: string, position: number) => {
      let list = facet.get(value);
      if (!list) facet.set(value, (list = []));
      // a contact with two tags that fold alike is listed once
      if (list[list.length - 1] !== position) list.push(position);
    };
    this.#contacts.forEach((contact, position) => {
      add(stage, contact.stage, position);
      add(status, contact.status, position);
      for (const t of contact.tags) add(tag, fold(t), position);
    });
    const finish = (facet: Map<string, number[]>): Facet => new Map([...facet].map(([value, positions]) => [value, listed(positions)]));
    return { stage: finish(stage), status: finish(status), tag: finish(tag) };
  }

  #buildSearch(): { index: NgramIndex; joined: readonly string[] } {
    const folded = this.#contacts.flatMap((contact) => searchedTexts(contact).map((text) => (text === null ? null : fold(text))));
    const joined = this.#contacts.map((_, position) => folded.slice(position * SEARCHED_TEXTS, (position + 1) * SEARCHED_TEXTS).filter((t) => t !== null).join(SEPARATOR));
    return { index: NgramIndex.build(folded, SEARCHED_TEXTS), joined };
  }
}

/** At most this many walked answers are remembered per team… */
const MAX_REMEMBERED_ANSWERS = 256;
/** …holding at most this many positions in all (4 bytes each: 16 MB). */
const MAX_REMEMBERED_POSITIONS = 4_000_000;
/** How many texts `searchedTexts` gives a contact. */
const SEARCHED_TEXTS = 4;
/** How many of a long search's trigram lists are intersected (the shortest ones). */
const MAX_TRIGRAM_LISTS = 3;
/**
 * Between a contact's folded texts in the one string a long search's candidates are checked
 * against: a search without it can only be found within one text (it cannot span the
 * separator), so one `includes` checks all four. A search with it is checked text by text.
 */
const SEPARATOR = '\u0000';
