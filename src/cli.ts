#!/usr/bin/env node
/** The `klen-mock` command: `klen-mock [options]` serves, `klen-mock verify …` checks a server. */
import { serveCommand } from './cli/serve-command.js';
import { verifyCommand } from './cli/verify-command.js';

const [first, ...rest] = process.argv.slice(2);
if (first === 'verify') await verifyCommand(rest);
else await serveCommand(process.argv.slice(2));
