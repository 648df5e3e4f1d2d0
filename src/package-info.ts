import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * klen-mock's own directory: the nearest one above this module with the package's package.json
 * (this module runs from `src/`, from `dist/`, and bundled from `dist/cli/bundle/`).
 */
function packageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`klen-mock: no package.json above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return directory;
}

const ROOT = packageRoot();

/** The contract and fixtures shipped with klen-mock. */
export const DEFAULT_CONTRACT = path.join(ROOT, 'openapi.yaml');
export const DEFAULT_FIXTURES = path.join(ROOT, 'fixtures');

export const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
