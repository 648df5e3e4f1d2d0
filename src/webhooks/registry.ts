import type { components } from '../../types/openapi.js';

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

/**
 * A world's webhooks: registered through Create Webhook, by team. Worlds start with none (reset
 * removes them, sessions do not share them); ids count from 1 in every world.
 */
export class WebhookRegistry {
  readonly #byId = new Map<number, WebhookRecord>();
  #nextId = 1;

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
    return this.all().filter((w) => w.team_id === teamId && w.is_active && w.subscribed_events.includes(type));
  }

  /** Stops deliveries to a webhook (its receiver answered 410 Gone). */
  deactivate(id: number): void {
    const webhook = this.#byId.get(id);
    if (webhook) this.#byId.set(id, { ...webhook, is_active: false });
  }

  get size(): number {
    return this.#byId.size;
  }
}
