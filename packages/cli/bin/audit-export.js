#!/usr/bin/env node
// A pull allocates millions of short-lived objects (events parsed, serialized, gzipped), and V8's default young
// generation lets them pile up: a million-event pull peaks near 250 MB of RSS with default flags. A 2 MB
// semi-space, and one malloc arena for glibc (gzip runs on libuv's pool threads, each of which would get its own),
// keep it near 130 MB (bench/README.md); but both are read only at start. So where Node can (22.15+, 23.11+; not on
// Windows) this process replaces itself with `node --max-semi-space-size=2 dist/cli.js …`: the same process id,
// terminal and signals, so kill -9 and Ctrl+C reach the command as before. Elsewhere the command runs in a worker
// thread with a capped young generation (this thread only hands it the terminal's facts and the signals). A young
// generation or arena count the user set (NODE_OPTIONS, a flag, MALLOC_ARENA_MAX) is left as it is.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const cli = new URL('../dist/cli.js', import.meta.url);
const sized = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) =>
  /^--(max|min)-semi-space-size/.test(flag),
);
if (sized) {
  await import(cli.href);
} else if (typeof process.execve === 'function' && process.platform !== 'win32') {
  const flags = ['--max-semi-space-size=2', ...process.execArgv];
  process.execve(process.execPath, [process.execPath, ...flags, fileURLToPath(cli), ...process.argv.slice(2)], {
    MALLOC_ARENA_MAX: '1',
    ...process.env,
  });
} else {
  const worker = new Worker(cli, {
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
