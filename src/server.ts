import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ADMIN_ACCESS_VALUES, type AdminAccess } from './admin/admin-access.js';
import { RequestJournal } from './admin/request-journal.js';
import { DOCUMENTED_REQUESTS_PER_MINUTE, RateLimiter } from './auth/rate-limiter.js';
import { StartupError } from './errors/startup-error.js';
import { FIXTURE_FILES } from './world/load-seed.js';
import type { ClockMode } from './world/clock.js';
import { DEFAULT_SESSION_LIMITS, DEFAULT_WORLD, Worlds, type WorldResolver, type WorldSummary } from './world/sessions.js';
import { DEFAULT_CALL_TIMING, type CallTiming, type World, type WorldEvent, type WorldOptions } from './world/world.js';
import { openDataDir } from './persistence/data-dir.js';
import { WorldSaver } from './persistence/world-saver.js';
import { answerClientError } from './http/client-error.js';
import { createRequestListener } from './http/create-request-listener.js';
import { DelayProfile, MAX_PROFILE_DELAY_MS, type DelaySpec } from './latency/delay-profile.js';
import { createLogger, type LogFormat, type Logger, type LogLevel } from './logging/logger.js';
import { DEFAULT_CONTRACT, DEFAULT_FIXTURES, VERSION } from './package-info.js';
import { loadSandboxRuntime, type SandboxRuntime } from './sandbox-runtime.js';
import { watchFiles } from './watch/watch-files.js';
import { AllowedHosts } from './webhooks/allowed-hosts.js';
import { DEFAULT_DELIVERY_OPTIONS, WebhookDispatcher } from './webhooks/dispatcher.js';
import { DEFAULT_WEBHOOK_SECRET, secretProblem } from './webhooks/secret.js';

/** Largest request head (request line and headers) the sandbox reads; larger gets 431 in the envelope. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Where a `manual` clock starts unless told: the fixtures' reference date (every seeded call lies before it). */
export const DEFAULT_MANUAL_CLOCK_START = '2025-05-01T12:00:00Z';

/** A world, by name, for test suites that embed the server (`server.world('ci-job-1')`). */
export interface WorldHandle {
  readonly name: string;
  /** The world's time, ISO 8601. */
  now(): string;
  /** Moves the world's clock forward, running every lifecycle step that falls due; returns the new time. */
  advance(seconds: number): string;
  /** Back to the seed (the world's clock starts again too). */
  reset(): void;
  /** What happened in the world (`call.started`, `call.failed`…), oldest first. */
  events(): WorldEvent[];
}

/**
 * Options of `createMockServer`. The CLI maps its flags and environment variables onto exactly
 * these (see README, "Command line").
 */
