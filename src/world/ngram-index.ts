import { listed, type SortedPositions } from './sorted-positions.js';

/** The longest n-gram indexed: queries up to this long are answered exactly by one posting list. */
export const MAX_GRAM = 3;

/**
 * A substring index over a list of records' texts (already folded, see contact-filter.ts): for
 * every n-gram of 1 to 3 UTF-16 code units in a record's texts, the positions of the records that
 * hold it. `includes` compares code units, so a query of up to three code units is a substring of
 * a text exactly when it is one of the text's n-grams of its length: its posting list is the
 * answer. A longer query is a substring only where all of its trigrams are, so the intersection
 * of their lists holds every match and a few records that have the trigrams elsewhere: those
 * candidates are checked with the real predicate.
 *
 * Postings are Int32Array (4 bytes a position); one index per team, built on the team's first
 * search and shared by every world.
 */
export class NgramIndex {
  /** By length (index 0: unigrams): gram key (see `gramKey`) → positions. */
  readonly #postings: ReadonlyArray<ReadonlyMap<number, SortedPositions>>;

  private constructor(postings: ReadonlyArray<ReadonlyMap<number, SortedPositions>>) {
    this.#postings = postings;
  }

  /**
   * Indexes records that have `textsPerRecord` texts each (folded; null for none), given one
   * after the other: the record at position p has texts[p * textsPerRecord …].
   */
  static build(texts: ReadonlyArray<string | null>, textsPerRecord: number): NgramIndex {
    const collected = Array.from({ length: MAX_GRAM }, () => new Map<number, number[]>());
    for (let t = 0; t < texts.length; t += 1) {
      const text = texts[t];
      if (text === null || text === undefined) continue;
      const position = Math.floor(t / textsPerRecord);
      for (let start = 0; start < text.length; start += 1) {
        // the key of each gram starting here extends the shorter one's (no substring is made)
        let key = 0;
        for (let length = 1; length <= MAX_GRAM && start + length <= text.length; length += 1) {
          key = key * 65536 + text.charCodeAt(start + length - 1);
          const byKey = collected[length - 1] as Map<number, number[]>;
          let list = byKey.get(key);
          if (!list) byKey.set(key, (list = []));
          // positions only rise, so a record whose texts repeat a gram is listed once
          if (list[list.length - 1] !== position) list.push(position);
        }
      }
    }
    return new NgramIndex(collected.map((byKey) => new Map([...byKey].map(([key, positions]) => [key, listed(positions)]))));
  }

  /**
   * For a non-empty query: the lists whose intersection holds every record with the query in a
   * text, and whether that intersection is exactly those records (queries of up to 3 code units)
   * or a superset to check.
   */
  candidates(query: string): { lists: SortedPositions[]; exact: boolean } {
    if (query.length === 0) throw new Error('an empty query has no n-grams');
    if (query.length <= MAX_GRAM) return { lists: [this.#posting(query)], exact: true };
    const grams = new Set<string>();
    for (let start = 0; start + MAX_GRAM <= query.length; start += 1) grams.add(query.slice(start, start + MAX_GRAM));
    return { lists: [...grams].map((gram) => this.#posting(gram)), exact: false };
  }

  #posting(gram: string): SortedPositions {
    return this.#postings[gram.length - 1]?.get(gramKey(gram)) ?? listed([]);
  }
}

/**
 * A gram's key within its length: its code units as digits base 65536 (a trigram needs 48 bits,
 * exact in a double). Numbers, not strings: building hashes millions of grams, and slicing each
 * into a string of its own was a third of the time.
 */
function gramKey(gram: string): number {
  let key = 0;
  for (let i = 0; i < gram.length; i += 1) key = key * 65536 + gram.charCodeAt(i);
  return key;
}
