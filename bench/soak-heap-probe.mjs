// Loaded into the soaked sandbox (node --expose-gc --import): on SIGUSR2, a full garbage
// collection, then the heap still in use on stderr. RSS alone cannot tell a leak from V8 keeping
// pages it may reuse; the heap after a full collection is what the sandbox really holds.
process.on('SIGUSR2', () => {
  globalThis.gc();
  process.stderr.write(`klen-soak-heap ${process.memoryUsage().heapUsed}\n`);
});
