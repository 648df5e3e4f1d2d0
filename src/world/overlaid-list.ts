import type { SortedPositions } from './sorted-positions.js';

/**
 * A filtered list as a world sees it: the seed index's answer for the filter, corrected by what
 * the world wrote. Worlds are copy-on-write over the shared seed, so the seed's answer is right
 * except for the seeded records the world changed, which are few: one it changed so that it no
 * longer matches is `removed`, one that now matches and did not is `added` (one that matches
 * before and after stays in `base`, shown as the world has it). Records the world created have no
 * position; each goes in `inserted`, before the seeded position the list's order puts it
 * (`before` = the seed list's length: after every seeded record).
 */
export interface OverlaidList<T> {
  /** The seed index's positions for the filter, as seeded. */
  base: SortedPositions;
  /** Ascending positions of `base` whose record the world changed so that it no longer matches. */
  removed: readonly number[];
  /** Ascending positions not in `base` whose record the world changed so that it now matches. */
  added: readonly number[];
  /** The world's created records that match, in list order (ascending `before`, ties in order). */
  inserted: ReadonlyArray<{ before: number; item: T }>;
}

/** A page entry: a seeded record by its position, or a created one. */
export type Entry<T> = { position: number } | { item: T };

/** How many records the list holds. */
export function countOf(list: OverlaidList<unknown>): number {
  return list.base.length - list.removed.length + list.added.length + list.inserted.length;
}

/**
 * The entries at [offset, offset + limit) of the list. The runs of `base` between two
 * corrections are skipped or copied whole, so a page costs a binary search per correction plus
 * its own length, however deep it is and however long the list.
 */
export function pageOf<T>(list: OverlaidList<T>, offset: number, limit: number): Array<Entry<T>> {
  const { base, removed, added, inserted } = list;
  const page: Array<Entry<T>> = [];
  let rank = 0; // entries passed so far
  let b = 0;
  let r = 0;
  let a = 0;
  let n = 0;
  const take = (entry: Entry<T>) => {
    if (rank >= offset) page.push(entry);
    rank += 1;
  };
  while (page.length < limit) {
    const nextRemoved = r < removed.length ? (removed[r] as number) : Infinity;
    const nextAdded = a < added.length ? (added[a] as number) : Infinity;
    const nextInserted = n < inserted.length ? (inserted[n] as { before: number }).before : Infinity;
    const boundary = Math.min(nextRemoved, nextAdded, nextInserted);
    // base[b … end) lie before the next correction and are all in the list
    const end = boundary === Infinity ? base.length : base.lowerBound(boundary, b);
    if (rank + (end - b) <= offset) {
      rank += end - b;
      b = end;
    } else {
      const skip = Math.max(0, offset - rank);
      rank += skip;
      for (b += skip; b < end && page.length < limit; b += 1) take({ position: base.at(b) });
      if (page.length >= limit) break;
    }
    if (boundary === Infinity) break;
    // at one position: a created record inserted before it goes first, then the seeded record
    if (nextInserted === boundary) take({ item: (inserted[n++] as { item: T }).item });
    else if (nextRemoved === boundary) {
      b += 1; // base.at(b) is the removed position
      r += 1;
    } else {
      take({ position: nextAdded });
      a += 1;
    }
  }
  return page;
}
