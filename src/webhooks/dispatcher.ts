import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Logger } from '../logging/logger.js';
import { mulberry32 } from '../random/mulberry32.js';
import { isoSeconds, type WebhookSink, type World, type WorldEvent } from '../world/world.js';
import type { Delivery } from './delivery-log.js';
import { webhookMessage } from './payloads.js';
import { sendWebhook } from './send-webhook.js';
import { signatureHeaders } from './signing.js';

/**
 * Seconds from a failed attempt to the next: Standard Webhooks' schedule (openapi.yaml says the
 * same under each webhook's `default` response). Ten attempts in all.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];

export interface DeliveryOptions {
  /** Seconds of the world's clock from each failed attempt to the next; its length + 1 attempts in all. */
  retrySchedule: readonly number[];
  /** An attempt with no complete answer within this long fails. */
  timeoutMs: number;
  /** Most deliveries waiting to be sent, across worlds; more are dropped (and logged). */
  maxQueued: number;
  /** Most attempts in flight at once, across worlds. */
  concurrency: number;
  /** Opt-in chaos, 0 to 1: the chance that a delivery is also sent a second time, and that it overtakes the one before it. */
  chaos: number;
  /** Seed of the chaos draws (same seed, same choices). */
  seed: number;
  userAgent: string;
}

export const DEFAULT_DELIVERY_OPTIONS: Omit<DeliveryOptions, 'userAgent'> = {
  retrySchedule: DEFAULT_RETRY_SCHEDULE,
  timeoutMs: 15_000,
  maxQueued: 10_000,
  concurrency: 16,
  chaos: 0,
  seed: 1,
};

/** Bytes of a receiver's answer read (the log keeps them as text). */
export const MAX_RESPONSE_BYTES = 1024;

/** A delivery waiting for its attempt; `duplicate`: chaos sends it once more. */
interface Job {
  world: World;
  delivery: Delivery;
  duplicate: boolean;
}

/**
 * One webhook's deliveries of one world, sent one at a time, in order: a receiver sees events as
 * they happened. `jobs[head…]` wait (a head index, not `shift`: a burst of thousands of
 * deliveries to one webhook made `shift` and `splice` quadratic).
 */
interface Lane {
  key: string;
  jobs: Job[];
  head: number;
  busy: boolean;
  waiting: boolean;
}

/**
 * Sends the worlds' events to their webhooks. A world hands over each event as it records it
 * (the payload is built then, from the world as it is); sending happens later, off the request
 * path: an API request never waits for a receiver. Each webhook's deliveries go one at a time,
 * in order, and at most `concurrency` attempts are in flight in all. A failed attempt is retried
 * on the world's clock (so `--clock manual` tests decide when), with the same `webhook-id`.
 */
export class WebhookDispatcher implements WebhookSink {
  readonly #options: DeliveryOptions;
  readonly #logger: Logger;
  readonly #lanes = new Map<string, Lane>();
  /** Lanes with work that wait for a free slot, oldest first. */
  readonly #ready: Lane[] = [];
  /** Aborts every attempt under way when the server closes (one signal for all: a controller per request cost a tenth of a burst's CPU). */
  readonly #abort = new AbortController();
  #inFlight = 0;
  #queued = 0;
  #random: number;
  #pumpScheduled = false;
  #closed = false;
  /** Resolved (and emptied) whenever nothing is queued or under way: a graceful shutdown waits on it. */
  #idleWaiters: (() => void)[] = [];

