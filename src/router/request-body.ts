import { ApiError } from '../errors/api-error.js';

/** Largest request body the sandbox reads; larger is `413 payload_too_large` (openapi.yaml says the same). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Deepest nesting of arrays and objects a body may have (deeper is `400 validation_error`). */
export const MAX_BODY_DEPTH = 64;

/** A request body as the HTTP layer read it. */
export interface RawBody {
  /** The body as UTF-8 text (empty when there was none); cut off once it passed the limit. */
  text: string;
  /** More than MAX_BODY_BYTES were sent. */
  tooLarge: boolean;
  contentType: string | undefined;
}

/**
 * The JSON value of a body, or the documented answer: `413 payload_too_large`,
 * `415 unsupported_media_type` (a Content-Type other than JSON; none at all is read as JSON),
 * `400 invalid_json` (empty or not JSON), or `400 validation_error` for JSON nested past
 * MAX_BODY_DEPTH (so nothing downstream recurses through a hostile body).
 */
export function parseJsonBody(raw: RawBody | undefined): { value: unknown } | ApiError {
  if (raw?.tooLarge) return new ApiError(413, 'payload_too_large');
  const type = raw?.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== undefined && type !== '' && type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    return new ApiError(415, 'unsupported_media_type');
  }
  const text = raw?.text ?? '';
  if (text.trim() === '') return new ApiError(400, 'invalid_json');
  const tooDeep = nestingDepth(text) > MAX_BODY_DEPTH;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // not JSON is invalid_json, however deep; valid JSON too deep for the parser is too deep
    return error instanceof SyntaxError && !(tooDeep && /stack/i.test(error.message)) ? new ApiError(400, 'invalid_json') : tooDeepError();
  }
  return tooDeep ? tooDeepError() : { value };
}

function tooDeepError(): ApiError {
  return new ApiError(400, 'validation_error', `Invalid request: the body nests deeper than ${MAX_BODY_DEPTH} levels`);
}

/** The deepest nesting of `[` and `{` outside strings: one pass, no recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
