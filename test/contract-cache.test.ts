/**
 * The cache of start-up checks (KLEN_MOCK_CACHE_DIR): a contract that passed every start-up
 * check is remembered by the digest of its text, with its dereferenced document, so a warm start
 * neither validates it again nor parses its YAML; a fixture file that passed its schema is
 * remembered by the digest of its text and the schema, so its schema is not compiled again. What
 * is cached is only ever used for the same inputs, a damaged cache is no cache, and the checks
 * across records and files run on every start.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, silentLogger, type MockServerOptions } from '../src/index.js';
import { fixtureDir, shippedCalls } from './helpers/temp-fixtures.js';

const CONTRACT = new URL('../openapi.yaml', import.meta.url).pathname;
const TITLE = 'Klen AI API';
const previous = process.env['KLEN_MOCK_CACHE_DIR'];
afterAll(() => {
  if (previous === undefined) delete process.env['KLEN_MOCK_CACHE_DIR'];
  else process.env['KLEN_MOCK_CACHE_DIR'] = previous;
});

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'klen-mock-cache-'));
  process.env['KLEN_MOCK_CACHE_DIR'] = cacheDir;
});

/** Starts a sandbox, answers the documented example and its health's contract title, closes it. */
async function startOnce(options: MockServerOptions = {}): Promise<{ example: number; title: string }> {
  const server = await createMockServer({ logger: silentLogger, ...options });
  const url = await server.listen(0);
  try {
    const example = (await fetch(`${url}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } })).status;
    const title = ((await (await fetch(`${url}/__mock/health`)).json()) as { contract: string }).contract;
    return { example, title };
  } finally {
    await server.close();
  }
}

const cached = (ext: string, kind = 'contract') => readdirSync(cacheDir).filter((f) => f.startsWith(`${kind}-`) && f.endsWith(ext));

describe('the contract cache', () => {
  it('remembers a checked contract and its dereferenced document, and a warm start reads the document from it', async () => {
    expect(await startOnce()).toEqual({ example: 200, title: TITLE });
    expect(cached('.validated')).toHaveLength(1);
    expect(cached('.v8')).toHaveLength(1);
    // what the next start uses is the cached document: change it there, and the sandbox says so
    const file = path.join(cacheDir, cached('.v8')[0] as string);
    const document = deserialize(readFileSync(file)) as { info: { title: string } };
    document.info.title = 'Read from the cache';
    writeFileSync(file, serialize(document));
    expect(await startOnce()).toEqual({ example: 200, title: 'Read from the cache' });
  });

  it('keeps objects that several $refs resolved to as one object, as the resolver left them', async () => {
    await startOnce();
    const document = deserialize(readFileSync(path.join(cacheDir, cached('.v8')[0] as string))) as any;
    const errorOf = (operation: string, status: string) => {
      for (const item of Object.values(document.paths) as any[]) {
        for (const op of Object.values(item) as any[]) if (op?.operationId === operation) return op.responses[status].content['application/json'].schema;
      }
      return undefined;
    };
    const a = errorOf('getCallDetails', '401');
    expect(a).toBeDefined();
    expect(errorOf('getCalls', '401')).toBe(a);
  });

  it('is used only for the same text: an edited contract is checked and dereferenced again', async () => {
    await startOnce();
    const edited = path.join(mkdtempSync(path.join(tmpdir(), 'klen-mock-contract-')), 'openapi.yaml');
    writeFileSync(edited, readFileSync(CONTRACT, 'utf8').replace(`title: ${TITLE}`, 'title: Edited contract'));
    expect(await startOnce({ contract: edited })).toEqual({ example: 200, title: 'Edited contract' });
    expect(cached('.v8')).toHaveLength(2);
  });

  it('a damaged cached document is no cache: the contract is dereferenced again and the file rewritten', async () => {
    await startOnce();
    const file = path.join(cacheDir, cached('.v8')[0] as string);
    writeFileSync(file, Buffer.from('not a v8 serialization'));
    expect(await startOnce()).toEqual({ example: 200, title: TITLE });
    expect((deserialize(readFileSync(file)) as { info: { title: string } }).info.title).toBe(TITLE);
  });
});

describe('the fixtures check cache', () => {
  it('remembers each fixture file that passed its schema, and checks an edited one again', async () => {
    expect((await startOnce()).example).toBe(200);
    expect(cached('.validated', 'fixture')).toHaveLength(8);
    const calls = shippedCalls();
    (calls[0] as any).duration_seconds = -5;
    const fixtures = fixtureDir({ 'calls.json': calls });
    await expect(startOnce({ fixtures })).rejects.toThrow(/calls\.json: record 0 \(id \d+\): \/duration_seconds must be >= 0/);
  });

  it('a file that passed its schema before is still checked against the other files', async () => {
    // keys.json alone passes its schema; a key of a team teams.json lacks is refused on every start
    const keys = JSON.parse(readFileSync(new URL('../fixtures/keys.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;
    const fixtures = fixtureDir({ 'keys.json': [...keys, { ...keys[0], key: 'klen_orphan_team_key1', team_id: 9999 }] });
    for (let start = 0; start < 2; start += 1) {
      await expect(startOnce({ fixtures })).rejects.toThrow(/keys\.json: record \d+ \(key "klen_orphan_team_key1"\): \/team_id 9999 is not a team of teams\.json/);
    }
    expect(cached('.validated', 'fixture').length).toBeGreaterThan(0);
  });
});
