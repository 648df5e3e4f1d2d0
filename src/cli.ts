#!/usr/bin/env node
/**
 * The `klen-mock` command. It first turns on Node's on-disk compile cache (Node 22.1 and later;
 * Node 20 has none), in klen-mock's cache directory, so that a start after the first one does not
 * compile the command's code again: the compile was about a fifth of a warm start. Only then is
 * the command itself loaded, so the cache covers it.
 */
import module from 'node:module';
import path from 'node:path';
import { cacheDirectory } from './openapi/check-cache.js';

const compileCache = (module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache;
compileCache?.(path.join(cacheDirectory(), 'node-compile-cache'));
const { main } = await import('./cli/main.js');
await main(process.argv.slice(2));
