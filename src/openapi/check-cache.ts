import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { VERSION } from '../package-info.js';

/**
 * The cache of start-up checks already passed (`KLEN_MOCK_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/klen-mock` or `~/.cache/klen-mock`). A check is remembered as a file named by
 * the SHA-256 of everything its outcome depends on (klen-mock's version and the check's own
 * inputs: a text, a schema, a validator's version), so a remembered outcome is only ever used
 * for exactly the same inputs: anything edited is checked again. A cache that cannot be read or
 * written only costs time.
 */
export function cacheDirectory(): string {
  const fromEnv = process.env['KLEN_MOCK_CACHE_DIR'];
  if (fromEnv) return fromEnv;
  return path.join(process.env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'klen-mock');
}

/** The cache file of a check: `<kind>-<digest of klen-mock's version and the inputs><extension>`. */
export function cacheFile(kind: string, inputs: ReadonlyArray<string | Buffer>, extension: string): string {
  const hash = createHash('sha256').update(VERSION);
  for (const input of inputs) hash.update('\0').update(input);
  return path.join(cacheDirectory(), `${kind}-${hash.digest('hex')}${extension}`);
}

/** Whether a check with these inputs passed before. */
export function passedBefore(kind: string, inputs: ReadonlyArray<string | Buffer>): boolean {
  return existsSync(cacheFile(kind, inputs, '.validated'));
}

/** Remembers that a check with these inputs passed. */
export function rememberPassed(kind: string, inputs: ReadonlyArray<string | Buffer>, note: string): void {
  writeCacheFile(cacheFile(kind, inputs, '.validated'), `${note}\n`);
}

/** Writes a cache file whole (renamed into place: a reader never sees half of one); failures are ignored. */
export function writeCacheFile(file: string, content: string | Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch {
    // read-only home, full disk…: the next start checks again, nothing else changes
  }
}
