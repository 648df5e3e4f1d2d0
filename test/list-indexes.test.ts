/**
 * The building blocks of the world's indexed lists, each against a direct computation: sorted
 * positions and their intersection, a page of an overlaid list, the n-gram index, where a range's
 * events begin, the seed's call and contact indexes; and the edge cases the model-based test
 * (property-world-lists.test.ts) only meets by chance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeedCallIndex } from '../src/world/call-index.js';
import { SeedContactIndex } from '../src/world/contact-index.js';
import { fold, foldFilter, searchedTexts } from '../src/world/contact-filter.js';
import { eventTimes, firstEndingAfter, firstStartAtOrAfter, firstStartingAtOrAfter } from '../src/world/event-range.js';
import { NgramIndex } from '../src/world/ngram-index.js';
import { countOf, pageOf, type OverlaidList } from '../src/world/overlaid-list.js';
import type { CallRecord, ContactRecord, EventRecord } from '../src/world/records.js';
import { AllPositions, intersect, listed, type SortedPositions } from '../src/world/sorted-positions.js';

const all = (list: SortedPositions): number[] => Array.from({ length: list.length }, (_, i) => list.at(i));
const sortedSet = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: 60 }).map((a) => a.sort((x, y) => x - y));

describe('sorted positions', () => {
  it('lowerBound gallops to the first position not below the one asked, from any start', () => {
    fc.assert(
      fc.property(sortedSet(200), fc.integer({ min: -5, max: 205 }), fc.nat(), (positions, wanted, start) => {
        const list = listed(positions);
        const from = positions.length === 0 ? 0 : start % (positions.length + 1);
        const expected = positions.findIndex((p, i) => i >= from && p >= wanted);
        expect(list.lowerBound(wanted, from)).toBe(expected === -1 ? positions.length : expected);
      }),
    );
    expect(new AllPositions(10).lowerBound(4, 6)).toBe(6);
    expect(new AllPositions(10).lowerBound(40)).toBe(10);
    expect(new AllPositions(10).lowerBound(-3)).toBe(0);
  });

  it('intersect keeps what every list holds and the check accepts, in order', () => {
    fc.assert(
      fc.property(fc.array(sortedSet(80), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 5 }), (lists, modulus) => {
        const accept = (p: number) => p % modulus !== 0;
        const expected = (lists[0] as number[]).filter((p) => lists.every((l) => l.includes(p)) && accept(p));
        expect(all(intersect(lists.map((l) => listed(l)), accept))).toEqual(expected);
        expect(all(intersect(lists.map((l) => listed(l))))).toEqual((lists[0] as number[]).filter((p) => lists.every((l) => l.includes(p))));
      }),
    );
  });

  it('intersect of one list without a check is that list itself (nothing copied)', () => {
    const list = listed([1, 4, 9]);
    expect(intersect([list])).toBe(list);
    expect(all(intersect([new AllPositions(5), listed([2, 7])]))).toEqual([2]);
  });
});

describe('a page of an overlaid list', () => {
  /** A random overlay: base, some of it removed, some positions added, created items inserted. */
  const overlayArb = fc
    .tuple(sortedSet(100), fc.array(fc.boolean(), { maxLength: 60 }), sortedSet(100), fc.array(fc.integer({ min: 0, max: 101 }), { maxLength: 8 }), fc.boolean())
    .map(([base, removeFlags, extra, befores, everything]) => {
      const basePositions = everything ? Array.from({ length: 40 }, (_, i) => i) : base;
      const removed = basePositions.filter((_, i) => removeFlags[i] === true);
      const added = extra.filter((p) => !basePositions.includes(p));
      const inserted = befores.sort((a, b) => a - b).map((before, i) => ({ before, item: `created-${i}` }));
      return { basePositions, list: { base: everything ? new AllPositions(40) : listed(basePositions), removed, added, inserted } as OverlaidList<string> };
    });

  it('is the slice of the list written out in full, at any offset and limit', () => {
    fc.assert(
      fc.property(overlayArb, fc.nat(130), fc.integer({ min: 1, max: 30 }), ({ basePositions, list }, offset, limit) => {
        // in full: every position kept or added, in order, each created item before its position
        const keys: Array<{ key: [number, number, number]; entry: { position: number } | { item: string } }> = [
          ...basePositions.filter((p) => !list.removed.includes(p)).map((p) => ({ key: [p, 1, 0] as [number, number, number], entry: { position: p } })),
          ...list.added.map((p) => ({ key: [p, 1, 0] as [number, number, number], entry: { position: p } })),
          ...list.inserted.map(({ before, item }, i) => ({ key: [before, 0, i] as [number, number, number], entry: { item } })),
        ];
        keys.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
        expect(countOf(list)).toBe(keys.length);
        expect(pageOf(list, offset, limit)).toEqual(keys.slice(offset, offset + limit).map((k) => k.entry));
      }),
    );
  });

  it('skips runs whole: a deep page of a long list reads only its own entries', () => {
    let reads = 0;
    const base: SortedPositions = { length: 1_000_000, at: (i) => ((reads += 1), i), lowerBound: (p, from = 0) => Math.max(from, Math.min(p, 1_000_000)) };
    const page = pageOf({ base, removed: [10, 999_000], added: [], inserted: [{ before: 500_000, item: 'x' }] }, 900_000, 10);
    expect(page).toEqual(Array.from({ length: 10 }, (_, i) => ({ position: 900_000 + i })));
    expect(reads).toBe(10);
  });
});

