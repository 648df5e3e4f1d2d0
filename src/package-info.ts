import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: one level above `src/` when run from source, above `dist/` when built. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The contract and fixtures shipped with klen-mock. */
export const DEFAULT_CONTRACT = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
export const DEFAULT_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
