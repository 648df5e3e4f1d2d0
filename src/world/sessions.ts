import { ApiError } from '../errors/api-error.js';
import type { Seed } from './seed.js';
import { World, type WorldOptions, type WorldSnapshot } from './world.js';

/** The name of the default world (also what `X-Mock-Session: default` selects). */
export const DEFAULT_WORLD = 'default';

/** `X-Mock-Session` values: openapi.yaml `#/components/parameters/MockSession` says the same. */
const SESSION_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/** What the router needs: the world a request acts on (undefined: the default world). */
export interface WorldResolver {
  resolve(session: string | undefined): World;
}

export interface SessionLimits {
  /** Most session worlds kept at once; the least recently used goes first. */
  maxSessions: number;
  /** A session unused for this long (wall-clock ms) is dropped. */
  idleMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 1000, idleMs: 60 * 60 * 1000 };

/** One world as the admin API lists it. */
export interface WorldSummary {
  name: string;
  default: boolean;
  createdAt: string;
  lastUsedAt: string;
  clock: { mode: World['clock']['mode']; now: string };
  callsCreated: number;
  recordsChanged: number;
  events: number;
  pendingSteps: number;
  pendingCallSteps: number;
}

/**
 * Reads `X-Mock-Session`: undefined for none (or `default`), the name, or a 400 naming what a
 * name may contain. A repeated header is one invalid name (joined with a comma).
 */
export function readSessionName(raw: string | string[] | undefined): string | undefined | ApiError {
  if (raw === undefined) return undefined;
  // not trimmed: Node already strips the spaces and tabs HTTP allows around a value, and
  // String#trim would also strip characters such as U+00A0 that make the name invalid
  const name = Array.isArray(raw) ? raw.join(',') : raw;
  if (!SESSION_NAME.test(name)) {
    return new ApiError(400, 'validation_error', `X-Mock-Session must be 1 to 64 letters, digits, ".", "_", ":" or "-", got ${JSON.stringify(name.slice(0, 80))}`);
  }
  return name === DEFAULT_WORLD ? undefined : name;
}

/**
 * The default world and the session worlds, each built from the same seed on first use.
 * Sessions are kept in a Map in order of last use (a use moves a session to the end), so the
 * least recently used is always first: eviction and idle expiry look only at the front.
 */
export class Worlds implements WorldResolver {
  #seed: Seed;
  readonly #options: WorldOptions;
  readonly #limits: SessionLimits;
  readonly #onDrop: (name: string, why: 'evicted' | 'expired') => void;
  readonly #saved: SavedWorlds | undefined;
  #default: World;
  readonly #sessions = new Map<string, World>();

