import { afterEach, describe, expect, it } from 'vitest';
import { DelayProfile, parseDelaySpec } from '../src/latency/delay-profile.js';
import { createMockServer, silentLogger, StartupError, type MockServer, type MockServerOptions } from '../src/index.js';
import { runCli, startCli } from './helpers/cli-process.js';
import { bearer } from './helpers/sandbox.js';

describe('latency profiles: the delays', () => {
  it('a range draws from a seeded sequence: same seed, same delays', () => {
    const draw = (seed: number) => {
      const profile = new DelayProfile({ min: 100, max: 800 }, seed);
      return Array.from({ length: 50 }, () => profile.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const delays = draw(7);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(30); // spread, not stuck
  });

  it('a fixed delay is always the same', () => {
    const profile = new DelayProfile({ min: 300, max: 300 }, 1);
    expect([profile.next(), profile.next()]).toEqual([300, 300]);
  });

  it.each([
    ['300', { min: 300, max: 300 }],
    ['100-800', { min: 100, max: 800 }],
    ['0', { min: 0, max: 0 }],
    ['800-100', undefined],
    ['30001', undefined],
    ['fast', undefined],
    ['-5', undefined],
  ])('parses %s', (text, spec) => {
    expect(parseDelaySpec(text)).toEqual(spec);
  });
});

describe('latency profiles over HTTP', () => {
  const servers: MockServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function start(options: MockServerOptions) {
    const server = await createMockServer({ logger: silentLogger, ...options });
    servers.push(server);
    return server.listen(0);
  }
  async function timed(url: string, init: RequestInit = bearer()) {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/calls/123`, init);
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  }

  it('--delay 150 holds every API response back, errors included', async () => {
    const url = await start({ delay: 150 });
    expect((await timed(url)).ms).toBeGreaterThanOrEqual(145);
    const unauthenticated = await timed(url, {});
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.ms).toBeGreaterThanOrEqual(145);
  });

  it('X-Mock-Delay wins over the profile, and the journal says which applied', async () => {
    const url = await start({ delay: 400 });
    const fast = await timed(url, bearer(undefined, { 'X-Mock-Delay': '0' }));
    expect(fast.ms).toBeLessThan(300);
    await timed(url);
    const entries = ((await (await fetch(`${url}/__mock/requests`)).json()) as any).entries;
    expect(entries.map((e: any) => e.simulation)).toEqual([
      { delayMs: 400, delaySource: 'profile' },
      { delayMs: 0, delaySource: 'X-Mock-Delay' },
    ]);
  });

  it('a range with a seed repeats from run to run', async () => {
    const delaysOf = async (url: string) => {
      for (let i = 0; i < 8; i += 1) await timed(url);
      const entries = ((await (await fetch(`${url}/__mock/requests`)).json()) as any).entries;
      return entries.map((e: any) => e.simulation.delayMs);
    };
    const first = await delaysOf(await start({ delay: { min: 1, max: 40 }, seed: 42 }));
    const second = await delaysOf(await start({ delay: { min: 1, max: 40 }, seed: 42 }));
    expect(first).toEqual(second);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('the admin API is never delayed', async () => {
    const url = await start({ delay: 1000 });
    const started = performance.now();
    await fetch(`${url}/__mock/health`);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('bad options are a StartupError naming the option', async () => {
    await expect(createMockServer({ logger: silentLogger, delay: { min: 500, max: 100 } })).rejects.toThrow(StartupError);
    await expect(createMockServer({ logger: silentLogger, delay: 40_000 })).rejects.toThrow(/^delay: must be whole milliseconds from 0 to 30000/);
  });
});

describe('latency from the CLI', () => {
  it('--delay 100-200 --seed 3 is shown in the banner and applied', async () => {
    const cli = await startCli(['--port', '0', '--delay', '100-200', '--seed', '3', '--log-level', 'silent']);
    expect(cli.output()).toContain('latency    100-200 ms, seed 3');
    const started = performance.now();
    await fetch(`${cli.url}/api/v1/calls/123`, bearer());
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    await cli.stop();
  });

  it('KLEN_MOCK_DELAY works too, and a bad value exits 1', async () => {
    const bad = await runCli(['--port', '0'], { KLEN_MOCK_DELAY: 'slow' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('KLEN_MOCK_DELAY: must be milliseconds (300) or a range (100-800), from 0 to 30000, got "slow"');
  });
});
