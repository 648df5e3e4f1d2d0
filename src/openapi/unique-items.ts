import { isDeepStrictEqual } from 'node:util';

/**
 * The first repeated item of an array, as `[i, j]`: item i (the later) equals item j. Ajv 8.20's
 * own `uniqueItems` indexes the strings of an array in a plain object, so `["__proto__",
 * "__proto__"]` passed as unique (the property tests of Create Webhook found it: a repeated event
 * name got past the body check); this indexes primitives in a Map and compares the rest deeply.
 * The validators call it at run time (src/openapi/ajv.ts defines the keyword), whether compiled
 * now or loaded from a validator pack.
 */
export function duplicateItems(data: readonly unknown[]): [number, number] | undefined {
  const seen = new Map<unknown, number>();
  const objects: number[] = [];
  for (let i = 0; i < data.length; i += 1) {
    const item: unknown = data[i];
    let j: number | undefined;
    if (typeof item === 'object' && item !== null) {
      j = objects.find((k) => isDeepStrictEqual(data[k], item));
      objects.push(i);
    } else {
      j = seen.get(item);
      if (j === undefined) seen.set(item, i);
    }
    if (j !== undefined) return [i, j];
  }
  return undefined;
}