  /**
   * `saved`: the worlds of a data directory (`--data-dir`), put back as they were (sessions in
   * the order they were last used); it is told when a session world goes, so its file goes too.
   */
  constructor(seed: Seed, options: WorldOptions, limits: SessionLimits = DEFAULT_SESSION_LIMITS, onDrop: (name: string, why: 'evicted' | 'expired') => void = () => {}, saved?: SavedWorlds) {
    this.#seed = seed;
    this.#options = options;
    this.#limits = limits;
    this.#onDrop = onDrop;
    this.#saved = saved;
    const savedDefault = saved?.worlds.find((w) => w.name === DEFAULT_WORLD);
    this.#default = new World(DEFAULT_WORLD, seed, options, savedDefault);
    const sessions = (saved?.worlds ?? []).filter((w) => w.name !== DEFAULT_WORLD);
    for (const snapshot of sessions) this.#sessions.set(snapshot.name, new World(snapshot.name, seed, options, snapshot));
    while (this.#sessions.size > limits.maxSessions) this.#drop(this.#sessions.keys().next().value as string, 'evicted');
  }

  /** Every world now, the default first: what a data directory saves. */
  all(): World[] {
    return [this.#default, ...this.#sessions.values()];
  }

  get seed(): Seed {
    return this.#seed;
  }

  get limits(): SessionLimits {
    return this.#limits;
  }

  resolve(session: string | undefined): World {
    if (session === undefined) return this.#default.touch();
    this.#expireIdle();
    let world = this.#sessions.get(session);
    if (world) this.#sessions.delete(session);
    else {
      world = new World(session, this.#seed, this.#options);
      world.changed();
      while (this.#sessions.size >= this.#limits.maxSessions) this.#drop(this.#sessions.keys().next().value as string, 'evicted');
    }
    this.#sessions.set(session, world);
    return world.touch();
  }

  /** The world of that name if it exists now, without creating or touching it. */
  find(name: string): World | undefined {
    this.#expireIdle();
    return name === DEFAULT_WORLD ? this.#default : this.#sessions.get(name);
  }

  /** Every world: the default first, then the sessions, least recently used first. */
  list(): WorldSummary[] {
    this.#expireIdle();
    return [this.#default, ...this.#sessions.values()].map(summarize);
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Puts one world back to the seed (a session that did not exist is created). */
  reset(name: string): World {
    if (name === DEFAULT_WORLD) {
      this.#default.dispose();
      this.#default = new World(DEFAULT_WORLD, this.#seed, this.#options);
      this.#default.changed();
      return this.#default;
    }
    this.#sessions.get(name)?.dispose();
    this.#sessions.delete(name);
    return this.resolve(name);
  }

  /**
   * Puts a world in place of the one of that name (created if there was none): an imported
   * world (POST /__mock/sessions/{name}/import), already checked. It counts as just used.
   */
  replace(name: string, snapshot: WorldSnapshot): World {
    const world = new World(name, this.#seed, this.#options, { ...snapshot, name });
    if (name === DEFAULT_WORLD) {
      this.#default.dispose();
      this.#default = world;
    } else {
      this.#sessions.get(name)?.dispose();
      this.#sessions.delete(name);
      while (this.#sessions.size >= this.#limits.maxSessions) this.#drop(this.#sessions.keys().next().value as string, 'evicted');
      this.#sessions.set(name, world);
    }
    world.changed();
    return world.touch();
  }

  /** Drops a session world; false if there was none. */
  delete(name: string): boolean {
    const world = this.#sessions.get(name);
    world?.dispose();
    if (world) this.#saved?.removed(name);
    return this.#sessions.delete(name);
  }

  /** Back to the seed: the default world is reset and every session dropped. Returns how many sessions were dropped. */
  resetAll(): number {
    const dropped = this.#sessions.size;
    for (const world of this.#sessions.values()) {
      world.dispose();
      this.#saved?.removed(world.name);
    }
    this.#sessions.clear();
    this.reset(DEFAULT_WORLD);
    return dropped;
  }

  /** A new seed (a hot reload changed the fixtures): every world starts again from it. */
  reseed(seed: Seed): number {
    this.#seed = seed;
    return this.resetAll();
  }

  /** Stops every world's clock (the server is closing). */
  close(): void {
    this.#default.dispose();
    for (const world of this.#sessions.values()) world.dispose();
  }

  #expireIdle(): void {
    const cutoff = Date.now() - this.#limits.idleMs;
    for (const [name, world] of this.#sessions) {
      if (world.lastUsedAt > cutoff) break;
      this.#drop(name, 'expired');
    }
  }

  #drop(name: string, why: 'evicted' | 'expired'): void {
    this.#sessions.get(name)?.dispose();
    this.#sessions.delete(name);
    this.#saved?.removed(name);
    this.#onDrop(name, why);
  }
}

/** The worlds a data directory held at start-up, and where to say that a session world went. */
export interface SavedWorlds {
  /** Sessions oldest use first. */
  worlds: WorldSnapshot[];
  removed(name: string): void;
}

function summarize(world: World): WorldSummary {
  return {
    name: world.name,
    default: world.name === DEFAULT_WORLD,
    createdAt: new Date(world.createdAt).toISOString(),
    lastUsedAt: new Date(world.lastUsedAt).toISOString(),
    clock: { mode: world.clock.mode, now: new Date(world.clock.now()).toISOString() },
    ...world.stats(),
  };
}