export interface MockServerOptions {
  /** Directory with `calls.json` and/or `keys.json`; files it lacks come from the shipped fixtures. */
  fixtures?: string;
  /** Path of the OpenAPI 3.1 contract. Default: the shipped `openapi.yaml`. */
  contract?: string;
  /** Latency profile for API responses: a fixed delay in ms, or a uniform range. `X-Mock-Delay` wins. */
  delay?: number | DelaySpec;
  /** Seed of the latency profile's random delays (same seed, same sequence). Default 1. */
  seed?: number;
  /** Reload the contract and fixtures when their files change. Default false. */
  watch?: boolean;
  /** Per-key limit of requests per minute (fixed window); `true` is the documented 60. Default off. */
  rateLimit?: number | boolean;
  /** How many API requests the journal keeps (`GET /__mock/requests`). Default 1000; 0 keeps none. */
  journalSize?: number;
  /** Who may use the admin API under `/__mock/`: `local` (default), `all` or `off`. */
  admin?: AdminAccess;
  /** Where log lines go: any pino-shaped logger. Default: a pino logger on stdout built from `logLevel` and `logFormat`. */
  logger?: Logger;
  /** Level of the default logger: `debug`, `info` (default: one line per request), `warn`, `error`, `silent`. */
  logLevel?: LogLevel;
  /** Format of the default logger: `pretty` (the default when stdout is a terminal) or `json` (the default otherwise). */
  logFormat?: LogFormat;
  /** How each world's clock moves: `real` (default: with the wall clock) or `manual` (only by `advance`). */
  clock?: ClockMode;
  /** Where `manual` clocks start, ISO 8601. Default 2025-05-01T12:00:00Z. */
  clockStart?: string;
  /** Seconds each phase of an initiated call lasts on the world's clock. Default queue 2, talk 10, processing 2. */
  callTiming?: Partial<CallTiming>;
  /** Most session worlds kept at once (least recently used evicted first). Default 1000. */
  maxSessions?: number;
  /** Seconds after which an unused session world is dropped. Default 3600. */
  sessionIdleSeconds?: number;
  /** A webhook every world starts with, for every team, subscribed to every event: your receiver's URL. */
  webhookUrl?: string;
  /** The signing secret of `webhookUrl`'s webhooks (`whsec_` + base64). Default: the README's public development secret. */
  webhookSecret?: string;
  /** Hosts webhooks may deliver to (`localhost`, `127.0.0.1`, `*.internal`); default: any. Registration refuses others. */
  webhookHosts?: string[];
  /** Seconds of the world's clock from each failed delivery attempt to the next. Default 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400 (ten attempts); `[]`: no retries. */
  webhookRetries?: number[];
  /** Seconds a receiver has to answer a delivery. Default 15. */
  webhookTimeoutSeconds?: number;
  /** 0 to 1: the chance that a delivery is sent twice, and that it overtakes the one before it (seeded by `seed`). Default 0. */
  webhookChaos?: number;
  /** Seconds `shutdown()` lets requests in flight (and deliveries under way) finish before it cuts them. Default 8. */
  shutdownGraceSeconds?: number;
  /** A directory the worlds are saved in and loaded from at start (created if missing). Default: none, in memory only. */
  dataDir?: string;
  /** With `dataDir`: start from the seed, removing the worlds saved there. Default false. */
  resetData?: boolean;
}

/** What a graceful shutdown did (`MockServer.shutdown`). */
export interface ShutdownReport {
  /** Milliseconds from the call to the last connection closed and everything flushed. */
  ms: number;
  /** Requests still unanswered when the grace period ended, whose connections were cut. */
  cutRequests: number;
  /** Webhook deliveries still waiting or under way when the grace period ended. */
  unsentDeliveries: number;
}

/**
 * Default grace period of a graceful shutdown: what fits inside `docker stop`'s 10 s (after which
 * Docker sends SIGKILL) with room to flush; Kubernetes gives 30 s, so raise it there (README).
 */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 8;

export interface MockServer {
  /** The request listener, for mounting into an existing `http.Server` or a test tool. */
  readonly handler: RequestListener;
  /** `http://host:port` once listening, else undefined. */
  readonly url: string | undefined;
  /** What is loaded now (it changes after a hot reload). */
  readonly info: {
    version: string;
    contractTitle: string;
    contractFile: string;
    operations: number;
    fixtures: SandboxRuntime['fixtures'];
    calls: number;
    agents: number;
    contacts: number;
    contextVariables: number;
    calendarEvents: number;
    keys: number;
  };
  /** Starts listening (port 0 picks a free port) and resolves with the URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Reloads the contract and fixtures now, as `watch` does on a change. Resolves true if the new state is in use. */
  reload(): Promise<boolean>;
  /** The world of that name (`default`, or a session's name as sent in `X-Mock-Session`). */
  world(name?: string): WorldHandle;
  /** Every world now: the default one, then the sessions, least recently used first. */
  sessions(): WorldSummary[];
  /** Everything back to the seed: the default world is reset and every session dropped. */
  reset(): void;
  /** Stops watching and listening, and closes open connections at once (tests; see `shutdown`). Safe to call twice. */
  close(): Promise<void>;
  /**
   * Stops gracefully, as the CLI does on SIGTERM and SIGINT: refuses new connections, closes idle
   * keep-alive connections at once, lets every request in flight finish (delayed ones too) and
   * every delivery under way complete within the grace period, cuts what is left after it, then
   * flushes the logs. Safe to call twice; `close()` during it cuts at once.
   */
  shutdown(graceSeconds?: number): Promise<ShutdownReport>;
}

