/**
 * The ceiling: a bare node:http server answering each benchmark scenario with the exact bytes
 * (status, headers, body) the sandbox sent for it. Nothing on this machine can serve those
 * responses faster, so the sandbox's throughput is reported as a ratio to this one's.
 * Plain JavaScript, so its start-up time is Node's own (no TypeScript loader).
 *
 * Usage (by run-bench.ts): node bench/ceiling-server.mjs <responses.json>; prints its port.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** Must match scenarioKey in scenarios.ts: method, path, whether a key was sent, X-Mock-Error. */
const scenarioKey = (method, path, headers) => `${method}|${path}|${headers['authorization'] === undefined ? '' : 'key'}|${String(headers['x-mock-error'] ?? '')}`;

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const responses = new Map(recorded.map((r) => [r.key, { status: r.status, headers: r.headers, body: Buffer.from(r.body) }]));

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const response = responses.get(scenarioKey(req.method, q === -1 ? url : url.slice(0, q), req.headers));
  const respond = () => {
    if (!response) return void res.writeHead(599).end();
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };
  // a request with a body (Initiate Call) is read to its end first, as the sandbox must
  if (req.method === 'GET' || req.method === 'HEAD') respond();
  else req.on('end', respond).resume();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
