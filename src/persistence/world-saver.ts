import type { Logger } from '../logging/logger.js';
import type { World } from '../world/world.js';
import { type Manifest, savedWorldFile, worldFile, writeManifest } from './data-dir.js';
import { removeFile, syncDirectory, writeFileDurably } from './durable-file.js';

/**
 * How long a change waits before it is written: writes within this window are coalesced, so a
 * burst of requests costs one write per world. The durability promise (README, "Running a shared
 * sandbox") is this plus the time a write takes.
 */
export const SAVE_DELAY_MS = 20;

/** After a failed write (disk full, permissions), the next try: the changes stay pending meanwhile. */
const RETRY_AFTER_FAILURE_MS = 1000;

/** What the admin API shows of the data directory (GET /__mock/data). */
export interface SaverStatus {
  dir: string;
  /** Worlds changed since the last write, waiting for the next. */
  pending: number;
  /** Completed writes since start. */
  saves: number;
  last_save: null | {
    /** When the worlds were captured (wall clock, ISO 8601 with ms): every write acknowledged before it is on disk. */
    captured_at: string;
    duration_ms: number;
    worlds_written: number;
    worlds_removed: number;
  };
  /** The last write's failure, while the changes it held are still pending. */
  error: string | null;
}

/**
 * Saves the worlds of a data directory (`--data-dir`) as they change. A world tells it that it
 * may have changed (`changed`); the saver waits SAVE_DELAY_MS, then captures every changed world
 * at one instant (a synchronous JSON snapshot: nothing can interleave) and writes each one's file
 * durably (src/persistence/durable-file.ts). One save runs at a time; changes during it are
 * written by the next. A failed write leaves its worlds pending and is tried again; it never
 * stops the sandbox.
 */
export class WorldSaver {
  readonly #dir: string;
  readonly #worldsDir: string;
  readonly #version: string;
  readonly #logger: Logger;
  readonly #requests: () => number;
  #manifest: Manifest;
  /** The manifest changed (a hot reload brought other fixtures): written after the worlds. */
  #manifestChanged = false;
  readonly #dirty = new Map<string, World>();
  readonly #removed = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #saves = 0;
  #last: SaverStatus['last_save'] = null;
  #error: string | null = null;
  #closed = false;

  constructor(options: { dir: string; worldsDir: string; manifest: Manifest; version: string; logger: Logger; requests: () => number }) {
    this.#dir = options.dir;
    this.#manifest = options.manifest;
    this.#worldsDir = options.worldsDir;
    this.#version = options.version;
    this.#logger = options.logger;
    this.#requests = options.requests;
  }

  /** The world may have changed: save it soon. */
  changed(world: World): void {
    if (world.disposed) return; // dropped: its file is removed, not written
    this.#dirty.set(world.name, world);
    this.#removed.delete(world.name);
    this.#schedule(SAVE_DELAY_MS);
  }

  /** A session world went (deleted, evicted, expired, reset away): remove its file soon. */
  removed(name: string): void {
    this.#dirty.delete(name);
    this.#removed.add(name);
    this.#schedule(SAVE_DELAY_MS);
  }

  /**
   * A hot reload changed the fixtures, and the worlds started again from them (src/server.ts):
   * the manifest takes the new fixtures' digest, so the next start loads what is saved from now
   * on. Written after the worlds' files, in the same save.
   */
  reseeded(seedDigest: string): void {
    this.#manifest = { ...this.#manifest, seed: seedDigest };
    this.#manifestChanged = true;
    this.#schedule(SAVE_DELAY_MS);
  }

  /** Writes what is pending now; resolves once it is on disk (or the write failed: see `status`). */
  save(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#write());
    return this.#chain;
  }

  /** Writes every world (the clean shutdown: nothing is lost), then stops saving. */
  async close(worlds: readonly World[]): Promise<void> {
    for (const world of worlds) if (!world.disposed) this.#dirty.set(world.name, world);
    await this.save();
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  get status(): SaverStatus {
    return { dir: this.#dir, pending: this.#dirty.size + this.#removed.size, saves: this.#saves, last_save: this.#last, error: this.#error };
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.save();
    }, ms);
  }

  async #write(): Promise<void> {
    if (this.#dirty.size === 0 && this.#removed.size === 0 && !this.#manifestChanged) return;
    const started = performance.now();
    const capturedAt = new Date();
    // one instant for every world: the snapshots are taken before the first await
    const requests = this.#requests();
    const files = [...this.#dirty.values()]
      .filter((world) => !world.disposed)
      .map((world) => ({ world, file: worldFile(this.#worldsDir, world.name), text: JSON.stringify(savedWorldFile(world, { version: this.#version, savedAt: capturedAt, requests })) }));
    const removed = [...this.#removed];
    const manifest = this.#manifestChanged ? this.#manifest : undefined;
    this.#dirty.clear();
    this.#removed.clear();
    this.#manifestChanged = false;
    try {
      for (const { file, text } of files) await writeFileDurably(file, text);
      for (const name of removed) await removeFile(worldFile(this.#worldsDir, name));
      await syncDirectory(this.#worldsDir);
      if (manifest) await writeManifest(this.#dir, manifest);
      this.#saves += 1;
      this.#error = null;
      this.#last = { captured_at: capturedAt.toISOString(), duration_ms: Math.round(performance.now() - started), worlds_written: files.length, worlds_removed: removed.length };
    } catch (error) {
      // keep what failed pending, unless something newer replaced it meanwhile
      for (const { world } of files) if (!this.#dirty.has(world.name) && !this.#removed.has(world.name)) this.#dirty.set(world.name, world);
      for (const name of removed) if (!this.#dirty.has(name)) this.#removed.add(name);
      if (manifest) this.#manifestChanged = true;
      this.#error = `${new Date().toISOString()}: ${(error as Error).message}`;
      this.#logger.error({ dir: this.#dir }, `could not save the worlds to ${this.#dir} (trying again in ${RETRY_AFTER_FAILURE_MS / 1000} s): ${(error as Error).message}`);
      this.#schedule(RETRY_AFTER_FAILURE_MS);
    }
  }
}
