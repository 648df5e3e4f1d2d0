/**
 * The load generator, in its own process so it never shares an event loop with a server
 * under test: autocannon against one URL, a warm-up, then the measured run. Prints the
 * result as JSON on stdout.
 *
 * Usage: node --import tsx bench/load-generator.ts '<json options>'
 *   { url, headers, connections, warmupSeconds, durationSeconds }
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] as string) as { url: string; headers: Record<string, string>; connections: number; warmupSeconds: number; durationSeconds: number };

const run = (duration: number) =>
  autocannon({ url: options.url, headers: options.headers, connections: options.connections, duration, pipelining: 1 });

await run(options.warmupSeconds);
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