describe('the n-gram index', () => {
  const texts = ['Ann Smith', 'ann.smith@example.com', 'Joanna', null, 'Ωmega', 'e\u0301lan', 'İpek', 'abcxbcd'].map((t) => (t === null ? null : fold(t)));
  // two records of four texts each
  const index = NgramIndex.build(texts, 4);

  it('answers queries of up to three code units exactly, from one posting list', () => {
    expect(index.candidates('a')).toEqual({ lists: [expect.anything()], exact: true });
    expect(all(index.candidates('a').lists[0] as SortedPositions)).toEqual([0, 1]);
    expect(all(index.candidates('ann').lists[0] as SortedPositions)).toEqual([0]);
    expect(all(index.candidates('ω').lists[0] as SortedPositions)).toEqual([1]);
    // é written decomposed, folded to NFC: one code unit
    expect(all(index.candidates(fold('é')).lists[0] as SortedPositions)).toEqual([1]);
    // İ lower-cases to i and a combining dot: two code units, found as a bigram
    expect(all(index.candidates(fold('İ')).lists[0] as SortedPositions)).toEqual([1]);
    expect(all(index.candidates('zzz').lists[0] as SortedPositions)).toEqual([]);
  });

  it('gives a longer query the lists of its trigrams: candidates, to be checked', () => {
    // abc and bcd are both in abcxbcd, abcd is not: a candidate the caller's check drops
    const candidates = index.candidates('abcd');
    expect(candidates.exact).toBe(false);
    expect(candidates.lists.map((l) => all(l))).toEqual([[1], [1]]);
    expect(all(intersect(candidates.lists, (p) => (texts.slice(p * 4, p * 4 + 4) as Array<string | null>).some((t) => t?.includes('abcd'))))).toEqual([]);
    expect(all(intersect(index.candidates('cxbcd').lists))).toEqual([1]);
    expect(all(intersect(index.candidates('smith@').lists))).toEqual([0]);
  });

  it('a substring of any text is always among the candidates', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'É', '😀'), maxLength: 8 }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), (raw, pick, at, length) => {
        const folded = raw.map(fold);
        const built = NgramIndex.build(folded, 2);
        const text = folded[pick % folded.length] as string;
        const query = text.slice(at % (text.length + 1), (at % (text.length + 1)) + length);
        if (query.length === 0) return;
        const found = all(intersect(built.candidates(query).lists));
        const holders = [...new Set(folded.flatMap((t, i) => (t.includes(query) ? [Math.floor(i / 2)] : [])))];
        for (const holder of holders) expect(found).toContain(holder);
        if (query.length <= 3) expect(found).toEqual(holders);
      }),
    );
  });
});

