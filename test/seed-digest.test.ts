/**
 * The seed's digest is hashed a record at a time (src/world/seed.ts digestOf) but must stay the
 * SHA-256 of the whole data's JSON: a data directory keeps the digest of the fixtures its worlds
 * were saved on, and a digest computed differently would refuse every directory saved before.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSeed, digestOf, type SeedData } from '../src/world/seed.js';

const whole = (data: unknown) => createHash('sha256').update(JSON.stringify(data)).digest('hex');
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as never[];

describe('the seed digest', () => {
  it('is the SHA-256 of JSON.stringify(data) for the shipped fixtures', () => {
    const data: SeedData = {
      calls: fixture('calls.json'),
      agents: fixture('agents.json'),
      teams: fixture('teams.json'),
      doNotCall: fixture('do-not-call.json'),
      contacts: fixture('contacts.json'),
      variables: fixture('context-variables.json'),
      calendarEvents: fixture('calendar-events.json'),
    };
    expect(digestOf(data)).toBe(whole(data));
    // with the texts the seed has already made (buildSeed passes the calls' and contacts')
    expect(digestOf(data, { calls: data.calls.map((c) => JSON.stringify(c)), contacts: data.contacts.map((c) => JSON.stringify(c)) })).toBe(whole(data));
    expect(buildSeed(data).digest).toBe(whole(data));
  });

  it('is the SHA-256 of JSON.stringify(data) for any JSON records, empty lists and non-Latin-1 text included', () => {
    const records = fc.array(fc.jsonValue().map((v) => ({ v })), { maxLength: 5 });
    fc.assert(
      fc.property(fc.record({ calls: records, agents: records, teams: records, doNotCall: records, contacts: records, variables: records, calendarEvents: records }), (data) => {
        expect(digestOf(data as unknown as SeedData)).toBe(whole(data));
      }),
    );
  });
});
