/**
 * Routing, compiled once: each path template of the contract becomes one regular expression
 * at start-up (openapi-backend's router builds them again on every request, which its CPU
 * profile showed as the main cost of a request).
 *
 * Matching follows openapi-backend's rules: exact paths before templates, more specific
 * templates (longer literal part) first, trailing slashes ignored, `{param}` matching one
 * non-empty segment.
 */
export type PathMatch<T> =
  | { kind: 'operation'; operation: T; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledPath<T> {
  template: string;
  regex: RegExp;
  names: string[];
  byMethod: Map<string, T>;
}

export class PathMatcher<T> {
  readonly #paths: CompiledPath<T>[];

  /** `operations`: method (lower case) and path template of each operation. */
  constructor(operations: ReadonlyArray<{ method: string; path: string; operation: T }>) {
    const byTemplate = new Map<string, CompiledPath<T>>();
    for (const { method, path, operation } of operations) {
      let compiled = byTemplate.get(path);
      if (!compiled) {
        const names: string[] = [];
        // a template's own trailing slash (Create Webhook's documented `/api/webhooks/create/`) is
        // ignored like a request's, so both spellings reach it
        const pattern = (path.length > 1 ? path.replace(/\/+$/, '') : path)
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const name = /^\{([^}]+)\}$/.exec(part)?.[1];
            if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(name);
            return '([^/]+)';
          })
          .join('');
        compiled = { template: path, regex: new RegExp(`^${pattern}$`), names, byMethod: new Map() };
        byTemplate.set(path, compiled);
      }
      compiled.byMethod.set(method, operation);
    }
    const literalLength = (p: CompiledPath<T>) => p.template.replace(/\{[^}]+\}/g, '').length;
    this.#paths = [...byTemplate.values()].sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0) || literalLength(b) - literalLength(a));
  }

  /** `path` is the raw (percent-encoded) path without the query string; parameters come back decoded. */
  match(method: string, rawPath: string): PathMatch<T> {
    let path = rawPath;
    while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    let allowed: string[] | undefined;
    for (const compiled of this.#paths) {
      const found = compiled.regex.exec(path);
      if (!found) continue;
      const operation = compiled.byMethod.get(method);
      if (operation === undefined) {
        allowed ??= [...compiled.byMethod.keys()].map((m) => m.toUpperCase());
        continue;
      }
      const params: Record<string, string> = {};
      compiled.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] as string); // URIError for bad encoding: the caller's 404
      });
      return { kind: 'operation', operation, params };
    }
    return allowed ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
