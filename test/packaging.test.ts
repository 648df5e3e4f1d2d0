/**
 * The package as a user gets it: `npm pack`, installed into an empty project with production
 * dependencies only, then its CLI started and its library entry imported.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from './helpers/cli-process.js';
import { DOCUMENTED_EXAMPLE } from './helpers/contract.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'klen-mock-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the published package', () => {
  it('installs with production dependencies only and serves the documented example', { timeout: 300_000 }, async () => {
    await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const consumer = path.join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, tarball as string)], { cwd: consumer, maxBuffer: 16 * 1024 * 1024 });

    // the generated types ship with the package, for `import type { paths } from 'klen-mock/types'`
    const installed = JSON.parse(readFileSync(path.join(consumer, 'node_modules', 'klen-mock', 'package.json'), 'utf8'));
    expect(installed.exports['./types']).toEqual({ types: './types/openapi.d.ts' });
    expect(readFileSync(path.join(consumer, 'node_modules', 'klen-mock', 'types', 'openapi.d.ts'), 'utf8')).toContain('export interface paths');

    const cli = await startCli(['--port', '0'], { command: [path.join(consumer, 'node_modules', '.bin', 'klen-mock')], cwd: consumer });
    try {
      const res = await fetch(`${cli.url}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(DOCUMENTED_EXAMPLE.value);
    } finally {
      expect((await cli.stop()).code).toBe(0);
    }

    const script = `
      import { createMockServer, silentLogger } from 'klen-mock';
      const server = await createMockServer({ logger: silentLogger });
      const url = await server.listen(0);
      const res = await fetch(url + '/api/v1/calls/call_def456', { headers: { 'X-API-Key': 'klen_abcdef123456789' } });
      console.log(res.status, (await res.json()).id);
      await server.close();
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(stdout.trim()).toBe('200 123');
  });
});
