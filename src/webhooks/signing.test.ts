/**
 * A delivery's signature headers verify as a receiver would verify them: `X-Klen-Signature`
 * with Node's own HMAC (independently of how the sandbox made it), the Standard Webhooks headers
 * with the `standardwebhooks` package, the secret passed as Create Webhook gave it.
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, secretKey } from './secret.js';
import { signatureHeaders } from './signing.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ event_type: 'call.ended', call: { id: 123 }, timestamp: '2025-04-23T14:35:15Z' });

  it('X-Klen-Signature is sha256= and the hex HMAC-SHA256 of the raw body under the secret’s key bytes', () => {
    const headers = signatureHeaders(secret, 'msg_1', body, new Date());
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    expect(key).toHaveLength(24);
    expect(secretKey(secret).equals(key)).toBe(true);
    expect(headers['X-Klen-Signature']).toBe(`sha256=${createHmac('sha256', key).update(body).digest('hex')}`);
    expect(signatureHeaders(secret, 'msg_1', `${body} `, new Date())['X-Klen-Signature']).not.toBe(headers['X-Klen-Signature']);
  });

  it('the Standard Webhooks headers verify with the standardwebhooks package, and fail for another body, secret or stale timestamp', () => {
    const now = new Date();
    const headers = signatureHeaders(secret, 'msg_2', body, now);
    expect(headers['webhook-id']).toBe('msg_2');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('123', '124'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    const stale = signatureHeaders(secret, 'msg_3', body, new Date(now.getTime() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, stale)).toThrow(); // a receiver rejects a skewed timestamp
  });

  it('webhook-signature is byte for byte what the standardwebhooks package signs (the sandbox signs with Node’s crypto, for speed)', () => {
    for (const text of [body, '', 'ünïcödé ✓', JSON.stringify({ long: 'x'.repeat(100_000) })]) {
      const at = new Date(1_764_756_000_123);
      expect(signatureHeaders(secret, 'msg_abc', text, at)['webhook-signature']).toBe(new Webhook(secret).sign('msg_abc', at, text));
    }
  });
});
