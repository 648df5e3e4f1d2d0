import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../errors/startup-error.js';
import type { ClockMode } from '../world/clock.js';
import { DEFAULT_WORLD } from '../world/sessions.js';
import type { World, WorldSnapshot } from '../world/world.js';
import { syncDirectory, writeFileDurably } from './durable-file.js';
import { savedWorldProblem } from './saved-world-schema.js';

/**
 * The layout of a data directory (`--data-dir`):
 *
 *   klen-mock-data.json       what the directory is: format, version, the fixtures' digest, the clock mode
 *   worlds/default.json       the default world
 *   worlds/session-<name>.json  one file per session world (`:` written `%3A`)
 *
 * One file per world, so a write to one session rewrites that session alone.
 */
export const MANIFEST_FILE = 'klen-mock-data.json';
export const WORLDS_DIR = 'worlds';

/** The data directory format this klen-mock writes; it reads this one and migrates older ones. */
export const DATA_FORMAT_VERSION = 1;

/** `klen-mock-data.json`. */
export interface Manifest {
  format: 'klen-mock-data';
  version: number;
  /** The klen-mock version that created the directory. */
  created_by: string;
  created_at: string;
  /** SHA-256 of the fixtures the worlds were built on: the worlds hold only what differs from them. */
  seed: string;
  clock: ClockMode;
}

/** One world's file. */
export interface SavedWorldFile {
  format: 'klen-mock-world';
  version: number;
  saved_by: string;
  saved_at: string;
  seed: string;
  /** Wall clock, epoch ms: the order sessions were last used in (least recently used is evicted first). */
  last_used_at: number;
  /** How many API requests the server had numbered (`req_N`) when it saved: numbering goes on from the highest. */
  requests: number;
  world: WorldSnapshot;
}

/** A world as its file holds it: what a data directory saves, and what the admin API exports. */
export function savedWorldFile(world: World, { version, savedAt, requests }: { version: string; savedAt: Date; requests: number }): SavedWorldFile {
  return {
    format: 'klen-mock-world',
    version: DATA_FORMAT_VERSION,
    saved_by: version,
    saved_at: savedAt.toISOString(),
    seed: world.seed.digest,
    last_used_at: world.lastUsedAt,
    requests,
    world: world.snapshot(),
  };
}

export interface DataDirOptions {
  dir: string;
  /** `--reset-data`: start from the seed, removing the saved worlds. */
  reset: boolean;
  seedDigest: string;
  clock: ClockMode;
  version: string;
}

export interface OpenedDataDir {
  dir: string;
  worldsDir: string;
  manifest: Manifest;
  /** The saved worlds, sessions least recently used first (the default world among them, if saved). */
  worlds: WorldSnapshot[];
  /** The highest request number any saved world had seen. */
  requests: number;
  /** True when the directory was created or reset now. */
  fresh: boolean;
}

/** The file a world is saved in. */
export function worldFile(worldsDir: string, name: string): string {
  return path.join(worldsDir, name === DEFAULT_WORLD ? 'default.json' : `session-${name.replaceAll(':', '%3A')}.json`);
}

/**
 * Opens a data directory at start-up: creates it (or, with `reset`, empties it) and reads every
 * saved world. Anything it cannot trust stops start-up with a StartupError naming the file and
 * what is wrong, never a silent reset: a directory that is not klen-mock's, a file that is not
 * JSON or not a saved world, a format from a newer klen-mock, worlds built on other fixtures or
 * saved with another clock mode. Temporary files of a write a crash interrupted are removed (the
 * file they were to replace is still whole).
 */