  constructor(options: DeliveryOptions, logger: Logger) {
    this.#options = options;
    this.#logger = logger;
    this.#random = options.seed >>> 0;
    setMaxListeners(options.concurrency + 10, this.#abort.signal);
  }

  /** How many deliveries wait for an attempt, and how many attempts are under way. */
  get load(): { queued: number; inFlight: number } {
    return { queued: this.#queued, inFlight: this.#inFlight };
  }

  eventRecorded(world: World, event: WorldEvent): void {
    // most worlds have no webhook: an event then costs nothing more
    if (!world.webhooks.anyActive) return;
    const message = webhookMessage(world, event);
    if (!message) return;
    const subscribers = world.webhooks.subscribers(message.teamId, message.type);
    if (subscribers.length === 0) return;
    const body = JSON.stringify(message.payload);
    for (const webhook of subscribers) {
      const delivery: Delivery = {
        id: `msg_${randomBytes(12).toString('hex')}`,
        webhook_id: webhook.id,
        url: webhook.url,
        event_type: message.type,
        event_sequence: event.sequence,
        request_id: event.request_id,
        triggered: event.triggered === true,
        body,
        state: 'pending',
        next_attempt_at: null,
        created_at: event.time,
        attempts: [],
        note: null,
      };
      world.deliveries.add(delivery);
      this.#enqueue({ world, delivery, duplicate: false });
      if (this.#chance()) this.#enqueue({ world, delivery, duplicate: true });
    }
  }

  retryDue(world: World, deliveryId: string): void {
    const delivery = world.deliveries.get(deliveryId);
    if (delivery?.state !== 'pending') return;
    delivery.next_attempt_at = null;
    this.#enqueue({ world, delivery, duplicate: false });
  }

  /**
   * Sends again the deliveries of a world put back from a data directory that were waiting or
   * under way when the sandbox stopped (pending with no retry scheduled), oldest first, with
   * the same webhook-id: a receiver that got one before the stop drops the copy.
   */
  resume(world: World): void {
    for (const delivery of world.deliveries.list().reverse()) if (delivery.state === 'pending' && delivery.next_attempt_at === null) this.#enqueue({ world, delivery, duplicate: false });
  }

  /** Sends a delivery again now, as a new attempt (the admin API's redeliver); a pending retry is brought forward. */
  redeliver(world: World, delivery: Delivery): void {
    delivery.state = 'pending';
    delivery.next_attempt_at = null;
    delivery.note = null;
    this.#enqueue({ world, delivery, duplicate: false });
  }

  /**
   * Resolves once no delivery waits for an attempt and none is under way (retries due later on a
   * world's clock do not count), or after `ms`, whichever comes first: true if it went idle.
   */
  drain(ms: number): Promise<boolean> {
    if (this.#closed || (this.#queued === 0 && this.#inFlight === 0)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.#idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Stops sending: attempts under way are aborted, waiting ones dropped. */
  close(): void {
    this.#closed = true;
    this.#abort.abort();
    this.#lanes.clear();
    this.#ready.length = 0;
    this.#queued = 0;
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  #enqueue(job: Job): void {
    if (this.#closed) return;
    if (this.#queued >= this.#options.maxQueued) {
      if (!job.duplicate) job.world.deliveries.finish(job.delivery, 'failed', `dropped: ${this.#options.maxQueued} deliveries were already waiting`);
      this.#logger.warn({ delivery: job.delivery.id }, `webhook ${job.delivery.event_type} → ${job.delivery.url} dropped: the delivery queue is full (${this.#options.maxQueued})`);
      return;
    }
    const key = `${job.world.name}\u0000${job.delivery.webhook_id}`;
    let lane = this.#lanes.get(key);
    if (!lane) this.#lanes.set(key, (lane = { key, jobs: [], head: 0, busy: false, waiting: false }));
    lane.jobs.push(job);
    this.#queued += 1;
    if (!lane.waiting && !lane.busy) {
      lane.waiting = true;
      this.#ready.push(lane);
    }
    // sent after the current request or clock step has finished, never inside it
    if (!this.#pumpScheduled) {
      this.#pumpScheduled = true;
      setImmediate(() => {
        this.#pumpScheduled = false;
        this.#pump();
      });
    }
  }

  /** Starts attempts while slots are free, one per lane at a time. */
  #pump(): void {
    while (!this.#closed && this.#inFlight < this.#options.concurrency && this.#ready.length > 0) {
      const lane = this.#ready.shift() as Lane;
      lane.waiting = false;
      if (lane.busy || lane.head === lane.jobs.length) continue;
      const job = this.#take(lane);
      this.#queued -= 1;
      lane.busy = true;
      this.#inFlight += 1;
      void this.#attempt(job).finally(() => {
        this.#inFlight -= 1;
        lane.busy = false;
        if (lane.head < lane.jobs.length) {
          lane.waiting = true;
          this.#ready.push(lane);
        } else if (this.#lanes.get(lane.key) === lane) this.#lanes.delete(lane.key);
        this.#pump();
        if (this.#queued === 0 && this.#inFlight === 0 && this.#idleWaiters.length > 0) for (const wake of this.#idleWaiters.splice(0)) wake();
      });
    }
  }

  /** The lane's next job; with chaos, sometimes the next other delivery, which overtakes the first. */
  #take(lane: Lane): Job {
    const first = lane.jobs[lane.head] as Job;
    const next = lane.jobs[lane.head + 1];
    const other = next && next.delivery === first.delivery ? lane.jobs[lane.head + 2] : next;
    if (other && other.delivery !== first.delivery && this.#chance()) {
      const at = lane.jobs.indexOf(other, lane.head);
      // the overtaking job moves to the head, the others keep their order
      lane.jobs.copyWithin(lane.head + 1, lane.head, at);
      lane.jobs[lane.head] = other;
    }
    const job = lane.jobs[lane.head] as Job;
    lane.jobs[lane.head] = undefined as unknown as Job; // released for the collector
    lane.head += 1;
    if (lane.head > 1024 && lane.head * 2 > lane.jobs.length) {
      lane.jobs = lane.jobs.slice(lane.head);
      lane.head = 0;
    }
    return job;
  }

  async #attempt({ world, delivery, duplicate }: Job): Promise<void> {
    if (world.disposed) return; // the world was reset or dropped: its deliveries go with it
    const webhook = world.webhooks.get(delivery.webhook_id);
    if (!webhook?.is_active) {
      if (!duplicate && delivery.state === 'pending') world.deliveries.finish(delivery, 'failed', webhook ? 'not sent: the webhook was switched off' : 'not sent: the webhook no longer exists');
      return;
    }
    const sentAt = new Date();
    const headers = { 'Content-Type': 'application/json', 'User-Agent': this.#options.userAgent, ...signatureHeaders(webhook.secret, delivery.id, delivery.body, sentAt) };
    const result = await sendWebhook(delivery.url, headers, delivery.body, { timeoutMs: this.#options.timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES, signal: this.#abort.signal });
    if (this.#closed) return;
    const number = delivery.attempts.length + 1;
    delivery.attempts.push({ number, sent_at: sentAt.toISOString(), status: result.status, error: result.error, duration_ms: result.durationMs, response: result.response, duplicate });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const outcome = result.status === null ? (result.error ?? 'no answer') : String(result.status);
    const session = world.name;
    this.#logger.info(
      { delivery: delivery.id, webhook: webhook.id, event: delivery.event_type, attempt: number, status: result.status, ms: result.durationMs, session },
      `webhook ${delivery.event_type} → ${delivery.url} ${outcome} ${result.durationMs}ms · attempt ${number}${duplicate ? ' (chaos: duplicate)' : ''} · ${delivery.id}${session === 'default' ? '' : ` · session ${session}`}`,
    );
    world.changed();
    // a duplicate sent by chaos changes nothing: the delivery's own attempts decide its state
    if (duplicate || world.disposed || delivery.state !== 'pending') return;
    if (ok) return world.deliveries.finish(delivery, 'delivered');
    if (result.status === 410) {
      world.webhooks.deactivate(webhook.id);
      return world.deliveries.finish(delivery, 'gone', 'the receiver answered 410 Gone: the webhook is switched off');
    }
    const failures = delivery.attempts.filter((a) => !a.duplicate).length;
    const wait = this.#options.retrySchedule[failures - 1];
    if (wait === undefined) return world.deliveries.finish(delivery, 'failed', `gave up after ${failures} attempt${failures === 1 ? '' : 's'}`);
    const at = world.clock.now() + wait * 1000;
    delivery.next_attempt_at = isoSeconds(at);
    world.scheduleRetry(at, delivery.id);
    // a retry due at once (a schedule of 0 s) is not left waiting for the next use of the world
    if (wait === 0) world.clock.runDue();
  }

  /** A seeded draw against the chaos rate. */
  #chance(): boolean {
    if (this.#options.chaos <= 0) return false;
    const draw = mulberry32(this.#random);
    this.#random = draw.state;
    return draw.value < this.#options.chaos;
  }
}
