import type { Socket } from 'node:net';

/**
 * Node answers requests it cannot parse (malformed request line, oversized headers) before
 * express sees them, with an empty body. This writes the Klen envelope instead, so even these
 * answers are JSON.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large']
      : [400, 'Bad Request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: 'validation_error', message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
  );
}