describe('where a range of events begins', () => {
  const event = (id: number, start: string, end: string) => ({ id, start_time: start, end_time: end }) as EventRecord;
  const list = [
    event(1, '2025-05-01T09:00:00.000Z', '2025-05-03T09:00:00.000Z'), // two days long
    event(2, '2025-05-01T10:00:00.000Z', '2025-05-01T10:30:00.000Z'),
    event(3, '2025-05-02T10:00:00.000Z', '2025-05-02T10:30:00.000Z'),
    event(4, '2025-05-04T10:00:00.000Z', '2025-05-04T10:30:00.000Z'),
  ];
  const { starts, latestEnds: latest } = eventTimes(list);

  it('a long event still running keeps the walk from skipping it', () => {
    // from 2025-05-02T12:00: event 1 still runs, events 2 and 3 are over but come after it in the list
    expect(firstEndingAfter(latest, Date.parse('2025-05-02T12:00:00.000Z'))).toBe(0);
    // once event 1 is over, the walk starts at event 4
    expect(firstEndingAfter(latest, Date.parse('2025-05-03T09:00:00.000Z'))).toBe(3);
    // an event ending exactly at `from` does not overlap [from, …)
    expect(firstEndingAfter(latest, Date.parse('2025-05-04T10:30:00.000Z'))).toBe(4);
    expect(firstEndingAfter(latest, 0)).toBe(0);
    expect(Array.from(latest)).toEqual([3, 3, 3, 4].map((day) => Date.parse(`2025-05-0${day}T${day === 3 ? '09:00' : '10:30'}:00.000Z`)));
  });

  it('by start alone, for the lists bounded by their longest event', () => {
    expect(firstStartingAtOrAfter(list, Date.parse('2025-05-01T10:00:00.000Z'))).toBe(1);
    expect(firstStartingAtOrAfter(list, Date.parse('2025-05-05T00:00:00.000Z'))).toBe(4);
    expect(firstStartAtOrAfter(starts, Date.parse('2025-05-01T10:00:00.000Z'))).toBe(1);
    expect(firstStartAtOrAfter(starts, Date.parse('2025-05-01T10:00:00.001Z'))).toBe(2);
    expect(firstStartAtOrAfter(starts, 0)).toBe(0);
  });
});

