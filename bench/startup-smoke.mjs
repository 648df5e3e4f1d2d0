/**
 * CI's start-up smoke check: spawn the built CLI and time it to the first 200 of the
 * documented example. Fails only on a gross regression, never on noise; the real figures come
 * from `npm run bench`. Runs once cold (fresh validation cache), then warm twice. The cold start
 * checks the whole contract (swagger-parser, and every operation's validators compiled: about
 * 1.4 s with 16 operations on this 2-core machine, 1.7 s seen under CI's load), so its limit is
 * 3 s; a warm start compiles on first use and keeps the 2 s limit.
 *
 * Usage: node bench/startup-smoke.mjs   (after npm run build)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LIMIT_MS = { cold: 3000, warm: 2000 };
const cacheDir = mkdtempSync(path.join(tmpdir(), 'klen-smoke-'));

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function startupMs() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', '--port', String(port), '--log-level', 'silent'], { env: { ...process.env, KLEN_MOCK_CACHE_DIR: cacheDir }, stdio: 'ignore' });
  try {
    while (performance.now() - started < 10_000) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/calls/123`, { headers: { Authorization: 'Bearer klen_abcdef123456789' } });
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return Infinity;
  } finally {
    child.kill('SIGTERM');
  }
}

const times = [];
for (let i = 0; i < 3; i += 1) times.push(await startupMs());
rmSync(cacheDir, { recursive: true, force: true });
const [cold, ...warm] = times.map((t) => Math.round(t));
console.log(`start-up to first 200: cold ${cold} ms (limit ${LIMIT_MS.cold} ms), warm ${warm.join(' ms, ')} ms (limit ${LIMIT_MS.warm} ms)`);
if (cold > LIMIT_MS.cold || warm.some((t) => t > LIMIT_MS.warm)) {
  console.error('start-up smoke check failed: over the limit');
  process.exit(1);
}
