#!/usr/bin/env node
// A pull allocates millions of short-lived objects (events parsed, serialized, gzipped), and V8's default young
// generation lets them pile up: a million-event pull peaks near 250 MB of RSS in one thread with default flags.
// So the command runs in a worker thread with a 4 MB young generation (about 165 MB; bench/README.md), this
// thread only handing it the terminal's facts and the signals and exiting with its code (kill -9 ends both at
// once). Whoever already sized the young generation (NODE_OPTIONS=--max-semi-space-size=1: about 140 MB) gets
// the command in this thread, as they asked.
import { Worker } from 'node:worker_threads';

const tuned = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) =>
  /^--(max|min)-semi-space-size/.test(flag),
);
if (tuned) {
  await import('../dist/cli.js');
} else {
  const worker = new Worker(new URL('../dist/cli.js', import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { stderr: { isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns } },
    // Measured at 2, 4, 8 and 16 MB (bench/README.md): 4 MB is as fast as any and near the least memory.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => worker.postMessage({ signal }));
  worker.on('error', (error) => {
    process.stderr.write(`audit-export: ${error.message}\n`);
    process.exitCode = 1;
  });
  worker.on('exit', (code) => {
    process.exitCode ||= code;
  });
}
