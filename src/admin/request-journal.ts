import type { AuthMethod } from '../auth/credentials.js';

/** One API request as the journal keeps it. Keys appear only masked. */
export interface JournalEntry {
  /** `req_` and a number counting the server's API requests: what world events and webhook deliveries name as their cause. */
  id: string;
  /** When the request arrived, ISO 8601. */
  time: string;
  method: string;
  path: string;
  /** The query, with `api_key` masked. */
  query: Record<string, unknown>;
  status: number;
  /** From arrival to the last byte written, including any delay. */
  durationMs: number;
  /** How the request authenticated, if it sent a key at all. */
  auth: { method: AuthMethod; key: string; keyName: string | null } | null;
  /** `X-Mock-Session`, when the request named a session world. */
  session: string | null;
  /** What the request sent as its body: the first 4 kB (with the key masked if it appears), or null for none. */
  body: { text: string; truncated: boolean } | null;
  /** What the sandbox controls and latency profile did, if anything. */
  simulation: {
    error?: string;
    preferenceApplied?: string;
    delayMs?: number;
    delaySource?: 'X-Mock-Delay' | 'profile';
  } | null;
}

export interface JournalFilter {
  /** An exact status (`404`) or a class (`4xx`). */
  status?: string;
  /** Entries whose path contains this text. */
  path?: string;
  /** Entries of this session (`default`: those without one). */
  session?: string;
  /** At most this many, newest first. */
  limit?: number;
}

/** The last `capacity` API requests, in a ring buffer: memory stays bounded however long it runs. */
export class RequestJournal {
  readonly capacity: number;
  readonly #entries: (JournalEntry | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#entries = new Array<JournalEntry | undefined>(capacity);
  }

  add(entry: JournalEntry): void {
    if (this.capacity === 0) return;
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Matching entries, newest first. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const result: JournalEntry[] = [];
    for (let i = 1; i <= this.#size && result.length < (filter.limit ?? Infinity); i += 1) {
      const entry = this.#entries[(this.#next - i + this.capacity) % this.capacity] as JournalEntry;
      if (filter.path !== undefined && !entry.path.includes(filter.path)) continue;
      if (filter.status !== undefined && !statusMatches(entry.status, filter.status)) continue;
      if (filter.session !== undefined && (entry.session ?? 'default') !== filter.session) continue;
      result.push(entry);
    }
    return result;
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}

function statusMatches(status: number, filter: string): boolean {
  return /^[1-5]xx$/i.test(filter) ? String(status)[0] === filter[0] : String(status) === filter;
}