describe('the seed indexes', () => {
  const call = (id: number, agent: number, status: CallRecord['status'], type: CallRecord['type']) => ({ record: { id, agent_id: agent, status, type } as CallRecord });
  // newest first, as the seed keeps them
  const calls = [call(9, 1, 'completed', 'inbound'), call(7, 2, 'failed', 'outbound'), call(5, 1, 'completed', 'outbound'), call(2, 1, 'queued', 'outbound')];
  const callIndex = new SeedCallIndex(new Map([[101, calls]]));

  it('answers every combination of Get Calls filters with one entry, in list order', () => {
    expect(all(callIndex.matching(101, {}))).toEqual([0, 1, 2, 3]);
    expect(all(callIndex.matching(101, { agentId: 1 }))).toEqual([0, 2, 3]);
    expect(all(callIndex.matching(101, { agentId: 1, status: 'completed' }))).toEqual([0, 2]);
    expect(all(callIndex.matching(101, { agentId: 1, status: 'completed', type: 'outbound' }))).toEqual([2]);
    expect(all(callIndex.matching(101, { type: 'outbound', status: 'in-progress' }))).toEqual([]);
    expect(all(callIndex.matching(202, { agentId: 1 }))).toEqual([]);
    expect([9, 7, 5, 2, 6].map((id) => callIndex.positionOf(101, id))).toEqual([0, 1, 2, 3, -1]);
  });

  const contact = (id: number, created: string, fields: Partial<ContactRecord>) =>
    ({ record: { id, created_date: created, first_name: 'x', last_name: null, full_name: 'x', email: null, stage: 'lead', status: 'active', tags: [], ...fields } as ContactRecord });
  // newest first: by date, then id
  const contacts = [
    contact(8, '2025-04-02T00:00:00Z', { first_name: 'Ann', full_name: 'Ann', tags: ['VIP', 'vip'] }),
    contact(3, '2025-04-02T00:00:00Z', { first_name: 'Bob', full_name: 'Bob', stage: 'customer' }),
    contact(5, '2025-04-01T00:00:00Z', { first_name: 'Joanna', last_name: 'Annsmith', full_name: 'Joanna Annsmith', email: 'jo@example.com', tags: ['Hot Lead'] }),
  ];
  const contactIndex = new SeedContactIndex(new Map([[101, contacts]]));

  it('answers Get Contacts filters, a contact listed once for two tags that fold alike', () => {
    const matching = (filter: Parameters<typeof foldFilter>[0]) => all(contactIndex.matching(101, foldFilter(filter)));
    expect(matching({})).toEqual([0, 1, 2]);
    expect(matching({ tag: 'VIP' })).toEqual([0]);
    expect(matching({ tag: 'hot lead' })).toEqual([2]);
    expect(matching({ search: 'ANN' })).toEqual([0, 2]);
    expect(matching({ search: 'a annsmi' })).toEqual([2]);
    expect(matching({ search: 'annsmith@' })).toEqual([]);
    expect(matching({ search: 'o', stage: 'customer' })).toEqual([1]);
    expect(matching({ search: 'o', stage: 'lead', tag: 'nobody' })).toEqual([]);
    expect(searchedTexts(contacts[2]?.record as ContactRecord)).toEqual(['Joanna', 'Annsmith', 'Joanna Annsmith', 'jo@example.com']);
  });

  it('remembers walked answers (a search, two filters), the most recent within a bound, each still right', () => {
    const index = new SeedContactIndex(new Map([[101, contacts]]));
    const first = index.matching(101, foldFilter({ search: 'annsmi' }));
    expect(index.matching(101, foldFilter({ search: 'ANNSMI' }))).toBe(first); // folded alike: the same answer
    expect(all(index.matching(101, foldFilter({ search: 'annsmi', stage: 'customer' })))).toEqual([]);
    // past the bound (256 answers), the oldest goes: answered again, equal but not the same object
    for (let n = 0; n < 300; n += 1) expect(all(index.matching(101, foldFilter({ search: `nna${n}` })))).toEqual([]);
    const again = index.matching(101, foldFilter({ search: 'annsmi' }));
    expect(again).not.toBe(first);
    expect(all(again)).toEqual([2]);
  });

  it('places contacts by the list order: date, then id, a tie going to the record asked about', () => {
    expect(contactIndex.positionOf(101, { id: 3, created_date: '2025-04-02T00:00:00Z' })).toBe(1);
    expect(contactIndex.positionOf(101, { id: 4, created_date: '2025-04-02T00:00:00Z' })).toBe(-1);
    // newer than all; same date as 8 and 3 with a higher id (first); between 8 and 3; older than all
    expect(contactIndex.insertionPoint(101, { id: 100, created_date: '2025-05-01T00:00:00Z' })).toBe(0);
    expect(contactIndex.insertionPoint(101, { id: 100, created_date: '2025-04-02T00:00:00Z' })).toBe(0);
    expect(contactIndex.insertionPoint(101, { id: 4, created_date: '2025-04-02T00:00:00Z' })).toBe(1);
    expect(contactIndex.insertionPoint(101, { id: 100, created_date: '2024-01-01T00:00:00Z' })).toBe(3);
  });
});
