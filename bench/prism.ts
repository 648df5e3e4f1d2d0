/**
 * Prism (Stoplight's OpenAPI mock server, `@stoplight/prism-cli`), the tool teams would otherwise
 * point at this contract, measured by `npm run bench` in the same run, for the record. It is not
 * a dependency of klen-mock: the benchmark uses the `prism` command given by `--prism <path>`,
 * or installs the package once into a cache directory of its own (`--prism auto`, the default;
 * `--prism off` skips it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The major version installed by `--prism auto`. */
export const PRISM_PACKAGE = '@stoplight/prism-cli@5';

/** The prism command to run, or why there is none. */
export function findPrism(option: string, log: (line: string) => void): { command: string; version: string } | { skipped: string } {
  if (option === 'off') return { skipped: 'skipped (--prism off)' };
  let command = option;
  if (option === 'auto') {
    const prefix = path.join(process.env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'klen-mock-bench', 'prism');
    command = path.join(prefix, 'node_modules', '.bin', 'prism');
    if (!existsSync(command)) {
      log(`installing ${PRISM_PACKAGE} into ${prefix} (once)…`);
      mkdirSync(prefix, { recursive: true });
      try {
        execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, PRISM_PACKAGE], { stdio: 'ignore' });
      } catch (error) {
        return { skipped: `not measured: ${PRISM_PACKAGE} could not be installed (${(error as Error).message.split('\n')[0]})` };
      }
    }
  }
  try {
    const version = execFileSync(command, ['--version'], { encoding: 'utf8' }).trim();
    return { command, version };
  } catch (error) {
    return { skipped: `not measured: ${command} does not run (${(error as Error).message.split('\n')[0]})` };
  }
}

/** Prism's arguments: mock the contract on loopback at `port` (static examples, its default). */
export function prismArgs(contract: string, port: number): string[] {
  return ['mock', '-h', '127.0.0.1', '-p', String(port), contract];
}