/**
 * Builds the sandbox: loads and validates the contract and the fixtures (throwing a
 * StartupError naming file and field on any problem), then assembles the HTTP application.
 *
 * @example
 * const server = await createMockServer({ logger: silentLogger });
 * const url = await server.listen(0);
 * const res = await fetch(`${url}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } });
 * await server.close();
 */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  checkOptions(options);
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'info', ...(options.logFormat ? { format: options.logFormat } : {}) });
  const contractFile = options.contract ?? DEFAULT_CONTRACT;
  const rateLimit = options.rateLimit === true ? DOCUMENTED_REQUESTS_PER_MINUTE : options.rateLimit || undefined;
  const limiter = rateLimit === undefined ? undefined : new RateLimiter(rateLimit);
  // the worlds outlive a reload, so the router reaches them through this indirection
  let worlds: Worlds | undefined;
  const resolver: WorldResolver = { resolve: (session) => (worlds as Worlds).resolve(session) };
  const load = () => loadSandboxRuntime({ contractFile, fixturesDir: options.fixtures, limiter, worlds: resolver });
  let runtime = await load();
  const clockMode = options.clock ?? 'real';
  const data = options.dataDir === undefined ? undefined : await openDataDir({ dir: options.dataDir, reset: options.resetData === true, seedDigest: runtime.seed.digest, clock: clockMode, version: VERSION });
  // request numbers (`req_N`, which events and deliveries name as their cause) go on across restarts
  const requestCounter = { value: data?.requests ?? 0 };
  const saver = data && new WorldSaver({ dir: data.dir, worldsDir: data.worldsDir, manifest: data.manifest, version: VERSION, logger, requests: () => requestCounter.value });
  const dispatcher = new WebhookDispatcher(
    {
      ...DEFAULT_DELIVERY_OPTIONS,
      ...(options.webhookRetries ? { retrySchedule: options.webhookRetries } : {}),
      ...(options.webhookTimeoutSeconds !== undefined ? { timeoutMs: options.webhookTimeoutSeconds * 1000 } : {}),
      chaos: options.webhookChaos ?? 0,
      seed: options.seed ?? 1,
      userAgent: `klen-mock-webhooks/${VERSION}`,
    },
    logger,
  );
  const worldOptions: WorldOptions = {
      clock: { mode: clockMode, ...(clockMode === 'manual' ? { start: Date.parse(options.clockStart ?? DEFAULT_MANUAL_CLOCK_START) } : {}) },
      callTiming: { ...DEFAULT_CALL_TIMING, ...options.callTiming },
      webhooks: {
        sink: dispatcher,
        ...(options.webhookUrl ? { seeded: [{ url: options.webhookUrl, secret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET }] } : {}),
        ...(options.webhookHosts ? { allowedHosts: new AllowedHosts(options.webhookHosts) } : {}),
      },
      ...(saver ? { onChange: (world: World) => saver.changed(world) } : {}),
  };
  const liveWorlds = restoreWorlds(() => new Worlds(
    runtime.seed,
    worldOptions,
    { maxSessions: options.maxSessions ?? DEFAULT_SESSION_LIMITS.maxSessions, idleMs: (options.sessionIdleSeconds ?? DEFAULT_SESSION_LIMITS.idleMs / 1000) * 1000 },
    (name, why) => logger.info({ session: name }, `session "${name}" ${why === 'evicted' ? 'evicted (the session limit was reached; least recently used first)' : 'expired (idle)'}`),
    data && saver ? { worlds: data.worlds, removed: (name) => saver.removed(name) } : undefined,
  ), data?.dir);
  worlds = liveWorlds;
  // deliveries that were pending when the sandbox stopped go out again (same webhook-id): their
  // scheduled retries are on the restored clocks; the rest were waiting or under way
  if (data) for (const world of liveWorlds.all()) dispatcher.resume(world);

  const delay = typeof options.delay === 'number' ? { min: options.delay, max: options.delay } : options.delay;
  let draining = false;
  const app = createRequestListener({
    draining: () => draining,
    requestCounter,
    ...(saver ? { saver } : {}),
    runtime: () => runtime,
    journal: new RequestJournal(options.journalSize ?? 1000),
    worlds: liveWorlds,
    dispatcher,
    delays: delay === undefined ? undefined : new DelayProfile(delay, options.seed ?? 1),
    admin: options.admin ?? 'local',
    logger,
    version: VERSION,
  });

  let reloading = Promise.resolve(true);
  const reload = () => {
    // one reload at a time; a change during a reload triggers another one after it
    reloading = reloading.then(async () => {
      try {
        const next = await load();
        runtime = next;
        // worlds built on other fixtures would mix two seeds: they start again from the new one
        const reseeded = next.seed.digest !== liveWorlds.seed.digest;
        const dropped = reseeded ? liveWorlds.reseed(next.seed) : 0;
        if (reseeded) saver?.reseeded(next.seed.digest);
        const note = reseeded ? `; the fixtures changed, so the default world was reset and ${dropped} session world(s) dropped` : '; the fixtures are unchanged, every world kept';
        logger.info({ calls: next.counts.calls, keys: next.counts.keys, operations: next.counts.operations }, `reloaded the contract and fixtures${note}`);
        return true;
      } catch (error) {
        logger.error({}, `reload failed, still serving the last good state: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    });
    return reloading;
  };
  const watched = [contractFile, ...FIXTURE_FILES.map((f) => path.join(options.fixtures ?? DEFAULT_FIXTURES, f))];
  const stopWatching = options.watch ? watchFiles(watched, () => void reload()) : () => {};

  let server: Server | undefined;
  let url: string | undefined;
  let closing: Promise<void> | undefined;
  let stopping: Promise<ShutdownReport> | undefined;
  /** Responses not yet finished: told `Connection: close` when a shutdown starts, counted if cut. */
  const unanswered = new Set<ServerResponse>();
  const flushLogs = () => new Promise<void>((resolve) => (logger.flush ? logger.flush(() => resolve()) : resolve()));
  const closeNow = () => {
    closing ??= (async () => {
      stopWatching();
      dispatcher.close();
      // every world is written before it is disposed: a clean stop loses nothing
      if (saver) await saver.close(liveWorlds.all());
      liveWorlds.close();
      const listening = server;
      if (listening) {
        await new Promise<void>((resolve) => {
          // a shutdown under way has closed the listener already: what is left is its connections
          if (listening.listening) listening.close(() => resolve());
          listening.closeAllConnections();
          if (!listening.listening) resolve();
        });
      }
      await flushLogs();
    })();
    return closing;
  };
  const shutdown = async (graceSeconds: number): Promise<ShutdownReport> => {
    const started = performance.now();
    const deadline = started + graceSeconds * 1000;
    draining = true;
    stopWatching();
    let cutRequests = 0;
    if (server) {
      const listening = server;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      // no new connections from here (they are refused, not reset); an idle keep-alive connection
      // closes now, a busy one after its response, which says `Connection: close`
      const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
      const sweep = setInterval(() => listening.closeIdleConnections(), 50);
      const graceOver = new Promise<'late'>((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now()), 'late').unref());
      const late = (await Promise.race([closed, graceOver])) === 'late';
      clearInterval(sweep);
      if (late) {
        cutRequests = unanswered.size;
        listening.closeAllConnections();
        await closed;
      }
    }
    const delivered = await dispatcher.drain(Math.max(0, deadline - performance.now()));
    const unsentDeliveries = delivered ? 0 : dispatcher.load.queued + dispatcher.load.inFlight;
    await closeNow();
    return { ms: Math.round(performance.now() - started), cutRequests, unsentDeliveries };
  };
  return {
    handler: app,
    get info() {
      return {
        version: VERSION,
        contractTitle: runtime.contract.dereferenced.info.title,
        contractFile: runtime.contract.file,
        operations: runtime.counts.operations,
        fixtures: runtime.fixtures,
        calls: runtime.counts.calls,
        agents: runtime.counts.agents,
        contacts: runtime.counts.contacts,
        contextVariables: runtime.counts.contextVariables,
        calendarEvents: runtime.counts.calendarEvents,
        keys: runtime.counts.keys,
      };
    },
    get url() {
      return url;
    },
    reload,
    world(name = DEFAULT_WORLD) {
      const find = () => {
        const world = name === DEFAULT_WORLD ? liveWorlds.find(DEFAULT_WORLD) : liveWorlds.resolve(name);
        return (world as NonNullable<typeof world>).touch();
      };
      return {
        name,
        now: () => new Date(find().clock.now()).toISOString(),
        advance: (seconds) => new Date(find().clock.advance(seconds * 1000)).toISOString(),
        reset: () => void liveWorlds.reset(name),
        events: () => find().events(),
      };
    },
    sessions: () => liveWorlds.list(),
    reset: () => void liveWorlds.resetAll(),
    listen(port = 0, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('klen-mock: this server is already listening'));
      // Node's default 16 KiB header limit turned a 5 kB id with two 6 kB keys into a 431 outside
      // the contract (found by the property tests); 64 KiB keeps any plausible request inside it.
      const listening = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
        unanswered.add(res);
        res.once('close', () => unanswered.delete(res));
        // while draining, a client is told not to reuse the connection, which closes after this answer
        if (draining) res.setHeader('Connection', 'close');
        app(req, res);
      });
      listening.on('clientError', answerClientError);
      server = listening;
      return new Promise((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => {
          listening.off('error', reject);
          const address = listening.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${shownHost}:${address.port}`;
          resolve(url);
        });
      });
    },
    close: () => closeNow(),
    shutdown(graceSeconds = options.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS) {
      stopping ??= shutdown(graceSeconds);
      return stopping;
    },
  };
}

