import type { components } from '../../types/openapi.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult } from '../errors/error-result.js';
import type { OperationHandler } from '../router/handler-result.js';
import { isDeliverableUrl } from '../webhooks/allowed-hosts.js';
import { permissionFor, WEBHOOK_EVENT_TYPES, type WebhookEventType, type WebhookRecord } from '../webhooks/registry.js';
import { newWebhookSecret } from '../webhooks/secret.js';
import { isoSeconds } from '../world/world.js';

type CreateWebhookRequest = components['schemas']['CreateWebhookRequest'];

/**
 * POST /api/webhooks/create/: registers a webhook of the key's team in the request's world. The
 * body is valid against its schema; this checks the event names (naming the first unknown one),
 * then the key's read permission for each (a webhook delivers that data), then stores it.
 * `201` with the webhook, its secret (shown this once) and `Location`.
 */
export const createWebhook: OperationHandler = ({ operation, body, key }, world) => {
  const request = body as CreateWebhookRequest;
  // the schema checks the URL's shape; Node's parser (what deliveries use) has the last word
  if (!isDeliverableUrl(request.url)) return apiErrorResult(new ApiError(400, 'invalid_url', 'URL must be an absolute http or https URL'), operation);
  const unknown = request.subscribed_events.find((name) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    return apiErrorResult(new ApiError(400, 'invalid_event_type', `Unknown event type: ${unknown}. Valid types: ${WEBHOOK_EVENT_TYPES.join(', ')}`), operation);
  }
  if (!world.webhooks.allows(request.url)) {
    const hosts = (world.webhooks.allowedHosts ?? []).join(', ');
    return apiErrorResult(new ApiError(400, 'invalid_url', `URL host is not one this sandbox delivers to (--webhook-hosts: ${hosts})`), operation);
  }
  const events = request.subscribed_events as WebhookEventType[];
  const missing = events.map(permissionFor).find((permission) => !(key.permissions as readonly string[]).includes(permission));
  if (missing) return apiErrorResult(new ApiError(403, 'permission_denied', `This API key does not have ${missing} permission`), operation);
  const webhook: WebhookRecord = {
    id: world.webhooks.newId(),
    team_id: key.team_id,
    name: request.name,
    url: request.url,
    subscribed_events: events,
    is_active: request.is_active ?? true,
    secret: newWebhookSecret(),
    created_at: isoSeconds(world.clock.now()),
  };
  world.webhooks.add(webhook);
  const { team_id: teamId, ...shown } = webhook;
  return {
    status: 201,
    body: { ...shown, team: { id: teamId, name: world.team(teamId)?.name ?? '' } },
    headers: { Location: `/api/webhooks/${webhook.id}/` },
  };
};
