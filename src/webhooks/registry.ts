import type { components } from '../../types/openapi.js';
import type { AllowedHosts } from './allowed-hosts.js';

export type WebhookEventType = components['schemas']['WebhookEventType'];

/** The eleven events of the Webhooks overview, in its order. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'call.started',
  'call.ended',
  'call.failed',
  'call.transcript',
  'call.recording',
  'call.summary',
  'calendar.created',
  'calendar.updated',
  'calendar.cancelled',
  'calendar.completed',
  'calendar.reminder',
];

/** Inferred: the read permission a key needs to subscribe to an event (a webhook delivers that data). */
export function permissionFor(type: WebhookEventType): 'can_read_calls' | 'can_read_calendar' {
  return type.startsWith('call.') ? 'can_read_calls' : 'can_read_calendar';
}

/** A registered webhook as a world stores it (the API shows it once, at creation, with its secret). */
export interface WebhookRecord {
  id: number;
  team_id: number;
  name: string;
  url: string;
  subscribed_events: WebhookEventType[];
  is_active: boolean;
  secret: string;
  created_at: string;
}

/** A webhook every world starts with, for every team (`--webhook-url`, `--webhook-secret`). */
export interface SeededWebhook {
  url: string;
  secret: string;
}

/** The name seeded webhooks are registered under. */
export const SEEDED_WEBHOOK_NAME = 'klen-mock --webhook-url';

/**
 * A world's webhooks: registered through Create Webhook, by team. Worlds start with none but the
 * seeded ones (reset removes the rest, sessions do not share them); ids count from 1 in every world.
 */
export class WebhookRegistry {
  readonly #byId = new Map<number, WebhookRecord>();
  readonly #allowedHosts: AllowedHosts | undefined;
  #nextId = 1;

  constructor(allowedHosts?: AllowedHosts) {
    this.#allowedHosts = allowedHosts;
  }

  /** Whether deliveries may go to `url` (`--webhook-hosts`; any host without it). */
  allows(url: string): boolean {
    return this.#allowedHosts?.allows(url) ?? true;
  }

  /** The `--webhook-hosts` patterns, if any. */
  get allowedHosts(): readonly string[] | undefined {
    return this.#allowedHosts?.patterns;
  }

  /** Registers a seeded webhook for a team, subscribed to every event. */
  seed(teamId: number, webhook: SeededWebhook, createdAt: string): void {
    const id = this.newId();
    this.add({ id, team_id: teamId, name: SEEDED_WEBHOOK_NAME, url: webhook.url, subscribed_events: [...WEBHOOK_EVENT_TYPES], is_active: true, secret: webhook.secret, created_at: createdAt });
  }

  newId(): number {
    return this.#nextId++;
  }

  add(webhook: WebhookRecord): void {
    this.#byId.set(webhook.id, webhook);
  }

  get(id: number): WebhookRecord | undefined {
    return this.#byId.get(id);
  }

  /** Every webhook of the world, in id order. */
  all(): WebhookRecord[] {
    return [...this.#byId.values()];
  }

  /** The team's active webhooks subscribed to `type`, in id order. */
  subscribers(teamId: number, type: WebhookEventType): WebhookRecord[] {
    const found: WebhookRecord[] = [];
    for (const w of this.#byId.values()) if (w.team_id === teamId && w.is_active && w.subscribed_events.includes(type)) found.push(w);
    return found;
  }

  /** Whether any webhook is active (when none is, an event costs no payload). */
  get anyActive(): boolean {
    for (const w of this.#byId.values()) if (w.is_active) return true;
    return false;
  }

  /** Stops deliveries to a webhook (its receiver answered 410 Gone). */
  deactivate(id: number): void {
    const webhook = this.#byId.get(id);
    if (webhook) this.#byId.set(id, { ...webhook, is_active: false });
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Every webhook and the next id, for saving (`--data-dir`). */
  snapshot(): WebhookRegistrySnapshot {
    return { next_id: this.#nextId, webhooks: this.all() };
  }

  /** Puts saved webhooks back (into a registry just built, holding none). */
  restore(saved: WebhookRegistrySnapshot): void {
    this.#byId.clear();
    for (const webhook of saved.webhooks) this.add(webhook);
    this.#nextId = saved.next_id;
  }
}

/** A world's webhooks as saved, secrets included (the data directory is the sandbox's own). */
export interface WebhookRegistrySnapshot {
  next_id: number;
  webhooks: WebhookRecord[];
}
