#!/usr/bin/env node
// Benchmark: `audit-export pull` of ~1,000,000 events from the local mock (its own process) to .jsonl.gz, against a
// baseline in the same run that fetches the same result and gzips it to a file without parsing; and the cost of
// checkpoints every 10,000 events (against a pull that commits only every 10 s and at the end). Every measurement
// is a fresh process (peak RSS its own); rounds interleaved (BENCH_ROUNDS, default 3), medians.
// Run: `pnpm --filter @audit-export/cli build && pnpm --filter @audit-export/cli bench`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-bench-'));
const mock = spawn(process.execPath, [here('./mock-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(mock.stdout, 'data');
const { url, accessToken, apiToken, from, to } = JSON.parse(String(line));

/** Runs a process; resolves with its wall time and the JSON line it printed last. */
function measure(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve({ seconds: (performance.now() - started) / 1000, ...JSON.parse(out.trim().split('\n').at(-1)) });
    });
  });
}

// How the CLI is started: as installed (the bin re-executes itself with a 2 MB semi-space and one malloc arena), as
// the bin runs on a Node without process.execve (a worker thread with a 4 MB young generation), or dist/cli.js with
// V8's defaults.
const starts = {
  bin: ['--import', here('./peak-rss.mjs'), here('../bin/audit-export.js')],
  worker: [
    '--import',
    here('./peak-rss.mjs'),
    '--import',
    here('./without-execve.mjs'),
    here('../bin/audit-export.js'),
  ],
  defaults: ['--import', here('./peak-rss.mjs'), here('../dist/cli.js')],
};

const cli = (out, every, how) =>
  measure(
    [
      ...starts[how],
      'pull',
      'audit-query',
      '--base-url',
      `${url}/audit-query-service`,
      '--tenant',
      'bench-tenant',
      '--from',
      from,
      '--to',
      to,
      '--out',
      out,
      '--checkpoint-every',
      String(every),
      '--poll-interval',
      '50ms',
      '--quiet',
    ],
    { AUDIT_QUERY_ACCESS_TOKEN: accessToken, AUDIT_QUERY_API_TOKEN: apiToken },
  );

try {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const runs = {
    baseline: [],
    'cli, checkpoint every 10,000': [],
    'cli, checkpoint every 10 s only': [],
    'cli, every 10,000, in a worker (Node without execve)': [],
    'cli, every 10,000, V8 default young generation': [],
  };
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    const base = await measure([
      here('./baseline.mjs'),
      url,
      accessToken,
      apiToken,
      from,
      to,
      join(dir, `base-${round}.jsonl.gz`),
    ]);
    events = base.events;
    runs.baseline.push({ ...base, outMb: statSync(join(dir, `base-${round}.jsonl.gz`)).size / 1e6 });
    for (const [name, every, how] of [
      ['cli, checkpoint every 10,000', 10_000, 'bin'],
      ['cli, checkpoint every 10 s only', 1_000_000_000, 'bin'],
      ['cli, every 10,000, in a worker (Node without execve)', 10_000, 'worker'],
      ['cli, every 10,000, V8 default young generation', 10_000, 'defaults'],
    ]) {
      const file = join(dir, `cli-${round}-${every}-${how}.jsonl.gz`);
      const result = await cli(file, every, how);
      runs[name].push({ ...result, outMb: statSync(file).size / 1e6 });
      rmSync(file);
      rmSync(`${file}.checkpoint.json`);
    }
    rmSync(join(dir, `base-${round}.jsonl.gz`));
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const rows = Object.entries(runs).map(([name, list]) => ({
    run: name,
    events,
    seconds: Number(median(list.map((r) => r.seconds)).toFixed(2)),
    eventsPerSecond: Math.round(events / median(list.map((r) => r.seconds))),
    peakRssMb: Math.max(...list.map((r) => r.peakRssMb)),
    outMb: Number(median(list.map((r) => r.outMb)).toFixed(1)),
  }));
  const [baseline, every, only, worker, defaults] = rows;
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}; Node ${process.versions.node}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${new Date().toISOString().slice(0, 10)}; ${rounds} rounds`,
  );
  console.table(rows);
  const rate = every.eventsPerSecond / baseline.eventsPerSecond;
  const checkpointCost = every.seconds / only.seconds - 1;
  console.log(
    `cli / baseline rate: ${rate.toFixed(2)} (target >= 0.7); peak RSS ${every.peakRssMb} MB (target < 150; ${worker.peakRssMb} MB in a worker on a Node without execve, ${defaults.peakRssMb} MB with V8's default young generation); checkpoints every 10,000 cost ${(checkpointCost * 100).toFixed(1)}% (target < 5%)`,
  );
} finally {
  mock.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
