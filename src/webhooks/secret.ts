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

/**
 * The secret of `--webhook-url`'s webhooks unless `--webhook-secret` gives one: public (the
 * README prints it), since it guards nothing but a development sandbox's deliveries to your own
 * machine. It is the base64 of "klen-mock webhook secret".
 */
export const DEFAULT_WEBHOOK_SECRET = 'whsec_a2xlbi1tb2NrIHdlYmhvb2sgc2VjcmV0';

/** Why `secret` is not a usable webhook secret (`whsec_` + base64 of 24 to 64 bytes), or undefined. */
export function secretProblem(secret: string): string | undefined {
  const base64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64').length : 0;
  return bytes >= 24 && bytes <= 64 ? undefined : 'must be whsec_ and the base64 of 24 to 64 bytes (the Standard Webhooks format), as whsec_a2xlbi1tb2NrIHdlYmhvb2sgc2VjcmV0';
}
