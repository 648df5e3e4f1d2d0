/**
 * Positions in one of the seed's ordered lists (a team's calls newest first, a team's contacts
 * newest first), ascending: what a seed index answers for a filter. Position order is list
 * order, so a page of matches is a run of positions, and two indexes' answers intersect by
 * merging. Stored as Int32Array: 4 bytes a position, shared by every world.
 */
export interface SortedPositions {
  readonly length: number;
  /** The i-th position (0 ≤ i < length). */
  at(i: number): number;
  /** The first index ≥ `from` whose position is ≥ `position` (length if none). */
  lowerBound(position: number, from?: number): number;
}

/** Every position of a list of `length`: a list nothing filters. */
export class AllPositions implements SortedPositions {
  constructor(readonly length: number) {}

  at(i: number): number {
    return i;
  }

  lowerBound(position: number, from = 0): number {
    return Math.min(this.length, Math.max(from, position));
  }
}

/** Listed positions (ascending, distinct). */
export class ListedPositions implements SortedPositions {
  static readonly EMPTY = new ListedPositions(new Int32Array(0));
  readonly #positions: Int32Array;

  constructor(positions: Int32Array) {
    this.#positions = positions;
  }

  get length(): number {
    return this.#positions.length;
  }

  /** The positions themselves (not to be changed): intersections walk them directly. */
  get array(): Int32Array {
    return this.#positions;
  }

  at(i: number): number {
    return this.#positions[i] as number;
  }

  /**
   * Gallops from `from` (doubling steps, then a binary search in the last step): a walk that
   * asks for rising positions pays for how far it moves, not for the list's length.
   */
  lowerBound(position: number, from = 0): number {
    return gallop(this.#positions, position, from);
  }
}

/** Positions collected in ascending order, as a SortedPositions. */
export function listed(positions: readonly number[] | Int32Array): ListedPositions {
  return positions.length === 0 ? ListedPositions.EMPTY : new ListedPositions(positions instanceof Int32Array ? positions : Int32Array.from(positions));
}

/**
 * The positions in every one of `lists` that `accept` also accepts, ascending. Walks the
 * shortest list and looks each position up in the others (galloping from where the last lookup
 * ended, so the cost is the shortest list's length times the log of the gaps): what "walk the
 * smallest candidate list" means for several exact indexes at once. A list of every position
 * constrains nothing and is left out; the rest are walked as the typed arrays they are.
 */
export function intersect(lists: readonly SortedPositions[], accept?: (position: number) => boolean): SortedPositions {
  if (lists.length === 0) throw new Error('intersect needs at least one list');
  // a list of every position below n only bounds the others
  const bound = Math.min(...lists.map((list) => (list instanceof ListedPositions ? Infinity : list.length)));
  const [shortest, ...rest] = lists.filter((list): list is ListedPositions => list instanceof ListedPositions).sort((a, b) => a.length - b.length);
  if (!shortest && !accept) return new AllPositions(bound);
  if (shortest && rest.length === 0 && !accept && (shortest.length === 0 || shortest.at(shortest.length - 1) < bound)) return shortest;
  const driver = shortest?.array;
  const others = rest.map((list) => list.array);
  const size = driver ? driver.length : bound;
  const cursors = new Int32Array(others.length);
  const kept = new Int32Array(size);
  let count = 0;
  outer: for (let i = 0; i < size; i += 1) {
    const position = driver ? (driver[i] as number) : i;
    if (position >= bound) break;
    for (let o = 0; o < others.length; o += 1) {
      const other = others[o] as Int32Array;
      const at = gallop(other, position, cursors[o] as number);
      cursors[o] = at;
      if (at >= other.length) break outer; // nothing further in this list: no later position is in all
      if (other[at] !== position) continue outer;
    }
    if (accept && !accept(position)) continue;
    kept[count++] = position;
  }
  // a copy of the right size: the answer may be kept, the scratch array is not
  return count === 0 ? ListedPositions.EMPTY : new ListedPositions(kept.slice(0, count));
}

/** The first index ≥ `from` of a rising array whose value is ≥ `position` (doubling steps, then a binary search). */
function gallop(list: Int32Array, position: number, from: number): number {
  let low = from;
  let high = from;
  let step = 1;
  while (high < list.length && (list[high] as number) < position) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  if (high > list.length) high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) < position) low = middle + 1;
    else high = middle;
  }
  return low;
}
