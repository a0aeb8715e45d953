#!/usr/bin/env node
// Benchmark: what a window of 100x the server's result limit costs, against one job of the same events.
// Two mock processes serve the same seeded events, one never cutting results and one cutting them at a
// hundredth of the window (BENCH_TIMES, default 100); the built client exports the same window (BENCH_HOURS
// hours at 45,000 events an hour, default 4.45 h: about 160,000 events) from each, in fresh processes, rounds
// interleaved (BENCH_ROUNDS, default 3). Jobs have no server time here (pending and processing 0 ms), so the figures are the client's
// and the protocol's cost; a real server adds its job latency once per part.
// Run: `node tools/toolchain/pnpm.mjs --filter @audit-export/client build && node packages/client/bench/window.bench.mjs`.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const times = Number(process.env.BENCH_TIMES ?? 100);
const hours = Number(process.env.BENCH_HOURS ?? 4.45);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function startMock(resultLimit) {
  const mock = spawn(process.execPath, [here('./mock-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_RESULT_LIMIT: String(resultLimit) },
  });
  const [line] = await once(mock.stdout, 'data');
  return { mock, ...JSON.parse(String(line)) };
}

const whole = await startMock(1_000_000_000);
const measure = async (server) => {
  const { stdout } = await run(
    process.execPath,
    [here('./window-worker.mjs'), server.url, server.accessToken, server.apiToken, String(hours)],
    { timeout: 600_000, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1));
};
// The window's size decides the limit: a hundredth of it.
const limit = Math.ceil((await measure(whole)).events / times);
const cut = await startMock(limit);
try {
  const results = { 'one job': [], [`parts of ${limit}`]: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, server] of [
      ['one job', whole],
      [`parts of ${limit}`, cut],
    ]) {
      results[name].push(await measure(server));
    }
  }
  const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
  const rows = Object.entries(results).map(([name, list]) => ({
    run: name,
    events: list[0].events,
    jobs: list[0].jobs,
    requests: list[0].requests,
    seconds: Number(median(list.map((r) => r.seconds)).toFixed(2)),
    eventsPerSecond: median(list.map((r) => r.eventsPerSecond)),
    peakRssMb: Math.max(...list.map((r) => r.peakRssMb)),
  }));
  const [one, parts] = rows;
  const same = results['one job'][0].idsHash === results[`parts of ${limit}`][0].idsHash;
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}; Node ${process.versions.node}; ${new Date().toISOString().slice(0, 10)}; limit ${limit}, ${hours} h`,
  );
  console.table(rows);
  console.log(
    `parts / one job: ${(parts.seconds / one.seconds).toFixed(2)}x the time; same events in the same order: ${same}`,
  );
  if (!same || one.events !== parts.events) process.exitCode = 1;
} finally {
  cut.mock.kill('SIGTERM');
  whole.mock.kill('SIGTERM');
}
