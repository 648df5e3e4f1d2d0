import express, { type Request, type Response, type Router } from 'express';
import { ApiError } from '../errors/api-error.js';
import { sendJson } from '../http/send-json.js';
import { savedWorldFile, type SavedWorldFile } from '../persistence/data-dir.js';
import { importProblem } from '../persistence/world-import.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { DEFAULT_WORLD, readSessionName, type Worlds } from '../world/sessions.js';
import type { World } from '../world/world.js';

/**
 * Largest world an import takes. A world holds what differs from the fixtures, its timeline and
 * the last 1,000 deliveries of each webhook log: a busy session's file is a few MB.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface WorldTransferParts {
  worlds: Worlds;
  dispatcher: WebhookDispatcher;
  runtime: () => SandboxRuntime;
  version: string;
  worldOf: (req: Request, res: Response, create: boolean) => World | undefined;
}

/**
 * Export and import of a world (e.g. to hand a colleague the state that reproduces a bug): the
 * export is the world's file exactly as a data directory (`--data-dir`) saves it, so it can also
 * be dropped into one; the import checks it as fixtures are checked (src/persistence/world-import.ts)
 * and replaces the world of that name, pending deliveries sent again as after a restart.
 */
export function addWorldTransferRoutes(router: Router, { worlds, dispatcher, runtime, version, worldOf }: WorldTransferParts): void {
  router.get('/sessions/:name/export', (req, res) => {
    const world = worldOf(req, res, false);
    if (!world) return;
    // `requests` numbers a data directory's requests: an export belongs to no server's numbering
    const file = savedWorldFile(world, { version, savedAt: new Date(), requests: 0 });
    res.set('Content-Disposition', `attachment; filename="klen-mock-world-${world.name.replaceAll(':', '_')}.json"`);
    sendJson(res, 200, file);
  });

  router.post('/sessions/:name/import', express.json({ limit: MAX_IMPORT_BYTES, strict: false }), async (req, res) => {
    const name = String(req.params['name']);
    const session = readSessionName(name);
    if (session instanceof ApiError) return sendJson(res, 400, { error: 'validation_error', message: session.message.replace('X-Mock-Session', 'A session name') });
    if (!req.is('application/json')) return sendJson(res, 415, { error: 'unsupported_media_type', message: 'Send the exported world as JSON (Content-Type: application/json)' });
    const target = session ?? DEFAULT_WORLD;
    // the world it replaces (or the default one) knows the sandbox's clock mode and --webhook-hosts
    const current = worlds.find(target) ?? (worlds.find(DEFAULT_WORLD) as World);
    const problem = await importProblem(req.body, { seed: worlds.seed, contract: runtime().contract, clock: current.clock.mode, webhooks: current.webhooks });
    if (problem) return sendJson(res, problem.status, { error: problem.error, message: problem.message });
    const file = req.body as SavedWorldFile;
    const world = worlds.replace(target, file.world);
    dispatcher.resume(world);
    sendJson(res, 200, {
      imported: { name: world.name, from: { name: file.world.name, saved_by: file.saved_by, saved_at: file.saved_at } },
      session: worlds.list().find((w) => w.name === world.name),
    });
  });
}
