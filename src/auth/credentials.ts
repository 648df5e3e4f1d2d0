import type { OpenAPIV3_1 } from 'openapi-types';
import { StartupError } from '../errors/startup-error.js';

/** How a request carried its key, named after the three documented methods. */
export type AuthMethod = 'bearer' | 'x-api-key' | 'query';

export interface Credential {
  method: AuthMethod;
  key: string;
}

export interface CredentialSource {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

/** Reads one security scheme's credential from a request, or undefined when it is absent. */
export type CredentialExtractor = (request: CredentialSource) => Credential | undefined;

const BEARER = /^Bearer[ \t]+(.*)$/i;

/**
 * Builds the extractor for a security scheme of the contract. Only the kinds the Klen docs
 * use are supported (HTTP bearer, API key in a header or in the query); anything else in the
 * contract is a startup error, so no scheme is silently ignored.
 *
 * A present but empty value (`Authorization: Bearer ` or `?api_key=`) counts as absent.
 * A repeated header or query parameter is kept whole (joined), so it is an unknown key.
 */
export function credentialExtractor(
  contractFile: string,
  name: string,
  scheme: OpenAPIV3_1.SecuritySchemeObject,
): CredentialExtractor {
  if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'bearer') {
    return ({ headers }) => {
      const match = BEARER.exec(single(headers['authorization']) ?? '');
      const key = match?.[1]?.trim();
      return key ? { method: 'bearer', key } : undefined;
    };
  }
  if (scheme.type === 'apiKey' && scheme.in === 'header') {
    const header = scheme.name.toLowerCase();
    return ({ headers }) => {
      const key = single(headers[header])?.trim();
      return key ? { method: 'x-api-key', key } : undefined;
    };
  }
  if (scheme.type === 'apiKey' && scheme.in === 'query') {
    return ({ query }) => {
      const key = single(query[scheme.name] as string | string[] | undefined)?.trim();
      return key ? { method: 'query', key } : undefined;
    };
  }
  throw new StartupError(contractFile, `components.securitySchemes.${name}: klen-mock supports HTTP bearer and API keys in a header or the query, not ${JSON.stringify(scheme)}`);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
