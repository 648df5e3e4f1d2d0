import type { CallRecord } from './records.js';
import { AllPositions, listed, type SortedPositions } from './sorted-positions.js';

/** Get Calls' filters as the index takes them: the agent by database id. */
export interface CallIndexFilter {
  agentId?: number;
  status?: CallRecord['status'];
  type?: CallRecord['type'];
}

/** Whether the call matches every filter given. */
export function callMatches(call: CallRecord, filter: CallIndexFilter): boolean {
  return (filter.agentId === undefined || call.agent_id === filter.agentId) && (filter.status === undefined || call.status === filter.status) && (filter.type === undefined || call.type === filter.type);
}

/**
 * The seeded calls of each team by Get Calls' filters, as positions in the team's list (newest
 * first): for each combination of filters given (agent, status, type: seven combinations), the
 * positions of the calls with each combination of values. Every filtered list is then one index
 * entry, already in order, whose length is the count and whose slice is the page: nothing walks
 * the team's calls, whatever the filters and however deep the page.
 *
 * An entry is built for a team and a combination of filters on its first use (one pass over the
 * team's calls) and kept: about 4 bytes per call and combination used, shared by every world. A
 * sandbox whose clients never filter never builds one.
 */
export class SeedCallIndex {
  readonly #callsByTeam: ReadonlyMap<number, ReadonlyArray<{ record: CallRecord }>>;
  /** team → combination (bit 1 agent, 2 status, 4 type) → value key → positions. */
  readonly #entries = new Map<number, Map<number, Map<string, SortedPositions>>>();

  constructor(callsByTeam: ReadonlyMap<number, ReadonlyArray<{ record: CallRecord }>>) {
    this.#callsByTeam = callsByTeam;
  }

  /** The positions, in the team's list, of the seeded calls matching `filter` as seeded. */
  matching(teamId: number, filter: CallIndexFilter): SortedPositions {
    const combination = combinationOf(filter);
    const calls = this.#callsByTeam.get(teamId) ?? [];
    if (combination === 0) return new AllPositions(calls.length);
    let byTeam = this.#entries.get(teamId);
    if (!byTeam) this.#entries.set(teamId, (byTeam = new Map()));
    let entry = byTeam.get(combination);
    if (!entry) byTeam.set(combination, (entry = build(calls, combination)));
    return entry.get(valueKey(filter, combination)) ?? listed([]);
  }

  /** The position of a seeded call in its team's list (newest, that is highest id, first), or -1. */
  positionOf(teamId: number, id: number): number {
    const calls = this.#callsByTeam.get(teamId) ?? [];
    let low = 0;
    let high = calls.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((calls[middle] as { record: CallRecord }).record.id > id) low = middle + 1;
      else high = middle;
    }
    return low < calls.length && (calls[low] as { record: CallRecord }).record.id === id ? low : -1;
  }
}

const AGENT = 1;
const STATUS = 2;
const TYPE = 4;

function combinationOf(filter: CallIndexFilter): number {
  return (filter.agentId === undefined ? 0 : AGENT) | (filter.status === undefined ? 0 : STATUS) | (filter.type === undefined ? 0 : TYPE);
}

/** The values of the filters in `combination`, as one key. */
function valueKey(values: CallIndexFilter, combination: number): string {
  return `${combination & AGENT ? String(values.agentId) : ''}|${combination & STATUS ? String(values.status) : ''}|${combination & TYPE ? String(values.type) : ''}`;
}

/** One pass over a team's calls: the positions of each value key of `combination`, ascending. */
function build(calls: ReadonlyArray<{ record: CallRecord }>, combination: number): Map<string, SortedPositions> {
  const collected = new Map<string, number[]>();
  calls.forEach(({ record }, position) => {
    const key = valueKey({ agentId: record.agent_id, status: record.status, type: record.type }, combination);
    let list = collected.get(key);
    if (!list) collected.set(key, (list = []));
    list.push(position);
  });
  return new Map([...collected].map(([key, positions]) => [key, listed(positions)]));
}
