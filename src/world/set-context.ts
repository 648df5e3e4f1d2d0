import { checkValue, inferType } from './context-values.js';
import type { ContextValues } from './context-variables.js';
import { displayName } from './display-name.js';
import type { ContextType, VariableRecord } from './records.js';
import type { World } from './world.js';

/** Names an auto-created variable may have (openapi.yaml `VariableName`). */
export const VARIABLE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Why a Set Context request is refused, with the message naming the variable. */
export interface ContextRefusal {
  code: 'undefined_variable' | 'invalid_value' | 'validation_error';
  message: string;
}

/**
 * Applies Set Contact / Business Context to the values `current`: every name must be a variable of
 * that context type the team sees, or be auto-created when asked; every value must fit its type.
 * All or nothing: the first refusal is returned and nothing changes. Otherwise the new
 * definitions are added to the world and the merged values returned (names not sent keep their
 * values and place, new ones come last, `null` removes a name, and needs no definition).
 */
export function setContext(world: World, teamId: number, contextType: ContextType, current: ContextValues, updates: Readonly<Record<string, unknown>>, autoCreate: boolean): { values: ContextValues } | { refusal: ContextRefusal } {
  const outcome = plan(world, teamId, contextType, current, updates, autoCreate);
  if ('refusal' in outcome) return outcome;
  // ids are given once the whole request is known to be valid: a refused request uses none
  for (const variable of outcome.created) world.variables.add({ ...variable, id: world.variables.newId() });
  return { values: outcome.values };
}

function plan(world: World, teamId: number, contextType: ContextType, current: ContextValues, updates: Readonly<Record<string, unknown>>, autoCreate: boolean): { values: ContextValues; created: VariableRecord[] } | { refusal: ContextRefusal } {
  const values = new Map(Object.entries(current));
  const created: VariableRecord[] = [];
  for (const [name, value] of Object.entries(updates)) {
    if (value === null) {
      values.delete(name);
      continue;
    }
    const defined = world.variables.byName(teamId, contextType, name);
    if (defined) {
      const checked = checkValue(defined, value);
      if (!checked.ok) return { refusal: { code: 'invalid_value', message: `Invalid value for ${quote(name)} (a ${defined.variable_type} variable): expected ${checked.expected}, got ${quote(value)}` } };
      values.set(name, checked.value);
      continue;
    }
    if (!autoCreate) return { refusal: { code: 'undefined_variable', message: `Variable ${quote(name)} is not defined for ${contextType} context (create it first, or send "auto_create_variables": true)` } };
    if (!VARIABLE_NAME.test(name)) return { refusal: { code: 'validation_error', message: `Invalid request: cannot create a variable named ${quote(name)}: names are lowercase letters, digits and underscores, start with a letter, and have at most 64 characters` } };
    const type = inferType(value);
    if (type === undefined) return { refusal: { code: 'invalid_value', message: `Invalid value for ${quote(name)}: a variable's value is a string, a number or a boolean, got ${quote(value)}` } };
    const checked = checkValue({ variable_type: type, select_options: null }, value);
    if (!checked.ok) return { refusal: { code: 'invalid_value', message: `Invalid value for ${quote(name)} (a ${type} variable): expected ${checked.expected}` } };
    created.push({ id: 0, name, display_name: displayName(name), description: null, variable_type: type, context_type: contextType, is_default: false, select_options: null, team_id: teamId });
    values.set(name, checked.value);
  }
  return { values: Object.fromEntries(values), created };
}

/** A name or value as a message shows it: JSON, cut at 100 characters. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
