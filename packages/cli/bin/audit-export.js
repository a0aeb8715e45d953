#!/usr/bin/env node
// The command runs in a worker thread with a capped young generation. A pull allocates millions of short-lived
// objects (events parsed, serialized, gzipped), and V8's default young generation lets them pile up: about
// 190 MB peak RSS for a million events against about 140 MB capped (bench/README.md). This thread only hands
// the worker the terminal's facts and the signals, and exits with the worker's code; kill -9 ends both at once.
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('../dist/cli.js', import.meta.url), {
  argv: process.argv.slice(2),
  workerData: { stderr: { isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns } },
  resourceLimits: { maxYoungGenerationSizeMb: 16 },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => worker.postMessage({ signal }));
worker.on('error', (error) => {
  process.stderr.write(`audit-export: ${error.message}\n`);
  process.exitCode = 1;
});
worker.on('exit', (code) => {
  process.exitCode ||= code;
});
