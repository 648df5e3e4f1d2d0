import { parseArgs } from 'node:util';
import { StartupError } from '../errors/startup-error.js';
import { VERSION } from '../package-info.js';
import { createMockServer, type MockServer } from '../server.js';

const USAGE = `klen-mock ${VERSION}: offline sandbox and contract server for the Klen AI API

Usage: klen-mock [options]            serve the sandbox
       klen-mock verify --help        check a server against the contract

Options:
  --host <host>      address to listen on (env HOST, default 127.0.0.1)
  --port <port>      port to listen on, 0 for any free port (env PORT, default 4010)
  --fixtures <dir>   directory with calls.json and/or keys.json (env KLEN_MOCK_FIXTURES,
                     default: the shipped fixtures)
  -h, --help         show this help
  -v, --version      show the version
`;

/** Reads argv and the environment: the only place that does. */
function readConfig(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      fixtures: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? env['PORT'] ?? '4010';
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new StartupError(values.port === undefined ? 'PORT' : '--port', `must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const host = values.host ?? env['HOST'] ?? '127.0.0.1';
  if (host.trim() === '') throw new StartupError(values.host === undefined ? 'HOST' : '--host', 'must not be empty');
  const fixtures = values.fixtures ?? env['KLEN_MOCK_FIXTURES'];
  return { host, port, fixtures: fixtures === '' ? undefined : fixtures, help: values.help === true, version: values.version === true };
}

function banner(server: MockServer, url: string, host: string): string {
  const { info } = server;
  // 0.0.0.0 and :: are not addresses a browser or curl can use: show localhost instead.
  const reachable = host === '0.0.0.0' || host === '::' ? url.replace(/\/\/[^/]+:/, '//localhost:') : url;
  return `klen-mock ${info.version}: ${info.contractTitle} sandbox
  contract  ${info.contractFile} (${info.operations} operation${info.operations === 1 ? '' : 's'})
  fixtures  ${info.calls} calls from ${info.fixtures['calls.json']}
            ${info.keys} keys from ${info.fixtures['keys.json']}
  listening ${reachable}

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
    server = await createMockServer(config.fixtures === undefined ? {} : { fixtures: config.fixtures });
    url = await server.listen(config.port, config.host);
  } catch (error) {
    const known = error instanceof StartupError || (error as NodeJS.ErrnoException).code !== undefined;
    process.stderr.write(`klen-mock: ${known ? (error as Error).message : (error as Error).stack}\n`);
    process.exit(1);
  }
  process.stdout.write(banner(server, url, config.host));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait
    stopping = true;
    process.stdout.write(`klen-mock: ${signal} received, closing\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

