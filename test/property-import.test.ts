/**
 * Property: no imported world can break the sandbox. fast-check takes a world exported after
 * writes through every endpoint (a call mid-lifecycle, a failing webhook with a retry on the
 * timeline) and damages it in one to three places: a value anywhere in it replaced by one of
 * another type or range, a key or an item removed, an extra key added.
 * `POST /__mock/sessions/{name}/import` must answer 200, 400 or 409 (each declared by
 * admin-openapi.yaml, an error the bare `{error, message}` envelope), and a
 * world it accepted must then serve every endpoint that shows it without a 5xx while its clock
 * runs two minutes of its timeline, and export again.
 *
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path>.
 * KLEN_FC_RUNS_IMPORT=<n> sets the number of damaged worlds (default 200).
 *
 * Found by it, and fixed: a delivery whose body was not JSON broke the delivery log (500); a
 * webhook's subscribed_events that was not a list broke the import itself; a timeline step at
 * 2^53 ms broke the clock ("Invalid time value"); a created call's call_id of " " made its
 * recording URL invalid once the call completed. The saved world's schema is now complete (every
 * field, type and range), and records are checked against the contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminViolations } from './helpers/contract.js';
import { readEverything, startWorldClient as start, writeEverything } from './helpers/world-contents.js';
import { fcOptions } from './helpers/fc-options.js';

const RUNS = Number(process.env['KLEN_FC_RUNS_IMPORT'] ?? 200);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Every path into `value` (objects' keys and arrays' indexes), the value's own first. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const inner = Array.isArray(value)
    ? value.flatMap((item, i) => pathsOf(item, [...prefix, i]))
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))
      : [];
  return [prefix, ...inner];
}

type Damage = { kind: 'replace'; value: Json } | { kind: 'remove' } | { kind: 'add'; key: string; value: Json };

/** `file` with `damage` done at `at` (a deep copy). */
function damaged(file: Json, at: Path, damage: Damage): Json {
  const copy = structuredClone(file);
  if (at.length === 0) return damage.kind === 'replace' ? damage.value : copy;
  // an earlier damage may have removed or replaced what the path goes through: then this one does nothing
  const parent = at.slice(0, -1).reduce<any>((node, key) => (node !== null && typeof node === 'object' ? node[key] : undefined), copy);
  if (parent === null || typeof parent !== 'object') return copy;
  const key = at.at(-1) as string | number;
  if (damage.kind === 'replace') parent[key] = damage.value;
  else if (damage.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key])) parent[key][damage.key] = damage.value;
  return copy;
}

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, '', 'x', 'call', 'delivery', 'event', 'seed-events', '2025-13-45T99:99:99Z', '1970-01-01T00:00:00Z', 'msg_0', '__proto__', [], {}, [null], { id: 1 }),
  fc.integer({ min: -5, max: 200 }),
  fc.string({ maxLength: 12 }),
);
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: hostileValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'remove' as const }) },
  { weight: 1, arbitrary: fc.record({ key: fc.constantFrom('extra', '__proto__', 'constructor', 'id'), value: hostileValue }).map((a) => ({ kind: 'add' as const, ...a })) },
);

describe('POST /__mock/sessions/{name}/import: a damaged world never breaks the sandbox', () => {
  it('answers 200, 400 or 409, and a world it took serves every endpoint and runs its timeline without a 5xx', async () => {
    // the author's world: written through every endpoint, its call connected, its first delivery failed and waiting for a retry
    const author = await start({ clock: 'manual', webhookRetries: [30] });
    const ids = await writeEverything(author, 'source', 'http://127.0.0.1:9/hook');
    await author.admin('POST', '/sessions/source/clock/advance', { seconds: 3 });
    await new Promise((r) => setTimeout(r, 200));
    const file = (await fetch(`${author.url}/__mock/sessions/source/export`).then((r) => r.json())) as Json;
    const paths = pathsOf(file);

    const target = await start({ clock: 'manual', webhookRetries: [30] });
    let run = 0;
    const outcomes = { 200: 0, 400: 0, 409: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...paths), damage), { minLength: 1, maxLength: 3 }), async (harms) => {
        run += 1;
        const name = `import-${run}`;
        const answer = await target.admin('POST', `/sessions/${name}/import`, harms.reduce((world, [at, harm]) => damaged(world, at, harm), file));
        expect([200, 400, 409], JSON.stringify(answer.body)).toContain(answer.status);
        expect(adminViolations('/__mock/sessions/{name}/import', 'post', answer.status, answer.body)).toEqual([]);
        outcomes[answer.status] = (outcomes[answer.status] ?? 0) + 1;
        if (answer.status !== 200) {
          expect((await target.admin('GET', `/sessions/${name}`)).status).toBe(404); // refused whole
          return;
        }
        /** What every endpoint that shows the world answered with a server error (the reads' answers themselves are not compared: the world was damaged). */
        const serverErrors = async () => {
          const everything = await readEverything(target, name, ids).catch((error: unknown) => ({ read: { error: String(error) } }));
          return Object.entries(everything).filter(([, body]) => /^(server_error|internal_error)$|Error/.test(String((body as { error?: unknown } | null)?.error ?? '')));
        };
        expect(await serverErrors()).toEqual([]);
        const advanced = await target.admin('POST', `/sessions/${name}/clock/advance`, { seconds: 120 });
        expect(advanced.status, JSON.stringify(advanced.body)).toBe(200);
        expect(await serverErrors()).toEqual([]);
        expect((await fetch(`${target.url}/__mock/sessions/${name}/export`)).status).toBe(200);
        expect((await target.admin('DELETE', `/sessions/${name}`)).status).toBe(200);
      }),
      fcOptions(RUNS),
    );
    // the property saw both sides: damage the import took (a title, a count) and damage it refused
    expect(outcomes[200]).toBeGreaterThan(0);
    expect(outcomes[400]).toBeGreaterThan(0);
    // the sandbox is still whole
    expect((await target.request('GET', '/api/v1/calls/123')).status).toBe(200);
  }, 120_000);
});
