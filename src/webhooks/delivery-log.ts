import type { WebhookEventType } from './registry.js';

/** Where a delivery stands. */
export type DeliveryState =
  /** Waiting for its first attempt or a retry (`next_attempt_at`). */
  | 'pending'
  /** A receiver answered 2xx. */
  | 'delivered'
  /** Every attempt failed, the queue was full, or the webhook was switched off before it went out (`note` says which). */
  | 'failed'
  /** The receiver answered 410 Gone: the webhook is switched off, nothing more is sent to it. */
  | 'gone';

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  number: number;
  /** When it was sent, wall clock, ISO 8601 (the `webhook-timestamp` it carried). */
  sent_at: string;
  /** The receiver's status, or null when there was no answer (`error` says why). */
  status: number | null;
  /** `timeout`, `connection refused`… when there was no answer; null otherwise. */
  error: string | null;
  duration_ms: number;
  /** The first bytes of the receiver's answer (at most 1 KiB of it is kept). */
  response: string;
  /** An extra copy sent by `--webhook-chaos` (it does not change the delivery's state). */
  duplicate: boolean;
}

/**
 * One event sent to one webhook: the message its receiver sees (same `webhook-id` and body on
 * every attempt) and what became of each attempt. Plain data, so a log can be listed and saved.
 */
export interface Delivery {
  /** `msg_…`: the `webhook-id` header, the receiver's key to process a message once. */
  id: string;
  webhook_id: number;
  url: string;
  event_type: WebhookEventType;
  /** The world event it delivers (GET /__mock/sessions/{name}/events). */
  event_sequence: number;
  /** The API request that caused the event, as the request journal names it (`req_…`), if any. */
  request_id: string | null;
  /** Fired by POST /__mock/sessions/{name}/webhooks/trigger, not by the lifecycle. */
  triggered: boolean;
  /** The JSON body, exactly as signed and sent. */
  body: string;
  state: DeliveryState;
  /** World time of the next attempt, ISO 8601, while one is scheduled. */
  next_attempt_at: string | null;
  /** World time of the event, ISO 8601. */
  created_at: string;
  attempts: DeliveryAttempt[];
  /** Why a delivery ended as it did, when its attempts do not say (gave up, 410, queue full…). */
  note: string | null;
}

export interface DeliveryFilter {
  webhook?: number;
  event_type?: string;
  state?: DeliveryState;
  request_id?: string;
  limit?: number;
}

/** How many deliveries a world keeps; the oldest finished ones go first (pending ones stay). */
export const MAX_DELIVERIES = 1000;

/**
 * A world's deliveries, oldest first, bounded: an always-on sandbox keeps a steady memory. Pending
 * deliveries are all kept (the dispatcher's queue bounds them); once more than `capacity` are
 * held, the ones that finished first are dropped, from a queue of finished ids (a scan of the
 * whole log on every add cost a burst of 7,500 deliveries seconds, found by the benchmark).
 */
export class DeliveryLog {
  readonly #byId = new Map<string, Delivery>();
  /** Ids of finished deliveries, in the order they finished: the first to drop. */
  readonly #finished: string[] = [];
  readonly #capacity: number;

  constructor(capacity = MAX_DELIVERIES) {
    this.#capacity = capacity;
  }

  add(delivery: Delivery): void {
    this.#byId.set(delivery.id, delivery);
    this.#trim();
  }

  /** Ends a delivery: its state and why (when its attempts do not say). */
  finish(delivery: Delivery, state: Exclude<DeliveryState, 'pending'>, note: string | null = null): void {
    delivery.state = state;
    delivery.next_attempt_at = null;
    if (note !== null) delivery.note = note;
    this.#finished.push(delivery.id);
    this.#trim();
  }

  #trim(): void {
    while (this.#byId.size > this.#capacity && this.#finished.length > 0) {
      const id = this.#finished.shift() as string;
      // a redelivered one is pending again: kept, and queued again when it finishes
      if (this.#byId.get(id)?.state !== 'pending') this.#byId.delete(id);
    }
  }

  get(id: string): Delivery | undefined {
    return this.#byId.get(id);
  }

  /** Matching deliveries, newest first. */
  list(filter: DeliveryFilter = {}): Delivery[] {
    const all = [...this.#byId.values()].reverse();
    const matching = all.filter(
      (d) =>
        (filter.webhook === undefined || d.webhook_id === filter.webhook) &&
        (filter.event_type === undefined || d.event_type === filter.event_type) &&
        (filter.state === undefined || d.state === filter.state) &&
        (filter.request_id === undefined || d.request_id === filter.request_id),
    );
    return filter.limit === undefined ? matching : matching.slice(0, filter.limit);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Every delivery kept, oldest first, and the order they finished in, for saving (`--data-dir`). */
  snapshot(): DeliveryLogSnapshot {
    return { deliveries: [...this.#byId.values()], finished: this.#finished.filter((id) => this.#byId.has(id)) };
  }

  /** Puts a saved log back (into a log just built, holding none). */
  restore(saved: DeliveryLogSnapshot): void {
    for (const delivery of saved.deliveries) this.#byId.set(delivery.id, delivery);
    this.#finished.push(...saved.finished);
  }
}

/** A world's delivery log as saved. */
export interface DeliveryLogSnapshot {
  deliveries: Delivery[];
  finished: string[];
}
