import type { VariableRecord, VariableType } from './records.js';

/**
 * The values of context variables: checked against the variable's type as the Set Contact /
 * Business Context pages' "Data Type Validation" table says, and stored normalized to it.
 *
 * | type    | accepted                                        | stored            |
 * |---------|-------------------------------------------------|-------------------|
 * | text    | any string                                      | as sent           |
 * | number  | a finite number, or a numeric string ("42")     | a JSON number     |
 * | date    | "2023-12-01" or an RFC 3339 date-time           | as sent           |
 * | boolean | true, false, "true"/"false"/"yes"/"no"/"1"/"0"  | a JSON boolean    |
 * | select  | one of the options, exactly                     | as sent           |
 */
export type ValueCheck = { ok: true; value: string | number | boolean } | { ok: false; expected: string };

/** Longest text value stored (Inferred: the docs state none; a bound keeps a world's size sane). */
export const MAX_TEXT_VALUE = 10_000;

const NUMERIC = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 (time-secfrac is "." 1*DIGIT: any number of digits). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

export function checkValue(variable: Pick<VariableRecord, 'variable_type' | 'select_options'>, value: unknown): ValueCheck {
  switch (variable.variable_type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_VALUE ? { ok: true, value } : { ok: false, expected: `a string of at most ${MAX_TEXT_VALUE} characters` };
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
      const parsed = typeof value === 'string' && NUMERIC.test(value) ? Number(value) : Number.NaN;
      return Number.isFinite(parsed) ? { ok: true, value: parsed } : { ok: false, expected: 'a number or a numeric string' };
    }
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { ok: true, value } : { ok: false, expected: 'an ISO date ("2023-12-01") or date-time ("2023-01-15T14:30:00Z")' };
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (word !== undefined && TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (word !== undefined && FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, expected: 'true, false, or one of "true", "false", "yes", "no", "1", "0"' };
    }
    case 'select': {
      const options = variable.select_options ?? [];
      return typeof value === 'string' && options.includes(value) ? { ok: true, value } : { ok: false, expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}` };
    }
  }
}

/**
 * The type an auto-created variable gets from its first value (the pages: "The variable type is
 * inferred from the value"): boolean, number, a date or date-time string → date, any other
 * string → text. Objects and arrays have none (the value is `invalid_value`).
 */
export function inferType(value: unknown): VariableType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'string') return isIsoDate(value) ? 'date' : 'text';
  return undefined;
}

/** A real calendar date (`2023-02-30` is not), alone or with an RFC 3339 time. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text) ?? DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (match.length > 4) {
    const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6])];
    if (hours > 23 || minutes > 59 || seconds > 60) return false;
  }
  return true;
}
