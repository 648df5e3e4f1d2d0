/**
 * `klen_abcdef123456789` → `klen_a…789`: enough to tell keys apart in a log or a journal,
 * not enough to use one. Keys of 8 characters or fewer show nothing.
 */
export function maskKey(key: string): string {
  return key.length <= 8 ? '…' : `${key.slice(0, 6)}…${key.slice(-3)}`;
}

/** A copy of a parsed query string with the values of the key parameters masked. */
export function maskQuery(query: Record<string, unknown>, keyParameters: readonly string[]): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    masked[name] = keyParameters.includes(name) ? (Array.isArray(value) ? value.map((v) => maskKey(String(v))) : maskKey(String(value))) : value;
  }
  return masked;
}
