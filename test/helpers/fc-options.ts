import type fc from 'fast-check';

/** KLEN_FC_SEED and KLEN_FC_PATH: a failure prints its seed and path; set them to replay it. */
const SEED = process.env['KLEN_FC_SEED'] === undefined ? undefined : Number(process.env['KLEN_FC_SEED']);
const REPLAY_PATH = process.env['KLEN_FC_PATH'];
/** Whether a failure's path is being replayed (only its cases run: coverage checks do not apply). */
export const REPLAYING = REPLAY_PATH !== undefined;

/**
 * fast-check's options for the property tests: `numRuns` cases, replayable from the environment;
 * past `timeLimitMs` the smallest counterexample found so far is reported as the failure
 * (shrinking over HTTP is bounded). `examples` run first, before the generated cases: answers a
 * coverage check asserts that the generators reach only rarely.
 */
export function fcOptions<T>(numRuns: number, timeLimitMs?: number, examples: T[] = []): fc.Parameters<T> {
  return {
    numRuns,
    examples,
    ...(SEED === undefined ? {} : { seed: SEED }),
    ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
    ...(timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: true }),
  };
}
