/**
 * `--webhook-hosts`: the hosts deliveries may go to, for a shared sandbox (by default a local
 * development tool delivers to any http(s) URL). A pattern is a host name (`localhost`), an IP
 * address (`127.0.0.1`, `[::1]`), or `*.` and a domain (`*.internal`: any host under it, not the
 * domain itself). Matching ignores case and the port.
 */
export class AllowedHosts {
  readonly patterns: readonly string[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  }

  /** Why a pattern list is not usable (empty, or a pattern that is not a host), or undefined. */
  static problem(patterns: readonly string[]): string | undefined {
    const kept = patterns.map((p) => p.trim()).filter((p) => p !== '');
    if (kept.length === 0) return 'must name at least one host, as localhost,127.0.0.1,*.internal';
    const bad = kept.find((p) => !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/.test(p));
    return bad === undefined ? undefined : `"${bad}" is not a host name, an IP address or *.domain`;
  }

  /** Whether a delivery may go to `url` (an http(s) URL). */
  allows(url: string): boolean {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return false;
    }
    return this.patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
  }
}

/** Whether deliveries can go to `url`: the WHATWG URL parser (what deliveries use) takes it, http(s), with a host. */
export function isDeliverableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
