/**
 * An answer in the Klen envelope `{ error, message }`, returned (or thrown) instead of a result.
 *
 * Exactly one place (`errors/error-result.ts`) turns these into results. `message` may be left
 * out: the documented message for `code` is then taken from the contract's named example for
 * the matched operation.
 *
 * Not an `Error` subclass on purpose: it is an expected answer, not a failure, and capturing a
 * stack trace for it cost more than the rest of an error response (CPU profile, issue 5).
 */
export class ApiError {
  readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly documentedMessage: boolean;

  constructor(status: number, code: string, message?: string, headers: Readonly<Record<string, string>> = {}) {
    this.status = status;
    this.code = code;
    this.message = message ?? code;
    this.headers = headers;
    // true when the message must come from the contract rather than from the thrower
    this.documentedMessage = message === undefined;
  }
}
