/**
 * Who may use the admin API (`/__mock/…`):
 * - `local` (the default): clients on this machine only (loopback addresses);
 * - `all`: any client, e.g. the host of a Docker container;
 * - `off`: nobody: `/__mock/…` paths are unknown paths of the API.
 */
export type AdminAccess = 'local' | 'all' | 'off';

export const ADMIN_ACCESS_VALUES: readonly AdminAccess[] = ['local', 'all', 'off'];

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
