/** What `klen-mock [options]` runs: `klen-mock verify …` checks a server, anything else serves. */
export async function main(argv: readonly string[]): Promise<void> {
  const [first, ...rest] = argv;
  // each command loads only what it needs (verify compiles validators, serving may load a pack instead)
  if (first === 'verify') await (await import('./verify-command.js')).verifyCommand(rest);
  else await (await import('./serve-command.js')).serveCommand([...argv]);
}
