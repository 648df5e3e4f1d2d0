/**
 * A real browser (Debian's Chromium, driven by playwright-core) on a page from another origin
 * than the sandbox: the page fetches the documented example with each auth method and a
 * simulated 500 and renders what it got. This proves CORS and the frontend workflow as a
 * browser enforces them; the docs page is rendered too, with no network but loopback.
 *
 * CI installs Chromium (.ci/run); elsewhere the test is skipped, with a warning, when
 * /usr/bin/chromium is missing.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers/sandbox.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env['CI']) throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install chromium)`);
if (!available) console.warn(`WARNING: ${CHROMIUM} not found, the real-browser tests are skipped (apt-get install chromium)`);

/** The frontend under test: what an app on another origin would do. */
const PAGE = `<!doctype html>
<html><body><ul id="results"></ul>
<script>
  const sandbox = new URLSearchParams(location.search).get('sandbox');
  const key = 'klen_abcdef123456789';
  const cases = [
    ['bearer', '/api/v1/calls/123', { Authorization: 'Bearer ' + key }],
    ['x-api-key', '/api/v1/calls/call_def456', { 'X-API-Key': key }],
    ['query', '/api/v1/calls/123?api_key=' + key, {}],
    ['simulated-500', '/api/v1/calls/123', { Authorization: 'Bearer ' + key, 'X-Mock-Error': 'server_error' }],
    ['rate-limited', '/api/v1/calls/123', { Authorization: 'Bearer klen_test_rate_limited' }],
    // a "Call now" button: a JSON POST in a session of its own (a preflighted request), then the call it created
    ['initiate', '/api/v1/calls', { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json', 'X-Mock-Session': 'browser' }, '{"phone_number":"+15551234567","agent_id":123}'],
    ['created', '/api/v1/calls/191', { Authorization: 'Bearer ' + key, 'X-Mock-Session': 'browser' }],
    ['not-in-default', '/api/v1/calls/191', { Authorization: 'Bearer ' + key }],
    // a CRM screen: create a contact, edit it (PATCH, preflighted), delete a context variable (DELETE)
    ['create-contact', '/api/v1/contacts/create', { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json', 'X-Mock-Session': 'browser' }, '{"first_name":"Browser","last_name":"User"}'],
    ['patch-contact', '/api/v1/contacts/942/update', { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json', 'X-Mock-Session': 'browser' }, '{"stage":"customer"}', 'PATCH'],
    ['delete-variable', '/api/v1/context-variables/1/delete', { Authorization: 'Bearer ' + key, 'X-Mock-Session': 'browser' }, undefined, 'DELETE'],
  ];
  (async () => {
    for (const [name, path, headers, body, method] of cases) {
      const li = document.createElement('li');
      li.id = name;
      try {
        const res = await fetch(sandbox + path, { method: method || (body ? 'POST' : 'GET'), headers, body });
        const json = await res.json();
        const what = json.call_id ? json.status || json.call_id : json.full_name ? json.full_name + ' ' + json.stage : json.error || json.message;
        li.textContent = res.status + ' ' + what + (res.headers.get('Retry-After') ? ' retry-after=' + res.headers.get('Retry-After') : '') + (res.headers.get('Location') ? ' location=' + res.headers.get('Location') : '');
      } catch (error) {
        li.textContent = 'blocked: ' + error.message;
      }
      document.getElementById('results').append(li);
    }
    document.body.dataset.done = 'yes';
  })();
</script></body></html>`;

describe.skipIf(!available)('in a real browser', () => {
  const sandbox = useSandbox({ clock: 'manual' });
  let browser: Browser;
  let app: Server;
  let appUrl = '';

  beforeAll(async () => {
    app = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)).listen(0, 'localhost');
    await once(app, 'listening');
    appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    app?.close();
  });

  it('a page on another origin reads the example by each auth method, and the simulated errors', async () => {
    const page = await browser.newPage();
    // the page is served from localhost:<port>, the sandbox from 127.0.0.1:<other port>: two origins
    expect(new URL(appUrl).origin).not.toBe(new URL(sandbox.url).origin);
    await page.goto(`${appUrl}/?sandbox=${encodeURIComponent(sandbox.url)}`);
    await page.waitForSelector('body[data-done="yes"]', { timeout: 15_000 });
    const results = Object.fromEntries(await page.$$eval('li', (items) => items.map((li) => [li.id, li.textContent])));
    expect(results).toEqual({
      bearer: '200 completed',
      'x-api-key': '200 completed',
      query: '200 completed',
      'simulated-500': '500 server_error',
      'rate-limited': '429 rate_limit_exceeded retry-after=60',
      initiate: '201 queued location=/api/v1/calls/191',
      created: '200 queued',
      'not-in-default': '404 not_found',
      'create-contact': '201 Browser User lead location=/api/v1/contacts/942',
      'patch-contact': '200 Browser User customer',
      'delete-variable': '200 Variable definition deleted successfully',
    });
    await page.close();
  });

  it('the offline API reference renders the contract', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/__mock/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 15_000 });
    const paths = await page.$$eval('.opblock-summary-path', (items) => items.map((item) => item.textContent ?? ''));
    expect(paths.join(' ')).toContain('/api/v1/calls/{call_id}');
    expect(paths.join(' ')).toContain('/api/v1/agents');
    expect(paths.join(' ')).toContain('/api/v1/contacts/{contact_id}/update');
    expect(paths.join(' ')).toContain('/api/v1/context-variables/{variable_id}/delete');
    expect(await page.textContent('.info .title')).toContain('Klen AI API');
    await page.screenshot({ path: 'test-results/docs-page.png' }).catch(() => undefined);
    await page.close();
  });
});
