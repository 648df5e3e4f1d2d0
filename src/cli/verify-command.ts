import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StartupError } from '../errors/startup-error.js';
import { DEFAULT_CONTRACT } from '../package-info.js';
import { toJUnit } from '../verify/junit.js';
import { maskKey } from '../auth/mask-key.js';
import { runVerify, scenarioTitle, type VerifyReport } from '../verify/run-verify.js';

const USAGE = `Usage: klen-mock verify --target <base-url> --key <api-key> [options]

Runs the documented scenarios of each operation in the contract against a server that claims
to implement it (the real Klen API, a staging backend, this sandbox) and checks every response
against openapi.yaml: every read operation (Get Calls, Get Call Details, Get Agents, Get
Contacts, Get Contact Details, Get Context Variables: auth, ids, limit, page, filters).
Sends only GET requests unless --allow-writes is given. Exits 1 on any violation.

Options:
  --target <url>          base URL, e.g. https://api.klen.ai or http://127.0.0.1:4010
  --key <key>             an API key with the operations' permissions (env KLEN_API_KEY)
  --call-id <id>          a call to fetch, by database id or call_id (repeatable; default: the
                          contract's examples, 123 and call_def456)
  --contact-id <id>       a contact to fetch (repeatable; default: the contract's example, 789)
  --event-id <id>         a calendar event to fetch, by id or UUID (repeatable; default: the
                          contract's examples, 123 and its UUID)
  --allow-writes          also run Initiate Call (POST): four 400 scenarios that cannot place a
                          call, and no key (401)
  --phone-number <E.164>  with --allow-writes and --agent-id: place one real call to this
  --agent-id <id>         number from this agent (expects 201, Location, status queued);
                          a real call costs money
  --junit <file>          also write the results as JUnit XML
  --timeout <ms>          per-request time limit (default 10000)
  --contract <file>       the contract (default: the shipped openapi.yaml)
  -h, --help              show this help
`;

/** `klen-mock verify …`: prints a line per scenario and a summary; exit code 1 on any violation. */
export async function verifyCommand(argv: string[]): Promise<void> {
  let options: Parameters<typeof runVerify>[0];
  let junit: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        target: { type: 'string' },
        key: { type: 'string' },
        'call-id': { type: 'string', multiple: true },
        'contact-id': { type: 'string', multiple: true },
        'event-id': { type: 'string', multiple: true },
        'allow-writes': { type: 'boolean' },
        'phone-number': { type: 'string' },
        'agent-id': { type: 'string' },
        junit: { type: 'string' },
        timeout: { type: 'string' },
        contract: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return void process.stdout.write(USAGE);
    const target = values.target ?? '';
    if (!/^https?:\/\/[^/]/.test(target) || !URL.canParse(target)) throw new StartupError('--target', `must be an http(s) base URL, got ${JSON.stringify(target)}`);
    const key = values.key ?? process.env['KLEN_API_KEY'] ?? '';
    if (key === '') throw new StartupError('--key', 'is required (or set KLEN_API_KEY)');
    const timeoutText = values.timeout ?? '10000';
    if (!/^[1-9][0-9]{0,6}$/.test(timeoutText)) throw new StartupError('--timeout', `must be a whole number of milliseconds, got ${JSON.stringify(timeoutText)}`);
    const phoneNumber = values['phone-number'];
    const agentId = values['agent-id'];
    // a real call is placed only when all three are given: refuse a half-given intent rather than ignore it
    if (phoneNumber !== undefined || agentId !== undefined) {
      const flag = phoneNumber !== undefined ? '--phone-number' : '--agent-id';
      if (!values['allow-writes']) throw new StartupError(flag, 'places a real call, which needs --allow-writes');
      if (phoneNumber === undefined) throw new StartupError('--phone-number', 'is required with --agent-id');
      if (agentId === undefined || agentId === '') throw new StartupError('--agent-id', 'is required with --phone-number');
      if (!/^\+[1-9][0-9]{1,14}$/.test(phoneNumber)) throw new StartupError('--phone-number', `must be an E.164 number such as +15551234567, got ${JSON.stringify(phoneNumber)}`);
    }
    options = {
      target,
      key,
      callIds: values['call-id'] ?? [],
      contactIds: values['contact-id'] ?? [],
      eventIds: values['event-id'] ?? [],
      contract: values.contract ?? DEFAULT_CONTRACT,
      timeoutMs: Number(timeoutText),
      allowWrites: values['allow-writes'] ?? false,
      ...(phoneNumber !== undefined && agentId !== undefined ? { phoneNumber, agentId } : {}),
    };
    junit = values.junit;
  } catch (error) {
    process.stderr.write(`klen-mock verify: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(1);
  }

  let report: VerifyReport;
  try {
    process.stdout.write(`klen-mock verify: ${options.target} with key ${maskKey(options.key)}\n`);
    report = await runVerify(options);
  } catch (error) {
    process.stderr.write(`klen-mock verify: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(formatReport(report));
  if (junit) writeFileSync(junit, toJUnit(report));
  const failed = report.results.filter((r) => r.violations.length > 0).length;
  process.exitCode = failed > 0 || report.results.length === 0 ? 1 : 0;
}

/** One line per scenario, its violations indented under it, then a summary. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const mark = r.violations.length === 0 ? '✓' : '✗';
    lines.push(`${mark} ${r.operationId}: ${scenarioTitle(r)} → ${r.status ?? 'no response'} (${r.ms} ms)`);
    for (const violation of r.violations) lines.push(`    ${violation}`);
    if (r.violations.length > 0) lines.push(`    request: ${r.method} ${r.url}`);
  }
  for (const s of report.skipped) lines.push(`- ${s.operationId}: skipped, ${s.reason}`);
  const failed = report.results.filter((r) => r.violations.length > 0).length;
  lines.push('', `${report.results.length} scenarios: ${report.results.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
