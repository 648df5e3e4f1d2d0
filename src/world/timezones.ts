/**
 * A contact's IANA timezone, derived from its address (the Get Contact Details page shows
 * `timezone` but Create Contact takes none; Inferred: the US state's zone, else the country's
 * main zone, else null). A small table on purpose: it covers the countries of the seeded contacts
 * and the common ones; a country it does not know gives null rather than a guess.
 */
const US_STATES: Readonly<Record<string, string>> = {
  ...zone('America/New_York', 'CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV'),
  ...zone('America/Chicago', 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'),
  ...zone('America/Denver', 'CO MT NM UT WY ID'),
  ...zone('America/Phoenix', 'AZ'),
  ...zone('America/Los_Angeles', 'CA NV OR WA'),
  ...zone('America/Anchorage', 'AK'),
  ...zone('Pacific/Honolulu', 'HI'),
};

const COUNTRIES: Readonly<Record<string, string>> = {
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  SE: 'Europe/Stockholm',
  CH: 'Europe/Zurich',
  JP: 'Asia/Tokyo',
  IN: 'Asia/Kolkata',
  SG: 'Asia/Singapore',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  CA: 'America/Toronto',
};

export function timezoneOf(country: string, state: string | null): string | null {
  const code = country.trim().toUpperCase();
  if (code === 'US' || code === 'USA') return state === null ? null : lookup(US_STATES, state.trim().toUpperCase());
  return lookup(COUNTRIES, code);
}

function lookup(table: Readonly<Record<string, string>>, key: string): string | null {
  return Object.hasOwn(table, key) ? (table[key] as string) : null;
}

function zone(name: string, states: string): Record<string, string> {
  return Object.fromEntries(states.split(' ').map((s) => [s, name]));
}
