/**
 * A fresh world places its seeded calendar on first use, not at its start (a start need not load
 * ICU's time zones to answer its first request), and the world is as if it had been placed at
 * its start: what fell due meanwhile runs, each step at its own instant, before anything reads
 * the calendar, before any other task the clock runs, and as no request's doing.
 * Real clock, with faked time: the world starts half a second before seeded event 123 (team 101)
 * ends at 2025-05-01T15:00:00Z.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAjv } from '../openapi/ajv.js';
import { loadContract } from '../openapi/load-contract.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES } from '../package-info.js';
import { loadSeed } from './load-seed.js';
import type { Seed } from './seed.js';
import { DEFAULT_CALL_TIMING, PLACE_CALENDAR_AFTER_MS, World } from './world.js';

const START = Date.parse('2025-05-01T14:59:59.500Z');
const EVENT_END = Date.parse('2025-05-01T15:00:00.000Z');
let seed: Seed;

beforeAll(async () => {
  const contract = await loadContract(DEFAULT_CONTRACT);
  ({ seed } = await loadSeed({ dir: DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, compileSchema: async () => (schema) => createAjv().compile(schema) }));
});
beforeEach(() => void vi.useFakeTimers({ now: START }));
afterEach(() => void vi.useRealTimers());

/** A real-clock world that records, in order, the events it emits and the delivery retries its clock runs. */
function freshWorld() {
  const log: string[] = [];
  const sink = { eventRecorded: (_w: World, event: { type: string }) => void log.push(event.type), retryDue: (_w: World, id: string) => void log.push(`retry ${id}`) };
  const world = new World('placement', seed, { clock: { mode: 'real' }, callTiming: DEFAULT_CALL_TIMING, webhooks: { sink } });
  return { world, log };
}
const completions = (world: World) => world.events().filter((e) => e.type === 'calendar.completed' && 'calendar_event' in e && e.calendar_event.id === 123);

describe('a world’s seeded calendar, placed on first use', () => {
  it('a request with nothing due places nothing; the first read runs what fell due since the start, at its instant, as no request’s doing', () => {
    const { world, log } = freshWorld();
    vi.setSystemTime(EVENT_END + 200);
    world.touch(); // what every request does first
    expect(log).toEqual([]);
    const status = world.handling('req_7', () => world.calendar.get(123)?.status);
    expect(status).toBe('completed');
    expect(completions(world)).toMatchObject([{ time: '2025-05-01T15:00:00Z', request_id: null }]);
    world.dispose();
  });

  it('another task due: the calendar is placed first, and its steps run before the later task', () => {
    const { world, log } = freshWorld();
    world.scheduleRetry(EVENT_END + 300, 'dlv_test');
    vi.setSystemTime(EVENT_END + 500);
    world.touch();
    expect(log.filter((entry) => entry === 'calendar.completed' || entry.startsWith('retry'))).toEqual(['calendar.completed', 'retry dlv_test']);
    world.dispose();
  });

  it('nothing uses it: placed a second after the start, and its steps run on time from then on', () => {
    const { world } = freshWorld();
    vi.advanceTimersByTime(PLACE_CALENDAR_AFTER_MS - 1);
    expect(completions(world)).toEqual([]); // not placed yet (the end is due, but nothing looked)
    vi.advanceTimersByTime(1);
    expect(completions(world)).toMatchObject([{ time: '2025-05-01T15:00:00Z', request_id: null }]);
    world.dispose();
  });

  it('an admin trigger: what the seed had due is the clock’s doing, not marked triggered', () => {
    const { world } = freshWorld();
    vi.setSystemTime(EVENT_END + 200);
    world.triggering(() => world.emit('calendar.reminder', Date.now(), { calendar_event: { id: 124, uuid: 'x' } }));
    expect(completions(world)).toHaveLength(1);
    expect(completions(world)[0]?.triggered).toBeUndefined();
    world.dispose();
  });
});
