/**
 * One POST to a receiver never rejects and never throws: every failure is a result (an URL Node
 * cannot parse used to throw from inside the promise, before its timer existed, and took the
 * process down: found by the property tests).
 */
import { describe, expect, it } from 'vitest';
import { sendWebhook } from './send-webhook.js';

describe('sendWebhook', () => {
  it('answers a URL Node cannot parse, or a refused connection, as a failed attempt', async () => {
    const limits = { timeoutMs: 1000, maxResponseBytes: 1024 };
    for (const url of ['http://example.com:99999/hook', 'http://256.256.256.256/', 'not a url']) {
      expect(await sendWebhook(url, {}, '{}', limits)).toMatchObject({ status: null, error: 'invalid URL', response: '' });
    }
    expect(await sendWebhook('http://127.0.0.1:1/refused', {}, '{}', limits)).toMatchObject({ status: null, error: 'ECONNREFUSED' });
    // https goes through node:https (loaded on first use), to the same refusal
    expect(await sendWebhook('HTTPS://127.0.0.1:1/refused', {}, '{}', limits)).toMatchObject({ status: null, error: 'ECONNREFUSED' });
  });
});
