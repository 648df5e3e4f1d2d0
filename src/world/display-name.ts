/**
 * `qualified_lead` → "Qualified Lead": the display names of contact stages and statuses (the
 * Get Contact Details example) and of auto-created context variables (`office_hours` → "Office
 * Hours", the Set Context pages).
 */
export function displayName(snakeCase: string): string {
  return snakeCase
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
