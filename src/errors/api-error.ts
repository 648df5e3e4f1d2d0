/**
 * An error that the sandbox answers with the Klen envelope `{ error, message }`.
 *
 * Code throws these; exactly one place (`http/error-response.ts`) turns them into HTTP.
 * `message` may be left out: the documented message for `code` is then taken from the
 * contract's named example for the matched operation.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly documentedMessage: boolean;

  constructor(
    status: number,
    code: string,
    message?: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
    // true when the message must come from the contract rather than from the thrower
    this.documentedMessage = message === undefined;
  }
}
