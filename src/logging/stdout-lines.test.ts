import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StdoutLines, type LineOutput } from './stdout-lines.js';

/** A stdout stand-in: records each write; `waiting` plays bytes the reader has not taken yet. */
class FakeStdout extends EventEmitter implements LineOutput {
  writes: string[] = [];
  waiting = 0;
  get writableLength(): number {
    return this.waiting;
  }
  write(text: string, callback?: (error?: Error | null) => void): boolean {
    this.writes.push(text);
    if (callback) setTimeout(() => callback(null), 5);
    return true;
  }
}

describe('StdoutLines (JSON log lines on stdout)', () => {
  it('writes the lines of one turn of the event loop in one write, in order, when the turn ends', async () => {
    const out = new FakeStdout();
    const lines = new StdoutLines(out);
    lines.write('a\n');
    lines.write('b\n');
    lines.write('c\n');
    expect(out.writes).toEqual([]);
    await nextTurn();
    expect(out.writes).toEqual(['a\nb\nc\n']);
    lines.write('d\n');
    await nextTurn();
    expect(out.writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('flush writes what waits at once and calls back once the system has it', async () => {
    const out = new FakeStdout();
    const lines = new StdoutLines(out);
    lines.write('a\n');
    out.waiting = 2;
    let flushed = false;
    lines.flush(() => (flushed = true));
    expect(out.writes[0]).toBe('a\n');
    expect(flushed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushed).toBe(true);
    out.waiting = 0;
    let again = false;
    lines.flush(() => (again = true));
    expect(again).toBe(true);
  });

  it('drops lines while the reader is more than maxBuffered behind, and says so on stderr once a minute at most', async () => {
    const out = new FakeStdout();
    const warnings: string[] = [];
    const lines = new StdoutLines(out, { maxBuffered: 100, warn: (message) => warnings.push(message) });
    out.waiting = 101;
    lines.write('dropped 1\n');
    lines.write('dropped 2\n');
    out.waiting = 100;
    lines.write('kept\n');
    await nextTurn();
    expect(out.writes).toEqual(['kept\n']);
    expect(warnings).toEqual(['klen-mock: stdout is not being read fast enough; 1 log line(s) dropped so far']);
  });

  it('stops logging, without throwing, once stdout fails (EPIPE: the reader went away)', async () => {
    const out = new FakeStdout();
    const lines = new StdoutLines(out);
    lines.write('a\n');
    out.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    lines.write('b\n');
    await nextTurn();
    expect(out.writes).toEqual([]);
    let flushed = false;
    lines.flush(() => (flushed = true));
    expect(flushed).toBe(true);
  });
});
