/** `npm run fixtures`: rewrites the generated fixture files (all but keys.json) from the seeded generator. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixtureFileTexts } from './fixture-files.js';

for (const [name, text] of Object.entries(fixtureFileTexts())) {
  const target = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
