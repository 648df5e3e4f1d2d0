/**
 * `npm run fixtures`: rewrites the generated fixture files (all but keys.json) from the seeded generator.
 *
 * `npm run fixtures -- --calls 100000 --contacts 50000 --events 10000 --out <dir>` writes a
 * complete, larger set to <dir> instead (every file the sandbox reads, keys.json copied from
 * fixtures/): the shipped records, then seeded bulk ones up to each total, most of them the
 * example key's team's. `--out <dir>` alone writes the shipped set there. Start a sandbox on it
 * with `klen-mock --fixtures <dir>`.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureRecords, fixtureTexts } from './fixture-files.js';
import { parseFixtureArgs, type FixtureRequest } from './fixture-size.js';

let request: FixtureRequest;
try {
  request = parseFixtureArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`npm run fixtures: ${(error as Error).message}\nUsage: npm run fixtures [-- [--calls N] [--contacts N] [--events N] --out <dir>]\n`);
  process.exit(2);
}

const shipped = fileURLToPath(new URL('../fixtures/', import.meta.url));
const started = performance.now();
const records = fixtureRecords(request.size);
const texts = fixtureTexts(records);
const target = request.out === undefined ? shipped : path.resolve(request.out);
mkdirSync(target, { recursive: true });
for (const [name, text] of Object.entries(texts)) {
  writeFileSync(path.join(target, name), text);
  process.stdout.write(`wrote ${path.join(target, name)}\n`);
}
if (request.out !== undefined) {
  copyFileSync(path.join(shipped, 'keys.json'), path.join(target, 'keys.json'));
  process.stdout.write(`copied ${path.join(target, 'keys.json')}\n`);
}
process.stdout.write(`${records.calls.length} calls, ${records.contacts.length} contacts, ${records.events.length} calendar events in ${Math.round(performance.now() - started)} ms\n`);
