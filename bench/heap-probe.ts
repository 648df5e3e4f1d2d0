/**
 * The heap probe (bench/soak-heap-probe.mjs) in a spawned sandbox: a full garbage collection on
 * request, and the heap still in use after it. The benchmarks use it to measure what a sandbox
 * holds (RSS alone cannot tell a leak from pages V8 keeps) and to start a measurement from a
 * collected heap rather than one full of the previous scenario's garbage.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Node's arguments that load the probe (before the script's). */
export const HEAP_PROBE_ARGS = ['--expose-gc', '--import', pathToFileURL(path.join(import.meta.dirname, 'soak-heap-probe.mjs')).href];

/** Reads the probe's answers from the child's stderr (spawned with it piped); its other lines are passed on to ours. */
export class HeapProbe {
  readonly #child: ChildProcess;
  readonly #waiters: Array<(mb: number) => void> = [];

  constructor(child: ChildProcess) {
    this.#child = child;
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        const heap = /^klen-soak-heap (\d+)$/.exec(line);
        if (heap) this.#waiters.shift()?.(Number(heap[1]) / 2 ** 20);
        else process.stderr.write(`${line}\n`);
      }
    });
  }

  /** A full collection in the sandbox, then its heap in use, in MB (NaN if the probe does not answer within `timeoutMs`). */
  heapAfterGcMb(timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(NaN), timeoutMs);
      this.#waiters.push((mb) => {
        clearTimeout(timer);
        resolve(mb);
      });
      this.#child.kill('SIGUSR2');
    });
  }
}
