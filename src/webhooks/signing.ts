import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { secretKey } from './secret.js';

/**
 * The signature headers of one delivery attempt of `body`:
 *
 * - `X-Klen-Signature: sha256=<hex>`, the header the Klen docs name, with (Inferred: the docs'
 *   "Webhook Security" page was not found) the HMAC-SHA256 of the raw body under the secret's key
 *   bytes, GitHub's form;
 * - the Standard Webhooks headers, made by the `standardwebhooks` package itself:
 *   `webhook-id` (the same for every attempt of one event: the receiver's idempotency key),
 *   `webhook-timestamp` (unix seconds of this attempt, wall clock, since verifiers reject skew even
 *   when the sandbox's clock is manual) and `webhook-signature` (`v1,<base64>` over
 *   `id.timestamp.body`).
 */
export function signatureHeaders(secret: string, messageId: string, body: string, attemptAt: Date): Record<string, string> {
  return {
    'X-Klen-Signature': `sha256=${createHmac('sha256', secretKey(secret)).update(body).digest('hex')}`,
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, attemptAt, body),
  };
}
