/** `npm run fixtures`: rewrites fixtures/calls.json from the seeded generator. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { callsFileText } from './generate-calls.js';

const target = fileURLToPath(new URL('../fixtures/calls.json', import.meta.url));
writeFileSync(target, callsFileText());
process.stdout.write(`wrote ${target}\n`);
