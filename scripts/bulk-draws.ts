/**
 * Cheap seeded variation for the large fixture sets (`npm run fixtures -- --calls N …`): a
 * mulberry32 stream for every choice, and pools of names, companies, streets and cities drawn
 * from faker once. Drawing each of 100,000 records from faker directly is what the shipped set
 * does for its hundred records; here a pool of a few hundred values per locale is combined at
 * random instead, which keeps a big set to a few seconds and still gives names in six scripts,
 * shared surnames (a search for one finds a realistic fraction) and accents.
 */
import { Faker, base, de, en, es, fr, ja, pl } from '@faker-js/faker';
import { mulberry32 } from '../src/random/mulberry32.js';

/** A seeded stream of choices (mulberry32): the same seed gives the same set, run after run. */
export class Draws {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    const draw = mulberry32(this.#state);
    this.#state = draw.state;
    return draw.value;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** A value by weight: `[['completed', 70], ['failed', 20], …]`. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [value, weight] of entries) {
      at -= weight;
      if (at < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** Up to `count` distinct values of `list`, in the list's order. */
  some<T>(list: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, list.length)) chosen.add(Math.floor(this.next() * list.length));
    return [...chosen].sort((a, b) => a - b).map((i) => list[i] as T);
  }

  /** `length` lowercase letters and digits. */
  alphanumeric(length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let text = '';
    for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(this.next() * alphabet.length)];
    return text;
  }

  /** A version 4 UUID. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 32; i += 1) hex += Math.floor(this.next() * 16).toString(16);
    const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** A locale of the pools: its names, and the country its contacts live in. */
export interface LocalePool {
  country: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

/** What the bulk records are made of, drawn from faker once per set. */
export interface Pools {
  /** English first, then German, French, Spanish, Polish and Japanese names. */
  locales: readonly LocalePool[];
  companies: readonly string[];
  streets: readonly string[];
  cities: readonly string[];
  catchPhrases: readonly string[];
}

const LOCALES = [
  { locale: [en, base], country: 'US' },
  { locale: [de, en, base], country: 'DE' },
  { locale: [fr, en, base], country: 'FR' },
  { locale: [es, en, base], country: 'ES' },
  { locale: [pl, en, base], country: 'PL' },
  { locale: [ja, en, base], country: 'JP' },
];

/** Distinct values of `draw`, `count` tries (faker repeats itself; duplicates are dropped, the pool keeps its order). */
function pool(count: number, draw: () => string): string[] {
  return [...new Set(Array.from({ length: count }, draw))];
}

/** The pools for a set, drawn with `seed` (a fixed faker version, from package-lock.json, gives the same pools). */
export function drawPools(seed: number): Pools {
  const locales = LOCALES.map(({ locale, country }, i) => {
    const faker = new Faker({ locale, seed: seed + i });
    return { country, firstNames: pool(300, () => faker.person.firstName()), lastNames: pool(400, () => faker.person.lastName()) };
  });
  const faker = new Faker({ locale: [en, base], seed: seed + LOCALES.length });
  return {
    locales,
    companies: pool(600, () => faker.company.name()),
    streets: pool(300, () => faker.location.street()),
    cities: pool(200, () => faker.location.city()),
    catchPhrases: pool(200, () => `${faker.company.catchPhrase()}.`),
  };
}
