import { randomBytes } from 'node:crypto';

/** The prefix of a webhook secret: the Standard Webhooks format (`whsec_` + base64 of the key bytes). */
const SECRET_PREFIX = 'whsec_';

/**
 * A new webhook signing secret: 24 random bytes, `whsec_` + base64, the format the
 * `standardwebhooks` package (and Svix) take as is, so a receiver passes it straight to
 * `new Webhook(secret)`.
 */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** The key bytes of a secret (`whsec_` + base64). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}
