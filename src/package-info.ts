import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The contract and fixtures shipped with klen-mock (one level above `src/` or `dist/`). */
export const DEFAULT_CONTRACT = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
export const DEFAULT_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