/** Builds the worlds, restoring a data directory's: a saved world that cannot be put back stops start-up, naming the directory. */
function restoreWorlds(build: () => Worlds, dataDir: string | undefined): Worlds {
  if (dataDir === undefined) return build();
  try {
    return build();
  } catch (error) {
    throw new StartupError(dataDir, `a saved world cannot be put back (${(error as Error).message}): start with --reset-data to start again from the seed`);
  }
}

/** Options a program passed wrongly: one StartupError naming the option. */
function checkOptions(options: MockServerOptions): void {
  const fail = (name: string, detail: string): never => {
    throw new StartupError(name, detail);
  };
  const { delay, rateLimit, journalSize, admin, seed, clock, clockStart, callTiming, maxSessions, sessionIdleSeconds, shutdownGraceSeconds, dataDir, resetData } = options;
  if (dataDir !== undefined && !(typeof dataDir === 'string' && dataDir.trim() !== '')) fail('dataDir', `must be a directory path, got ${JSON.stringify(dataDir)}`);
  if (resetData === true && dataDir === undefined) fail('resetData', 'resets the worlds saved in dataDir: give dataDir too');
  checkWebhookOptions(options, fail);
  if (delay !== undefined) {
    const { min, max } = typeof delay === 'number' ? { min: delay, max: delay } : delay;
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= MAX_PROFILE_DELAY_MS)) {
      fail('delay', `must be whole milliseconds from 0 to ${MAX_PROFILE_DELAY_MS}, as 300 or 100-800 (min ≤ max), got ${JSON.stringify(delay)}`);
    }
  }
  if (typeof rateLimit === 'number' && !(Number.isInteger(rateLimit) && rateLimit >= 1)) fail('rateLimit', `must be a whole number of requests per minute, 1 or more, got ${rateLimit}`);
  if (journalSize !== undefined && !(Number.isInteger(journalSize) && journalSize >= 0 && journalSize <= 1_000_000)) fail('journalSize', `must be a whole number from 0 to 1000000, got ${journalSize}`);
  if (admin !== undefined && !ADMIN_ACCESS_VALUES.includes(admin)) fail('admin', `must be one of ${ADMIN_ACCESS_VALUES.join(', ')}, got ${JSON.stringify(admin)}`);
  if (seed !== undefined && !Number.isInteger(seed)) fail('seed', `must be a whole number, got ${seed}`);
  if (clock !== undefined && clock !== 'real' && clock !== 'manual') fail('clock', `must be "real" or "manual", got ${JSON.stringify(clock)}`);
  if (clockStart !== undefined && !(typeof clockStart === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(clockStart) && Number.isFinite(Date.parse(clockStart)))) {
    fail('clockStart', `must be an ISO 8601 date-time such as 2025-05-01T12:00:00Z, got ${JSON.stringify(clockStart)}`);
  }
  for (const [name, value] of Object.entries(callTiming ?? {})) {
    if (!(name in DEFAULT_CALL_TIMING)) fail(`callTiming.${name}`, `is not a phase of a call (they are ${Object.keys(DEFAULT_CALL_TIMING).join(', ')})`);
    if (!(Number.isInteger(value) && value >= 0 && value <= 86_400)) fail(`callTiming.${name}`, `must be whole seconds from 0 to 86400, got ${JSON.stringify(value)}`);
  }
  if (maxSessions !== undefined && !(Number.isInteger(maxSessions) && maxSessions >= 1 && maxSessions <= 1_000_000)) fail('maxSessions', `must be a whole number from 1 to 1000000, got ${maxSessions}`);
  if (sessionIdleSeconds !== undefined && !(Number.isInteger(sessionIdleSeconds) && sessionIdleSeconds >= 1)) fail('sessionIdleSeconds', `must be a whole number of seconds, 1 or more, got ${sessionIdleSeconds}`);
  if (shutdownGraceSeconds !== undefined && !(typeof shutdownGraceSeconds === 'number' && shutdownGraceSeconds >= 0 && shutdownGraceSeconds <= 3600)) {
    fail('shutdownGraceSeconds', `must be seconds from 0 to 3600, got ${JSON.stringify(shutdownGraceSeconds)}`);
  }
}

