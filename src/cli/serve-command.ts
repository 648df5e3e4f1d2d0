import path from 'node:path';
import { parseArgs } from 'node:util';
import { SAVE_DELAY_MS } from '../persistence/world-saver.js';
import { StartupError } from '../errors/startup-error.js';
import { VERSION } from '../package-info.js';
import { ADMIN_ACCESS_VALUES } from '../admin/admin-access.js';
import { DOCUMENTED_REQUESTS_PER_MINUTE } from '../auth/rate-limiter.js';
import { MAX_PROFILE_DELAY_MS, parseDelaySpec } from '../latency/delay-profile.js';
import { LOG_FORMATS, LOG_LEVELS } from '../logging/logger.js';
import { checkWebhookOptions, createMockServer, DEFAULT_MANUAL_CLOCK_START, DEFAULT_SHUTDOWN_GRACE_SECONDS, type MockServer, type MockServerOptions } from '../server.js';
import { DEFAULT_SESSION_LIMITS } from '../world/sessions.js';
import { DEFAULT_CALL_TIMING, type CallTiming } from '../world/world.js';

const USAGE = `klen-mock ${VERSION}: offline sandbox and contract server for the Klen AI API

Usage: klen-mock [options]            serve the sandbox
       klen-mock verify --help        check a server against the contract

Options (each also read from the environment variable in brackets):
  --host <host>          address to listen on [HOST] (default 127.0.0.1)
  --port <port>          port, 0 for any free port [PORT] (default 4010)
  --fixtures <dir>       directory with calls.json and/or keys.json [KLEN_MOCK_FIXTURES]
                         (default: the shipped fixtures)
  --delay <ms|min-max>   latency profile for API responses, e.g. 300 or 100-800
                         [KLEN_MOCK_DELAY] (X-Mock-Delay still wins)
  --seed <n>             seed of the random delays, so runs repeat [KLEN_MOCK_SEED] (default 1)
  --watch                reload openapi.yaml and the fixtures when they change [KLEN_MOCK_WATCH=1]
  --rate-limit [n]       n requests per minute per key, 429 after that
                         [KLEN_MOCK_RATE_LIMIT] (default off; 60, the documented limit, if n is left out)
  --journal-size <n>     API requests kept for GET /__mock/requests [KLEN_MOCK_JOURNAL_SIZE]
                         (default 1000)
  --admin <access>       who may use /__mock/: local, all or off [KLEN_MOCK_ADMIN] (default local)
  --clock <mode>         real (time moves with the wall clock) or manual (only when told,
                         POST /__mock/sessions/<name>/clock/advance) [KLEN_MOCK_CLOCK] (default real)
  --clock-start <time>   where manual clocks start, ISO 8601 [KLEN_MOCK_CLOCK_START]
                         (default ${DEFAULT_MANUAL_CLOCK_START})
  --call-timing <spec>   seconds per phase of an initiated call, e.g. queue=2,talk=10,processing=2
                         [KLEN_MOCK_CALL_TIMING] (those are the defaults)
  --max-sessions <n>     session worlds kept at once, least recently used evicted first
                         [KLEN_MOCK_MAX_SESSIONS] (default ${DEFAULT_SESSION_LIMITS.maxSessions})
  --session-idle <s>     seconds after which an unused session world is dropped
                         [KLEN_MOCK_SESSION_IDLE] (default ${DEFAULT_SESSION_LIMITS.idleMs / 1000})
  --webhook-url <url>    a webhook every world starts with, for every team and every event:
                         your receiver [KLEN_MOCK_WEBHOOK_URL]
  --webhook-secret <s>   its signing secret, whsec_ + base64 [KLEN_MOCK_WEBHOOK_SECRET]
                         (default: the README's public development secret)
  --webhook-hosts <list> hosts deliveries may go to, e.g. localhost,127.0.0.1,*.internal
                         [KLEN_MOCK_WEBHOOK_HOSTS] (default: any)
  --webhook-retries <s>  seconds from each failed delivery attempt to the next, e.g. 1,5,30,
                         or none [KLEN_MOCK_WEBHOOK_RETRIES] (default 5,300,1800,7200,18000,
                         36000,50400,72000,86400: ten attempts over about two days)
  --webhook-timeout <s>  seconds a receiver has to answer [KLEN_MOCK_WEBHOOK_TIMEOUT] (default 15)
  --webhook-chaos <rate> 0 to 1: the chance a delivery is sent twice and that it overtakes the
                         one before it, to prove a receiver idempotent [KLEN_MOCK_WEBHOOK_CHAOS]
                         (default 0; seeded by --seed)
  --data-dir <dir>       save the worlds (sessions, webhooks, pending deliveries) in dir and load
                         them at start [KLEN_MOCK_DATA_DIR] (default: in memory only)
  --reset-data           with --data-dir: start from the seed, removing the saved worlds
                         [KLEN_MOCK_RESET_DATA=1]
  --shutdown-grace <s>   on SIGTERM or SIGINT: seconds requests in flight may take to finish
                         before they are cut [KLEN_MOCK_SHUTDOWN_GRACE] (default ${DEFAULT_SHUTDOWN_GRACE_SECONDS}; a second
                         signal stops at once)
  --log-level <level>    debug, info, warn, error or silent [KLEN_MOCK_LOG_LEVEL] (default info)
  --log-format <format>  pretty or json [KLEN_MOCK_LOG_FORMAT] (default: pretty on a
                         terminal, json otherwise)
  --check                validate the contract and fixtures, print what was loaded, exit
                         (0 if valid, 1 with the first problem otherwise); serves nothing
  -h, --help             show this help
  -v, --version          show the version
`;

