/**
 * The dispatcher's bounds, on a world of its own and a receiver on 127.0.0.1: a full queue drops
 * (and says so), at most `concurrency` attempts are in flight, one webhook's deliveries go one at
 * a time in the order recorded.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../openapi/ajv.js';
import { loadContract } from '../openapi/load-contract.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES } from '../package-info.js';
import { loadSeed } from '../world/load-seed.js';
import type { Seed } from '../world/seed.js';
import { DEFAULT_CALL_TIMING, World } from '../world/world.js';
import { DEFAULT_DELIVERY_OPTIONS, WebhookDispatcher } from './dispatcher.js';
import { WEBHOOK_EVENT_TYPES } from './registry.js';
import { newWebhookSecret } from './secret.js';

let seed: Seed;
let url = '';
const held: ServerResponse[] = [];
const arrivals: string[] = [];
let open = 0;
let mostOpen = 0;
const receiver = createServer((req, res) => {
  open += 1;
  mostOpen = Math.max(mostOpen, open);
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    arrivals.push(`${req.url} ${(JSON.parse(body) as { calendar_event: { title: string } }).calendar_event.title}`);
    held.push(res);
  });
  res.on('finish', () => (open -= 1));
});

beforeAll(async () => {
  const contract = await loadContract(DEFAULT_CONTRACT);
  seed = (await loadSeed({ dir: DEFAULT_FIXTURES, defaultsDir: DEFAULT_FIXTURES, contract, compileSchema: async () => (schema) => createAjv().compile(schema) })).seed;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  held.splice(0).forEach((res) => res.end());
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Answers every held request, until `done()` holds. */
async function answerUntil(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !done(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > deadline) throw new Error('timed out');
    held.splice(0).forEach((res) => res.end('ok'));
  }
}

describe('WebhookDispatcher', () => {
  it('queues at most maxQueued deliveries, keeps concurrency, and sends one webhook’s deliveries in order', async () => {
    const dispatcher = new WebhookDispatcher({ ...DEFAULT_DELIVERY_OPTIONS, maxQueued: 4, concurrency: 1, userAgent: 'test' }, { info() {}, warn() {}, error() {} });
    const world = new World('bounds', seed, { clock: { mode: 'manual', start: Date.parse('2025-05-01T12:00:00Z') }, callTiming: DEFAULT_CALL_TIMING, webhooks: { sink: dispatcher } });
    for (const id of [1, 2]) {
      world.webhooks.add({ id, team_id: 101, name: `w${id}`, url: `${url}/w${id}`, subscribed_events: [...WEBHOOK_EVENT_TYPES], is_active: true, secret: newWebhookSecret(), created_at: '2025-05-01T12:00:00Z' });
    }
    // three events × two webhooks = six deliveries for a queue of four: the last two are dropped
    const event = world.calendar.get(123);
    if (!event) throw new Error('no event 123');
    for (const title of ['first', 'second', 'third']) {
      world.calendar.put({ ...event, title, revision: event.revision + 1 });
      world.emit('calendar.updated', world.clock.now(), { calendar_event: { id: 123, uuid: event.uuid } });
    }
    const log = world.deliveries.list().reverse();
    expect(log.map((d) => d.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'failed', 'failed']);
    expect(log[4]?.note).toBe('dropped: 4 deliveries were already waiting');
    await answerUntil(() => world.deliveries.list().filter((d) => d.state === 'delivered').length === 4);
    expect(mostOpen).toBe(1);
    expect(arrivals.filter((a) => a.startsWith('/w1'))).toEqual(['/w1 first', '/w1 second']);
    expect(arrivals.filter((a) => a.startsWith('/w2'))).toEqual(['/w2 first', '/w2 second']);
    dispatcher.close();
    world.dispose();
  });
});
