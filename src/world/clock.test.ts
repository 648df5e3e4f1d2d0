import { describe, expect, it, vi } from 'vitest';
import { Clock } from './clock.js';

const START = Date.parse('2025-05-01T12:00:00Z');

describe('Clock, manual', () => {
  it('stands still until advanced, then runs due tasks in time order, each at its own time', () => {
    const ran: Array<[string, number, number]> = [];
    const clock: Clock<string> = new Clock<string>({ mode: 'manual', start: START, onDue: (task, at) => ran.push([task, at - START, clock.now() - START]) });
    clock.schedule(START + 3000, 'c');
    clock.schedule(START + 1000, 'a');
    clock.schedule(START + 1000, 'b'); // same time: scheduling order
    expect(clock.now()).toBe(START);
    clock.runDue();
    expect(ran).toEqual([]);
    expect(clock.advance(2000)).toBe(START + 2000);
    expect(ran).toEqual([['a', 1000, 1000], ['b', 1000, 1000]]);
    clock.advance(5000);
    expect(ran.at(-1)).toEqual(['c', 3000, 3000]);
    expect(clock.now()).toBe(START + 7000);
  });

  it('runs tasks that tasks schedule, if they fall due within the same advance', () => {
    const ran: number[] = [];
    const clock: Clock<number> = new Clock<number>({
      mode: 'manual',
      start: START,
      onDue: (n, at) => {
        ran.push(at - START);
        if (n < 3) clock.schedule(at + 1000, n + 1);
      },
    });
    clock.schedule(START + 1000, 1);
    clock.advance(10_000);
    expect(ran).toEqual([1000, 2000, 3000]);
    expect(clock.pending()).toEqual([]);
  });

  it('refuses to go backwards', () => {
    const clock = new Clock<string>({ mode: 'manual', start: START, onDue: () => {} });
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('Clock, real', () => {
  it('follows the wall clock, runs due tasks from a timer, and advance skips ahead', () => {
    vi.useFakeTimers({ now: START });
    try {
      const ran: number[] = [];
      const clock = new Clock<string>({ mode: 'real', onDue: (_t, at) => ran.push(at - START) });
      clock.schedule(START + 500, 'x');
      vi.advanceTimersByTime(499);
      expect(ran).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(ran).toEqual([500]);
      expect(clock.advance(60_000)).toBe(Date.now() + 60_000);
      clock.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a late timer still stamps the task with its due time', () => {
    let wall = START;
    const ran: number[] = [];
    const clock = new Clock<string>({ mode: 'real', wallClock: () => wall, onDue: (_t, at) => ran.push(at - START) });
    clock.schedule(START + 100, 'x');
    wall = START + 5000; // the process was busy
    clock.runDue();
    expect(ran).toEqual([100]);
    clock.dispose();
  });
});

describe('Clock, prepare (what schedules lazily: a world’s seeded calendar)', () => {
  /** A clock whose prepare schedules `early` once (due before the tasks the test schedules), and counts its calls. */
  function lazyClock(mode: 'manual' | 'real', wall: { now: number }) {
    const ran: string[] = [];
    let prepared = 0;
    const clock: Clock<string> = new Clock<string>({
      mode,
      start: START,
      wallClock: () => wall.now,
      onDue: (task) => ran.push(task),
      prepare: () => {
        prepared += 1;
        if (prepared === 1) clock.schedule(START + 10, 'early');
      },
    });
    return { clock, ran, prepared: () => prepared };
  }

  it('runDue with nothing due does not prepare (a request need not place the calendar); with a task due, prepares first, so what it schedules runs in due order', () => {
    const wall = { now: START + 500 };
    const { clock, ran, prepared } = lazyClock('real', wall);
    clock.runDue();
    expect(prepared()).toBe(0);
    clock.schedule(START + 200, 'late');
    clock.runDue();
    expect(prepared()).toBeGreaterThan(0);
    expect(ran).toEqual(['early', 'late']);
    clock.dispose();
  });

  it('the timer prepares before it runs a task', () => {
    vi.useFakeTimers({ now: START });
    try {
      const { clock, ran, prepared } = lazyClock('real', { get now() { return Date.now(); } });
      clock.schedule(START + 300, 'late');
      vi.advanceTimersByTime(300);
      expect(prepared()).toBeGreaterThan(0);
      expect(ran).toEqual(['early', 'late']);
      clock.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('advance, pending, pendingCount and snapshot prepare: they show or run everything scheduled', () => {
    for (const look of [(c: Clock<string>) => c.pending(), (c: Clock<string>) => c.pendingCount, (c: Clock<string>) => c.snapshot()]) {
      const { clock, prepared } = lazyClock('manual', { now: START });
      look(clock);
      expect(prepared()).toBe(1);
      expect(clock.pending().map((p) => p.task)).toEqual(['early']);
    }
    const { clock, ran } = lazyClock('manual', { now: START });
    clock.advance(20);
    expect(ran).toEqual(['early']);
  });
});
