/**
 * The load generator, in its own process so it never shares an event loop with a server
 * under test: autocannon against one URL, a warm-up, then the measured run. Prints the
 * result as JSON on stdout.
 *
 * Usage: node --import tsx bench/load-generator.ts '<json options>'
 *   { url, method?, headers, body?, connections, warmupSeconds, durationSeconds }
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] as string) as {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
};
const url = new URL(options.url);
if (url.hostname !== '127.0.0.1') throw new Error(`load only ever goes to 127.0.0.1, not ${url.hostname}`);

const run = (duration: number) =>
  autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration,
    pipelining: 1,
  });

if (options.warmupSeconds > 0) await run(options.warmupSeconds);
const result = await run(options.durationSeconds);
const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, (stats as { count: number }).count]));
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
  }),
);
