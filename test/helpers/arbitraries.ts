/**
 * fast-check arbitraries shared by the property tests (property.test.ts,
 * property-operations.test.ts): header text, credentials in the three documented ways, the
 * sandbox's session names, and the oracle of which key a request carries.
 *
 * Each factory builds its arbitrary exactly as the property tests did before it moved here, so
 * a seed replays the same requests it always did.
 */
import fc from 'fast-check';

/** The documented example key (team 101, every permission). */
export const EXAMPLE_KEY = 'klen_abcdef123456789';

/** Printable Latin-1: what an HTTP client can put in a header value. */
export const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

/** Absent three times out of four: most requests carry only some of the optional parts. */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/**
 * A key as a client may send it: `keys[0]` most often, any of `keys`, header garbage, empty,
 * oversized (4-6 kB), or a valid key wrapped in quotes, spaces or a list.
 */
export const keyValue = (keys: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(keys[0] as string) },
    { weight: 4, arbitrary: fc.constantFrom(...keys) },
    { weight: 2, arbitrary: headerText(40) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('k', 'l', 'e', 'n', '_'), minLength: 4000, maxLength: 6000 }) },
    { weight: 1, arbitrary: fc.constantFrom(' ', '  klen_abcdef123456789  ', 'klen_abcdef123456789, klen_test_inactive', '"klen_abcdef123456789"', 'klen_abcdef123456789;') },
  );

/** An `Authorization` header (absent half of the time): Bearer mostly, other schemes, malformed. */
export const authorization = (key: fc.Arbitrary<string>) =>
  fc.option(
    fc.oneof(
      { weight: 4, arbitrary: key.map((k) => `Bearer ${k}`) },
      key.map((k) => `bearer ${k}`),
      key.map((k) => `Basic ${k}`),
      key.map((k) => `Token ${k}`),
      fc.constantFrom('Bearer', 'Bearer  ', 'klen_abcdef123456789'),
    ),
    { freq: 2, nil: undefined },
  );

/** The three documented ways of sending a key, each optional; spread into a request's fc.record. */
export const credentialParts = (key: fc.Arbitrary<string>) => ({
  authorization: authorization(key),
  apiKeyHeader: sometimes(key),
  apiKeyQuery: sometimes(fc.oneof(key, fc.string({ unit: 'grapheme', maxLength: 20 }))),
});

export interface Credentials {
  authorization: string | undefined;
  apiKeyHeader: string | undefined;
  apiKeyQuery: string | undefined;
}

/** The credential headers of a request (the query part is `apiKeyQueryPart`). */
export function credentialHeaders(r: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (r.authorization !== undefined) headers['Authorization'] = r.authorization;
  if (r.apiKeyHeader !== undefined) headers['X-API-Key'] = r.apiKeyHeader;
  return headers;
}

/** `api_key=…` for the query string, or undefined. */
export function apiKeyQueryPart(r: Credentials): string | undefined {
  return r.apiKeyQuery === undefined ? undefined : `api_key=${encodeURIComponent(r.apiKeyQuery)}`;
}

/**
 * The oracle: which key the documented order picks (Bearer, then X-API-Key, then the query;
 * empty values count as absent).
 */
export function winningKey(r: Credentials): string | undefined {
  const bearer = /^Bearer[ \t]+(.*)$/i.exec(r.authorization?.trim() ?? '')?.[1]?.trim();
  return [bearer, r.apiKeyHeader?.trim(), r.apiKeyQuery?.trim()].find((k) => k !== undefined && k !== '');
}

/** `X-Mock-Session` names: openapi.yaml `#/components/parameters/MockSession`. */
export const SESSION_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/** The header value as the server receives it: a client strips spaces and tabs at either end (RFC 9110 §5.5). */
export const httpTrim = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

/**
 * `X-Mock-Session` values: valid names (random, `default`, the longest), and invalid ones:
 * empty, 65 characters, characters outside the set, lists.
 */
export const sessionName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/) },
  { weight: 1, arbitrary: fc.constantFrom('default', 'DEFAULT', 'ci-job-4711', 'a', 'x'.repeat(64), '...', ':', '-', ' padded ') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(65), 'with space', 'a/b', 'a,b', 'émoji', 'a;b', '"quoted"', 'default,default', '%41') },
  { weight: 1, arbitrary: headerText(70) },
);
