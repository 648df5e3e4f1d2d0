/**
 * Messages for error codes outside an operation's documented list (unknown paths, methods,
 * sandbox control errors). Wording from the Development Guide's table where it has one.
 */
export const GENERIC_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  validation_error: 'Invalid input parameters',
  authentication_required: 'API key is required',
  invalid_key: 'Invalid or inactive API key',
  permission_denied: 'API key lacks required permission',
  not_found: 'Requested resource not found',
  method_not_allowed: 'Method not allowed',
  rate_limit_exceeded: 'Rate limit exceeded',
  server_error: 'An unexpected server error occurred',
};
