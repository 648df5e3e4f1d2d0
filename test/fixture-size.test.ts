/**
 * `npm run fixtures -- --calls N --contacts N --events N --out <dir>`: a larger set, for scale
 * tests and benchmarks (scripts/fixture-size.ts, bulk-*.ts). It must keep the shipped records as
 * they are, reach the totals asked, be the same set every time, pass every check the sandbox
 * runs on fixtures (src/world/load-seed.ts), and give the example key's team most of the records
 * with every filter value a share of them. (That the shipped set is written byte for byte without
 * options is fixtures.test.ts's.)
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRecords, fixtureTexts, type Records } from '../scripts/fixture-files.js';
import { parseFixtureArgs } from '../scripts/fixture-size.js';
import { createAjv } from '../src/openapi/ajv.js';
import { loadContract } from '../src/openapi/load-contract.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES } from '../src/package-info.js';
import { loadSeed, type LoadedSeed } from '../src/world/load-seed.js';

const SIZE = { calls: 900, contacts: 500, events: 300 };

describe('the size option of npm run fixtures', () => {
  it('reads the totals and where to write; a sized set needs --out', () => {
    expect(parseFixtureArgs([])).toEqual({ size: undefined, out: undefined });
    expect(parseFixtureArgs(['--out', 'x'])).toEqual({ size: undefined, out: 'x' });
    expect(parseFixtureArgs(['--calls', '100000', '--contacts', '50000', '--events', '10000', '--out', '/tmp/big'])).toEqual({ size: { calls: 100000, contacts: 50000, events: 10000 }, out: '/tmp/big' });
    expect(parseFixtureArgs(['--calls', '5', '--out', 'x'])).toEqual({ size: { calls: 5, contacts: 0, events: 0 }, out: 'x' });
    expect(() => parseFixtureArgs(['--calls', '1000'])).toThrow(/needs --out/);
    expect(() => parseFixtureArgs(['--calls', 'many', '--out', 'x'])).toThrow(/--calls must be a whole number/);
    expect(() => parseFixtureArgs(['--call', '5'])).toThrow();
  });
});

describe('a sized set', () => {
  let records: Records;
  let loaded: LoadedSeed;

  beforeAll(async () => {
    records = fixtureRecords(SIZE);
    const dir = mkdtempSync(path.join(tmpdir(), 'klen-sized-fixtures-'));
    for (const [name, text] of Object.entries(fixtureTexts(records))) writeFileSync(path.join(dir, name), text);
    copyFileSync(path.join(DEFAULT_FIXTURES, 'keys.json'), path.join(dir, 'keys.json'));
    const contract = await loadContract(DEFAULT_CONTRACT);
    loaded = await loadSeed({ dir, defaultsDir: DEFAULT_FIXTURES, contract, compileSchema: async () => (schema) => createAjv().compile(schema) });
  }, 60_000);

  it('holds the totals asked, the shipped records first and unchanged', () => {
    const shipped = fixtureRecords();
    expect([records.calls.length, records.contacts.length, records.events.length]).toEqual([SIZE.calls, SIZE.contacts, SIZE.events]);
    expect(records.calls.slice(0, shipped.calls.length)).toEqual(shipped.calls);
    expect(records.events.slice(0, shipped.events.length)).toEqual(shipped.events);
    expect(records.contacts.slice(0, shipped.contacts.length)).toEqual(shipped.contacts);
    // a total below the shipped set's leaves the shipped set
    expect(fixtureRecords({ calls: 1, contacts: 1, events: 1 })).toEqual(shipped);
  });

  it('is the same set every time', () => {
    expect(fixtureTexts(fixtureRecords(SIZE))).toEqual(fixtureTexts(records));
  });

  it('passes every check the sandbox runs on fixtures', () => {
    expect(loaded.seed.counts).toMatchObject({ calls: SIZE.calls, contacts: SIZE.contacts, calendarEvents: SIZE.events });
  });

  it('gives the example key team most records, and every filter value a share of them', () => {
    const team = 101;
    const calls = records.calls.filter((c) => c.team.id === team);
    const contacts = records.contacts.filter((c) => c.team?.id === team);
    expect(calls.length / records.calls.length).toBeGreaterThan(0.7);
    expect(contacts.length / records.contacts.length).toBeGreaterThan(0.7);
    expect(records.events.filter((e) => e.team_id === team).length / records.events.length).toBeGreaterThan(0.7);
    const share = <T>(list: readonly T[], value: (item: T) => unknown) => {
      const counts = new Map<unknown, number>();
      for (const item of list) counts.set(value(item), (counts.get(value(item)) ?? 0) + 1);
      return counts;
    };
    const statuses = share(calls, (c) => c.status);
    expect([...statuses.keys()].sort()).toEqual(['completed', 'failed', 'in-progress', 'queued']);
    for (const count of statuses.values()) expect(count).toBeGreaterThan(calls.length * 0.02);
    expect([...share(calls, (c) => c.type).keys()].sort()).toEqual(['inbound', 'outbound']);
    expect([...share(calls, (c) => c.agent.id).keys()].sort()).toEqual([123, 456, 457, 460]);
    expect(share(contacts, (c) => c.stage).size).toBeGreaterThanOrEqual(4);
    expect(share(contacts, (c) => c.status).size).toBeGreaterThanOrEqual(5);
    expect(new Set(contacts.flatMap((c) => c.tags)).size).toBeGreaterThanOrEqual(9);
    // names repeat, as real ones do: a surname search finds several
    const lastNames = share(contacts.filter((c) => c.last_name !== null), (c) => c.last_name);
    expect(Math.max(...lastNames.values())).toBeGreaterThan(1);
  });
});
