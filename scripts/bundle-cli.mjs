/**
 * `npm run build`'s last step: the `klen-mock` command as one file. tsc writes dist/ (the library,
 * `createMockServer`, stays as it is: one module per source file); this bundles dist/cli.js with
 * everything it imports (klen-mock's modules and its dependencies) into dist/cli.js itself.
 * Why: a start of the CLI spent about a third of its time resolving and loading some 400 ES
 * modules and CommonJS files one by one; one file is read and compiled at once (about 170 ms of a
 * 600 ms warm start on this project's 2-core machine, measured before this step).
 *
 * Left out of the bundle, and loaded from node_modules when needed: what is found by its path at
 * run time (swagger-parser, run on a worker thread; swagger-ui-dist's files; pino-pretty, loaded
 * on a terminal only).
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.js',
  allowOverwrite: true,
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