export async function openDataDir(options: DataDirOptions): Promise<OpenedDataDir> {
  const dir = path.resolve(options.dir);
  const worldsDir = path.join(dir, WORLDS_DIR);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const fail = (file: string, detail: string): never => {
    throw new StartupError(file, detail);
  };
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    fail(dir, `cannot be created as the data directory: ${(error as Error).message}`);
  }
  const entries = await readdir(dir).catch((error: Error) => fail(dir, `cannot be read: ${error.message}`));
  const manifestText = entries.includes(MANIFEST_FILE) ? await readFile(manifestFile, 'utf8').catch((error: Error) => fail(manifestFile, `cannot be read: ${error.message}`)) : undefined;

  if (manifestText === undefined) {
    const others = entries.filter((e) => !e.startsWith('.'));
    if (others.length > 0) fail(dir, `is not a klen-mock data directory (no ${MANIFEST_FILE}, but it holds ${others.slice(0, 3).join(', ')}${others.length > 3 ? '…' : ''}): give --data-dir an empty or new directory`);
    return create();
  }
  const manifest = readManifest(manifestFile, manifestText, fail);
  if (options.reset) {
    await rm(worldsDir, { recursive: true, force: true });
    return create();
  }
  if (manifest.seed !== options.seedDigest) {
    fail(manifestFile, 'the saved worlds were built on other fixtures (their digest differs): start with the fixtures they were saved with, or with --reset-data to start again from these');
  }
  if (manifest.clock !== options.clock) {
    fail(manifestFile, `the saved worlds were saved with --clock ${manifest.clock}: start with --clock ${manifest.clock}, or with --reset-data to start again with --clock ${options.clock}`);
  }
  await mkdir(worldsDir, { recursive: true });
  const files = (await readdir(worldsDir)).sort();
  const saved: SavedWorldFile[] = [];
  for (const name of files) {
    const file = path.join(worldsDir, name);
    if (name.endsWith('.tmp')) {
      await rm(file, { force: true }); // a write a crash cut short: the world's file itself is whole
      continue;
    }
    if (!name.endsWith('.json')) fail(file, 'is not a file klen-mock writes (worlds/ holds default.json and session-<name>.json only)');
    const text = await readFile(file, 'utf8').catch((error: Error) => fail(file, `cannot be read: ${error.message}`));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      fail(file, `is not JSON (${(error as Error).message}): the file is damaged; restore it from a backup, or start with --reset-data`);
    }
    const problem = await savedWorldProblem(json);
    if (problem) fail(file, `is not a saved klen-mock world: ${problem}`);
    const world = json as SavedWorldFile;
    if (world.version > DATA_FORMAT_VERSION) fail(file, `was written by a newer klen-mock (format ${world.version}; this one reads ${DATA_FORMAT_VERSION}): upgrade klen-mock`);
    if (world.seed !== manifest.seed) fail(file, 'was saved over other fixtures than the rest of the directory: remove it, or start with --reset-data');
    if (worldFile(worldsDir, world.world.name) !== file) fail(file, `holds the world "${world.world.name}", which belongs in ${path.basename(worldFile(worldsDir, world.world.name))}`);
    saved.push(world);
  }
  saved.sort((a, b) => a.last_used_at - b.last_used_at);
  return { dir, worldsDir, manifest, worlds: saved.map((s) => s.world), requests: Math.max(0, ...saved.map((s) => s.requests)), fresh: false };

  async function create(): Promise<OpenedDataDir> {
    await mkdir(worldsDir, { recursive: true });
    const manifest: Manifest = { format: 'klen-mock-data', version: DATA_FORMAT_VERSION, created_by: options.version, created_at: new Date().toISOString(), seed: options.seedDigest, clock: options.clock };
    await writeManifest(dir, manifest);
    return { dir, worldsDir, manifest, worlds: [], requests: 0, fresh: true };
  }
}

/** Writes `klen-mock-data.json` durably. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileDurably(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await syncDirectory(dir);
}

/** The manifest, checked: klen-mock's, and a format this version reads. */
function readManifest(file: string, text: string, fail: (file: string, detail: string) => never): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(file, `is not JSON (${(error as Error).message}): the file is damaged; restore it, or start with --reset-data`);
  }
  const manifest = json as Partial<Manifest> | null;
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== 'klen-mock-data') return fail(file, 'is not a klen-mock data directory manifest (no "format": "klen-mock-data")');
  if (!Number.isInteger(manifest.version) || (manifest.version as number) < 1) return fail(file, `/version must be a whole number, 1 or more, got ${JSON.stringify(manifest.version)}`);
  if ((manifest.version as number) > DATA_FORMAT_VERSION) return fail(file, `was written by a newer klen-mock (format ${manifest.version}; this one reads ${DATA_FORMAT_VERSION}): upgrade klen-mock`);
  if (typeof manifest.seed !== 'string') return fail(file, '/seed must be the fixtures\' digest (a string)');
  if (manifest.clock !== 'real' && manifest.clock !== 'manual') return fail(file, `/clock must be "real" or "manual", got ${JSON.stringify(manifest.clock)}`);
  return manifest as Manifest;
}