/** The webhook options: a usable URL, secret, host list, schedule, timeout and chaos rate. */
export function checkWebhookOptions(options: MockServerOptions, fail: (name: string, detail: string) => never): void {
  const { webhookUrl, webhookSecret, webhookHosts, webhookRetries, webhookTimeoutSeconds, webhookChaos } = options;
  if (webhookHosts !== undefined) {
    const problem = Array.isArray(webhookHosts) ? AllowedHosts.problem(webhookHosts) : 'must be a list of hosts';
    if (problem) fail('webhookHosts', problem);
  }
  if (webhookUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(webhookUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') fail('webhookUrl', `must be an absolute http or https URL, as http://127.0.0.1:3000/webhooks/klen, got ${JSON.stringify(webhookUrl)}`);
    if (webhookHosts && !new AllowedHosts(webhookHosts).allows(webhookUrl)) fail('webhookUrl', `its host is not one of webhookHosts (${webhookHosts.join(', ')}), so nothing could be delivered to it`);
  }
  if (webhookSecret !== undefined) {
    if (webhookUrl === undefined) fail('webhookSecret', 'is the secret of webhookUrl\'s webhooks: give webhookUrl too');
    const problem = typeof webhookSecret === 'string' ? secretProblem(webhookSecret) : 'must be a string';
    if (problem) fail('webhookSecret', problem);
  }
  if (webhookRetries !== undefined && !(Array.isArray(webhookRetries) && webhookRetries.length <= 20 && webhookRetries.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= 7 * 86_400))) {
    fail('webhookRetries', `must be at most 20 waits in seconds, each from 0 to 604800, as [5, 300, 1800], got ${JSON.stringify(webhookRetries)}`);
  }
  if (webhookTimeoutSeconds !== undefined && !(typeof webhookTimeoutSeconds === 'number' && webhookTimeoutSeconds > 0 && webhookTimeoutSeconds <= 300)) {
    fail('webhookTimeoutSeconds', `must be seconds, more than 0 and at most 300, got ${JSON.stringify(webhookTimeoutSeconds)}`);
  }
  if (webhookChaos !== undefined && !(typeof webhookChaos === 'number' && webhookChaos >= 0 && webhookChaos <= 1)) fail('webhookChaos', `must be a rate from 0 to 1, as 0.2, got ${JSON.stringify(webhookChaos)}`);
}
