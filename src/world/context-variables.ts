import type { ContextType, VariableRecord } from './records.js';
import type { Seed } from './seed.js';

/**
 * Context values by variable name. Names come from requests (`constructor`, `__proto__`…): build
 * these with Object.fromEntries and read them with Object.hasOwn, never by plain assignment or lookup.
 */
export type ContextValues = Readonly<Record<string, unknown>>;

/**
 * A world's context variable definitions and each team's business context. Definitions are the
 * seed's (the default system variables, team null, which every team sees, and each team's own)
 * plus what the world created, changed or deleted (copy on write). Names are unique per team
 * and context type, counting the defaults.
 */
export class ContextVariables {
  readonly #seed: Seed;
  /** Changed or created definitions; null marks one deleted. */
  readonly #changed = new Map<number, VariableRecord | null>();
  /** Ids created in this world, in order (all above the seed's). */
  readonly #created: number[] = [];
  readonly #business = new Map<number, ContextValues>();
  #nextId: number;

  constructor(seed: Seed) {
    this.#seed = seed;
    this.#nextId = seed.maxIds.variable + 1;
  }

  /** The definitions the team can use, optionally of one context type, in id order. */
  visible(teamId: number, contextType?: ContextType): VariableRecord[] {
    const result: VariableRecord[] = [];
    const take = (variable: VariableRecord | null | undefined) => {
      if (variable && (variable.team_id === null || variable.team_id === teamId) && (contextType === undefined || variable.context_type === contextType)) result.push(variable);
    };
    for (const seeded of this.#seed.variables.values()) take(this.#changed.has(seeded.id) ? this.#changed.get(seeded.id) : seeded);
    for (const id of this.#created) take(this.#changed.get(id));
    return result;
  }

  /** The definition with this id if the team can see it (another team's is not found). */
  find(id: number, teamId: number): VariableRecord | undefined {
    const variable = this.#changed.has(id) ? this.#changed.get(id) : this.#seed.variables.get(id);
    return variable && (variable.team_id === null || variable.team_id === teamId) ? variable : undefined;
  }

  /** The team's definition of `name` in that context type, if any. */
  byName(teamId: number, contextType: ContextType, name: string): VariableRecord | undefined {
    return this.visible(teamId, contextType).find((v) => v.name === name);
  }

  newId(): number {
    return this.#nextId++;
  }

  add(variable: VariableRecord): void {
    this.#changed.set(variable.id, variable);
    this.#created.push(variable.id);
  }

  put(variable: VariableRecord): void {
    this.#changed.set(variable.id, variable);
  }

  delete(id: number): void {
    this.#changed.set(id, null);
  }

  /** The team's business context values (Set Business Context), as stored. */
  businessContext(teamId: number): ContextValues {
    return this.#business.get(teamId) ?? this.#seed.teams.get(teamId)?.business_context ?? {};
  }

  setBusinessContext(teamId: number, values: ContextValues): void {
    this.#business.set(teamId, values);
  }

  /** How many definitions and business profiles this world changed. */
  get changedCount(): number {
    return this.#changed.size + this.#business.size;
  }

  /** What this world created, changed or deleted, for saving (`--data-dir`). */
  snapshot(): ContextVariablesSnapshot {
    return {
      next_id: this.#nextId,
      created: [...this.#created],
      changed: [...this.#changed].map(([id, variable]) => ({ id, variable })),
      business: [...this.#business].map(([team_id, values]) => ({ team_id, values })),
    };
  }

  /** Puts saved definitions and business context back (into a store just built from the same seed). */
  restore(saved: ContextVariablesSnapshot): void {
    for (const { id, variable } of saved.changed) this.#changed.set(id, variable);
    this.#created.push(...saved.created);
    for (const { team_id, values } of saved.business) this.#business.set(team_id, values);
    this.#nextId = saved.next_id;
  }
}

/** A world's context variables as saved: only what differs from the seed. */
export interface ContextVariablesSnapshot {
  next_id: number;
  /** Ids the world created, in order. */
  created: number[];
  /** Created or changed definitions; `variable: null` for a deleted one. */
  changed: Array<{ id: number; variable: VariableRecord | null }>;
  /** Teams' business context as the world set it. */
  business: Array<{ team_id: number; values: ContextValues }>;
}
