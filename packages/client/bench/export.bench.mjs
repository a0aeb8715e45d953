#!/usr/bin/env node
// Benchmark: export ~1,000,000 events from the mock (in a separate process) with the built client,
// beside a plain-fetch baseline in the same run. Each measurement runs in a fresh process so its peak
// RSS is its own; rounds interleaved (BENCH_ROUNDS, default 3), medians, rates against the baseline. Run: `pnpm --filter @audit-export/client build && pnpm --filter @audit-export/client bench`.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const mock = spawn(process.execPath, [here('./mock-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(mock.stdout, 'data');
const { url, accessToken, apiToken } = JSON.parse(String(line));
try {
  const runs = new Map();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    // V8's default young generation (large semi-spaces on Node 24) lets garbage pile up before a scavenge:
    // even the plain-fetch baseline then peaks above 150 MB. A 4 MB semi-space keeps RSS near the live set.
    for (const flags of [[], ['--max-semi-space-size=4']]) {
      for (const [mode, validate] of [
        ['baseline', 'false'],
        ['client', 'true'],
        ['client', 'false'],
        ['batches', 'true'],
        ['batches', 'false'],
      ]) {
        const { stdout } = await run(
          process.execPath,
          [...flags, here('./export-worker.mjs'), mode, url, accessToken, apiToken, validate],
          { timeout: 600_000, maxBuffer: 1 << 20 },
        );
        const key = `${flags.join(' ') || '(default)'}|${mode}|${validate}`;
        if (!runs.has(key)) runs.set(key, []);
        runs.get(key).push(JSON.parse(stdout.trim().split('\n').at(-1)));
      }
    }
  }
  const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
  const results = [...runs].map(([key, list]) => {
    const [flags, mode, validate] = key.split('|');
    return {
      flags,
      mode,
      validate: validate === 'true',
      events: list[0].events,
      eventsPerSecond: median(list.map((r) => r.eventsPerSecond)),
      peakRssMb: Math.max(...list.map((r) => r.peakRssMb)),
    };
  });
  for (const result of results) {
    const baseline = results.find((r) => r.flags === result.flags && r.mode === 'baseline');
    result.vsBaseline = Number((result.eventsPerSecond / baseline.eventsPerSecond).toFixed(2));
  }
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}; Node ${process.versions.node}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.table(results);
  const client = results.filter((r) => r.mode !== 'baseline' && r.flags !== '(default)');
  const over = client.filter((r) => r.peakRssMb >= 150);
  if (over.length > 0) {
    console.error(`peak RSS over the 150 MB budget: ${over.map((r) => r.peakRssMb).join(', ')} MB`);
    process.exitCode = 1;
  }
} finally {
  mock.kill('SIGTERM');
}
