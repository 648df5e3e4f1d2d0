import type { ErrorObject } from 'ajv';

/**
 * Ajv errors as one readable line each: JSON pointer, then what was expected.
 *
 * The bookkeeping errors of a failed `oneOf`/`anyOf` (and the "must be null" of a nullable
 * alternative) are dropped when a more precise error explains the failure.
 */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  const isNoise = (e: ErrorObject) =>
    e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null');
  const precise = errors.filter((e) => !isNoise(e));
  return (precise.length > 0 ? precise : errors).map((error) => {
    const where = error.instancePath === '' ? '/' : error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const property = params['additionalProperty'] ?? params['unevaluatedProperty'];
      return `${where} has a property the contract does not allow: "${String(property)}"`;
    }
    if (error.keyword === 'enum') {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return `${where} must be one of ${allowed}`;
    }
    return `${where} ${error.message ?? 'is invalid'}`;
  });
}