/** A flag's value from argv, else from its environment variable; empty values count as absent. */
type Source = { name: string; value: string };

/** Reads argv and the environment (the only place that does) into `createMockServer` options. */
function readConfig(argv: string[], env: NodeJS.ProcessEnv) {
  // `--rate-limit` takes an optional value, which parseArgs cannot express
  const args = argv.flatMap((arg, i) => (arg === '--rate-limit' && !/^[0-9]+$/.test(argv[i + 1] ?? '') ? [`--rate-limit=${DOCUMENTED_REQUESTS_PER_MINUTE}`] : [arg]));
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      fixtures: { type: 'string' },
      delay: { type: 'string' },
      seed: { type: 'string' },
      watch: { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'journal-size': { type: 'string' },
      admin: { type: 'string' },
      clock: { type: 'string' },
      'clock-start': { type: 'string' },
      'call-timing': { type: 'string' },
      'max-sessions': { type: 'string' },
      'session-idle': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-hosts': { type: 'string' },
      'webhook-retries': { type: 'string' },
      'webhook-timeout': { type: 'string' },
      'webhook-chaos': { type: 'string' },
      'shutdown-grace': { type: 'string' },
      'data-dir': { type: 'string' },
      'reset-data': { type: 'boolean' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
  const read = (flag: keyof typeof values, envName: string): Source | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return { name: `--${flag}`, value: fromFlag };
    const fromEnv = env[envName];
    return fromEnv === undefined || fromEnv === '' ? undefined : { name: envName, value: fromEnv };
  };
  const whole = (source: Source | undefined, min: number, max: number): number | undefined => {
    if (source === undefined) return undefined;
    const n = /^[0-9]{1,9}$/.test(source.value) ? Number(source.value) : NaN;
    if (!(n >= min && n <= max)) throw new StartupError(source.name, `must be a whole number from ${min} to ${max}, got "${source.value}"`);
    return n;
  };
  const oneOf = <T extends string>(source: Source | undefined, allowed: readonly T[]): T | undefined => {
    if (source === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(source.value)) throw new StartupError(source.name, `must be one of ${allowed.join(', ')}, got "${source.value}"`);
    return source.value as T;
  };

  const host = read('host', 'HOST')?.value ?? '127.0.0.1';
  if (host.trim() === '') throw new StartupError('--host', 'must not be empty');
  const delaySource = read('delay', 'KLEN_MOCK_DELAY');
  const delay = delaySource === undefined ? undefined : parseDelaySpec(delaySource.value);
  if (delaySource && !delay) throw new StartupError(delaySource.name, `must be milliseconds (300) or a range (100-800), from 0 to ${MAX_PROFILE_DELAY_MS}, got "${delaySource.value}"`);
  const watchEnv = env['KLEN_MOCK_WATCH'];
  const options: MockServerOptions = {};
  const fixtures = read('fixtures', 'KLEN_MOCK_FIXTURES')?.value;
  if (fixtures !== undefined) options.fixtures = fixtures;
  if (delay !== undefined) options.delay = delay;
  const seed = whole(read('seed', 'KLEN_MOCK_SEED'), 0, 2 ** 31 - 1);
  if (seed !== undefined) options.seed = seed;
  if (values.watch === true || watchEnv === '1' || watchEnv === 'true') options.watch = true;
  const rateLimit = whole(read('rate-limit', 'KLEN_MOCK_RATE_LIMIT'), 1, 1_000_000);
  if (rateLimit !== undefined) options.rateLimit = rateLimit;
  const journalSize = whole(read('journal-size', 'KLEN_MOCK_JOURNAL_SIZE'), 0, 1_000_000);
  if (journalSize !== undefined) options.journalSize = journalSize;
  const admin = oneOf(read('admin', 'KLEN_MOCK_ADMIN'), ADMIN_ACCESS_VALUES);
  if (admin !== undefined) options.admin = admin;
  const logLevel = oneOf(read('log-level', 'KLEN_MOCK_LOG_LEVEL'), LOG_LEVELS);
  if (logLevel !== undefined) options.logLevel = logLevel;
  const logFormat = oneOf(read('log-format', 'KLEN_MOCK_LOG_FORMAT'), LOG_FORMATS);
  if (logFormat !== undefined) options.logFormat = logFormat;
  const clock = oneOf(read('clock', 'KLEN_MOCK_CLOCK'), ['real', 'manual'] as const);
  if (clock !== undefined) options.clock = clock;
  const clockStart = read('clock-start', 'KLEN_MOCK_CLOCK_START');
  if (clockStart !== undefined) {
    if (!(/^\d{4}-\d{2}-\d{2}T/.test(clockStart.value) && Number.isFinite(Date.parse(clockStart.value)))) {
      throw new StartupError(clockStart.name, `must be an ISO 8601 date-time such as ${DEFAULT_MANUAL_CLOCK_START}, got "${clockStart.value}"`);
    }
    options.clockStart = clockStart.value;
  }
  const callTiming = read('call-timing', 'KLEN_MOCK_CALL_TIMING');
  if (callTiming !== undefined) options.callTiming = parseCallTiming(callTiming);
  const maxSessions = whole(read('max-sessions', 'KLEN_MOCK_MAX_SESSIONS'), 1, 1_000_000);
  if (maxSessions !== undefined) options.maxSessions = maxSessions;
  const sessionIdle = whole(read('session-idle', 'KLEN_MOCK_SESSION_IDLE'), 1, 31_622_400);
  if (sessionIdle !== undefined) options.sessionIdleSeconds = sessionIdle;

  const dataDir = read('data-dir', 'KLEN_MOCK_DATA_DIR');
  if (dataDir) options.dataDir = dataDir.value;
  const resetEnv = env['KLEN_MOCK_RESET_DATA'];
  if (values['reset-data'] === true || resetEnv === '1' || resetEnv === 'true') {
    if (!dataDir) throw new StartupError('--reset-data', 'resets the worlds saved in --data-dir: give --data-dir too');
    options.resetData = true;
  }
  const grace = read('shutdown-grace', 'KLEN_MOCK_SHUTDOWN_GRACE');
  if (grace) {
    if (!(/^[0-9]{1,4}(\.[0-9]{1,3})?$/.test(grace.value) && Number(grace.value) <= 3600)) throw new StartupError(grace.name, `must be seconds from 0 to 3600, as 8 or 0.5, got "${grace.value}"`);
    options.shutdownGraceSeconds = Number(grace.value);
  }
  readWebhookConfig(read, options);

  return {
    host,
    port: whole(read('port', 'PORT'), 0, 65535) ?? 4010,
    options,
    help: values.help === true,
    version: values.version === true,
    check: values.check === true,
  };
}

/**
 * The webhook flags, checked by the same rules as `createMockServer`'s options, with the
 * message naming the flag or variable the value came from.
 */
function readWebhookConfig(read: (flag: 'webhook-url' | 'webhook-secret' | 'webhook-hosts' | 'webhook-retries' | 'webhook-timeout' | 'webhook-chaos', envName: string) => Source | undefined, options: MockServerOptions): void {
  const url = read('webhook-url', 'KLEN_MOCK_WEBHOOK_URL');
  if (url) options.webhookUrl = url.value;
  const secret = read('webhook-secret', 'KLEN_MOCK_WEBHOOK_SECRET');
  if (secret) options.webhookSecret = secret.value;
  const hosts = read('webhook-hosts', 'KLEN_MOCK_WEBHOOK_HOSTS');
  if (hosts) options.webhookHosts = hosts.value.split(',');
  const retries = read('webhook-retries', 'KLEN_MOCK_WEBHOOK_RETRIES');
  if (retries) {
    const parts = retries.value === 'none' ? [] : retries.value.split(',').map((part) => part.trim());
    if (!parts.every((part) => /^[0-9]{1,6}(\.[0-9]{1,3})?$/.test(part))) throw new StartupError(retries.name, `must be seconds separated by commas, as 5,300,1800, or none, got "${retries.value}"`);
    options.webhookRetries = parts.map(Number);
  }
  const timeout = read('webhook-timeout', 'KLEN_MOCK_WEBHOOK_TIMEOUT');
  if (timeout) {
    if (!/^[0-9]{1,3}(\.[0-9]{1,3})?$/.test(timeout.value)) throw new StartupError(timeout.name, `must be seconds, as 15 or 0.5, got "${timeout.value}"`);
    options.webhookTimeoutSeconds = Number(timeout.value);
  }
  const chaos = read('webhook-chaos', 'KLEN_MOCK_WEBHOOK_CHAOS');
  if (chaos) {
    if (!/^(0(\.[0-9]+)?|1(\.0+)?)$/.test(chaos.value)) throw new StartupError(chaos.name, `must be a rate from 0 to 1, as 0.2, got "${chaos.value}"`);
    options.webhookChaos = Number(chaos.value);
  }
  const sources: Record<string, Source | undefined> = { webhookUrl: url, webhookSecret: secret, webhookHosts: hosts, webhookRetries: retries, webhookTimeoutSeconds: timeout, webhookChaos: chaos };
  checkWebhookOptions(options, (name, detail) => {
    throw new StartupError(sources[name]?.name ?? name, detail.replace(/\bwebhookUrl\b/g, '--webhook-url').replace(/\bwebhookHosts\b/g, '--webhook-hosts'));
  });
}

/** `queue=2,talk=10,processing=2` (any subset) → seconds per phase; a bad part names itself. */
function parseCallTiming(source: Source): Partial<CallTiming> {
  const names: Record<string, keyof CallTiming> = { queue: 'queueSeconds', talk: 'talkSeconds', processing: 'processingSeconds' };
  const timing: Partial<CallTiming> = {};
  for (const part of source.value.split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const field = Object.hasOwn(names, name) ? names[name] : undefined;
    if (!field || !/^[0-9]{1,5}$/.test(value) || Number(value) > 86_400) {
      throw new StartupError(source.name, `must be phases and whole seconds (0 to 86400) such as queue=2,talk=10,processing=2, got "${source.value}"`);
    }
    timing[field] = Number(value);
  }
  return timing;
}

function banner(server: MockServer, url: string, host: string, options: MockServerOptions): string {
  const { info } = server;
  // 0.0.0.0 and :: are not addresses a browser or curl can use: show localhost instead.
  const reachable = host === '0.0.0.0' || host === '::' ? url.replace(/\/\/[^/]+:/, '//localhost:') : url;
  const lines = [
    `klen-mock ${info.version}: ${info.contractTitle} sandbox`,
    `  contract   ${info.contractFile} (${info.operations} operation${info.operations === 1 ? '' : 's'})`,
    `  fixtures   ${info.calls} calls from ${info.fixtures['calls.json']}`,
    `             ${info.agents} agents from ${info.fixtures['agents.json']}`,
    `             ${info.contacts} contacts from ${info.fixtures['contacts.json']}`,
    `             ${info.contextVariables} context variables from ${info.fixtures['context-variables.json']}`,
    `             ${info.calendarEvents} calendar events from ${info.fixtures['calendar-events.json']}`,
    `             ${info.keys} keys from ${info.fixtures['keys.json']}`,
    `  listening  ${reachable}`,
  ];
  const admin = options.admin ?? 'local';
  if (admin !== 'off') lines.push(`  admin      ${reachable}/__mock/docs (API reference), ${reachable}/__mock/requests (journal)${admin === 'local' ? ', from this machine only' : ''}`);
  if (options.delay !== undefined) {
    const { min, max } = typeof options.delay === 'number' ? { min: options.delay, max: options.delay } : options.delay;
    lines.push(`  latency    ${min === max ? `${min} ms` : `${min}-${max} ms, seed ${options.seed ?? 1}`}`);
  }
  if (options.rateLimit) lines.push(`  rate limit ${options.rateLimit === true ? DOCUMENTED_REQUESTS_PER_MINUTE : options.rateLimit} requests per minute per key`);
  if (options.watch) lines.push('  watching   the contract and fixtures: edits are reloaded');
  const timing = { ...DEFAULT_CALL_TIMING, ...options.callTiming };
  lines.push(
    options.clock === 'manual'
      ? `  clock      manual, from ${options.clockStart ?? DEFAULT_MANUAL_CLOCK_START}: POST /__mock/sessions/<name>/clock/advance moves it`
      : `  clock      real: initiated calls connect after ${timing.queueSeconds} s, talk ${timing.talkSeconds} s`,
  );
  lines.push('  sessions   send X-Mock-Session: <name> for a world of your own (GET /__mock/sessions lists them)');
  if (options.dataDir) {
    const sessions = server.sessions().length - 1;
    const loaded = options.resetData ? 'reset to the seed' : `${sessions} session world(s) and the default world loaded`;
    lines.push(`  data       ${path.resolve(options.dataDir)}: ${loaded}; changes are saved within ${SAVE_DELAY_MS} ms`);
  }
  if (options.webhookUrl) {
    const secret = options.webhookSecret ? 'the --webhook-secret given' : "the README's development secret";
    lines.push(`  webhooks   every event of every team → ${options.webhookUrl}, signed with ${secret}`);
  }
  if (options.webhookHosts) lines.push(`  webhooks   delivered only to ${options.webhookHosts.join(', ')}`);
  if (options.webhookChaos) lines.push(`  webhooks   chaos ${options.webhookChaos}: some deliveries are sent twice or out of order`);
  return `${lines.join('\n')}

Try the documented example:
  curl -H 'Authorization: Bearer klen_abcdef123456789' ${reachable}/api/v1/calls/123
`;
}

/** `klen-mock [options]`: serves the sandbox until SIGINT or SIGTERM. */
export async function serveCommand(argv: string[]): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(argv, process.env);
  } catch (error) {
    process.stderr.write(`klen-mock: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(1);
  }
  if (config.help) return void process.stdout.write(USAGE);
  if (config.version) return void process.stdout.write(`${VERSION}\n`);

  let server: MockServer;
  let url: string;
  try {
    server = await createMockServer(config.options);
    if (config.check) {
      const { info } = server;
      process.stdout.write(`ok: ${info.contractFile} (${info.operations} operation${info.operations === 1 ? '' : 's'}), ${info.calls} calls from ${info.fixtures['calls.json']}, ${info.agents} agents from ${info.fixtures['agents.json']}, ${info.contacts} contacts from ${info.fixtures['contacts.json']}, ${info.contextVariables} context variables from ${info.fixtures['context-variables.json']}, ${info.calendarEvents} calendar events from ${info.fixtures['calendar-events.json']}, ${info.keys} keys from ${info.fixtures['keys.json']}\n`);
      await server.close();
      return;
    }
    url = await server.listen(config.port, config.host);
  } catch (error) {
    const known = error instanceof StartupError || (error as NodeJS.ErrnoException).code !== undefined;
    process.stderr.write(`klen-mock: ${known ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(1);
  }
  process.stdout.write(banner(server, url, config.host, config.options));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // a second signal (Ctrl-C again, or docker stop's SIGKILL grace running out) does not wait
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    const grace = config.options.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS;
    // shutdown() closes the listener before it returns, so whoever reads this line is refused
    const stopped = server.shutdown(grace);
    process.stdout.write(`klen-mock: ${signal} received: finishing the requests in flight (up to ${grace} s; ${signal === 'SIGINT' ? 'Ctrl-C again' : 'a second signal'} stops at once)\n`);
    stopped.then(
      (report) => {
        const cut = report.cutRequests > 0 ? `, ${report.cutRequests} request(s) cut after the grace period` : '';
        const unsent = report.unsentDeliveries > 0 ? `, ${report.unsentDeliveries} webhook deliveries not sent` : '';
        process.stdout.write(`klen-mock: stopped in ${report.ms} ms${cut}${unsent}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`klen-mock: shutdown failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
