/**
 * `npm run build`'s last step: the `klen-mock` command bundled. tsc writes dist/ (the library,
 * `createMockServer`, stays as it is: one module per source file); this bundles dist/cli.js with
 * everything it imports (klen-mock's modules and its dependencies) into dist/cli/bundle/, and
 * dist/cli.js becomes the bundle's entry.
 * Why: a start of the CLI spent about a third of its time resolving and loading some 400 ES
 * modules and CommonJS files one by one; one file is read and compiled at once (about 170 ms of a
 * 600 ms warm start on this project's 2-core machine, measured before this step).
 * Split at every dynamic import(): what only some requests need (the admin API with express,
 * the calendar's .ics, the YAML and $ref resolver of a first start) is its own chunk, loaded when
 * first needed, so a start reads and compiles only what serving the API needs (a single file
 * was 3.3 MB, a third of a warm start's time went to decoding and compiling it).
 *
 * Left out of the bundle, and loaded from node_modules when needed: what is found by its path at
 * run time (swagger-parser, run on a worker thread; swagger-ui-dist's files; pino-pretty, loaded
 * on a terminal only).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/cli/bundle', { recursive: true, force: true });
await build({
  entryPoints: { 'klen-mock': 'dist/cli.js' },
  outdir: 'dist/cli/bundle',
  chunkNames: '[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // the CommonJS dependencies inside the bundle call require() for Node's modules
  banner: { js: "import { createRequire as klenMockCreateRequire } from 'node:module'; const require = klenMockCreateRequire(import.meta.url);" },
  external: ['@apidevtools/swagger-parser', 'swagger-ui-dist', 'pino-pretty'],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// dist/cli.js (the package's bin, and what the README and the image run) runs the bundle
rmSync('dist/cli.js.map', { force: true });
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// the klen-mock command, bundled by scripts/bundle-cli.mjs\nimport './cli/bundle/klen-mock.js';\n");
