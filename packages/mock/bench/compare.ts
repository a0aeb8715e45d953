// Benchmark: the stateful mock beside `prism mock` in the same run, on the same machine.
// 1. requests/s on create and status (autocannon, 10 connections, 5 s each, limits off), after a
//    1 s warm-up of each server, in BENCH_ROUNDS alternating rounds (default 3), medians reported;
// 2. MB/s streaming a large JSONL result over loopback: cold (hours generated on the fly, a new
//    day each round) and repeated (a result that fits the hour cache, streamed again);
// 3. startup to first answer, both servers.
// The machine is shared, so the medians of rounds that alternate mock and Prism are what compare.
// Run: pnpm --filter @audit-export/mock bench   (after a build). Prints a Markdown table.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { mintDevToken } from '../dist/index.js';

const require = createRequire(import.meta.url);
const prismBin = new URL('../node_modules/.bin/prism', import.meta.url).pathname;
const spec = require.resolve('@audit-export/spec/audit-query.json');
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
// BENCH_MOCK_DIST: another build's dist/ (e.g. an older commit's), to compare code under the same bench.
const cli = process.env.BENCH_MOCK_DIST
  ? join(process.env.BENCH_MOCK_DIST, 'cli.js')
  : new URL('../dist/cli.js', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** CPU time (user + system) a process has used, in ms; undefined off Linux. Clock ticks are 10 ms there. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** requests/s, and the server's CPU µs per request (steadier than requests/s on a shared machine). */
async function rps(
  url: string,
  headers: Record<string, string>,
  pid: number | undefined,
  duration = DURATION,
): Promise<{ perSecond: number; cpuUs: number }> {
  const before = cpuMs(pid);
  const result = await autocannon({ url, headers, connections: 10, duration });
  const after = cpuMs(pid);
  // A server answering errors fast would look fast: say so instead of reporting a number.
  if (result.non2xx > 0 || result.errors > 0)
    console.error(`warning: ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const total = result.requests.average * duration;
  const cpuUs = before === undefined || after === undefined ? Number.NaN : ((after - before) * 1000) / total;
  return { perSecond: result.requests.average, cpuUs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Streams one result, returning bytes, MB/s and MB per CPU second of the server `pid`. */
async function stream(
  url: string,
  headers: Record<string, string>,
  pid?: number,
): Promise<{ bytes: number; mbps: number; mbPerCpuSecond: number }> {
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const mbps = bytes / 1e6 / ((performance.now() - t0) / 1000);
  const cpu1 = cpuMs(pid);
  const mbPerCpuSecond = cpu0 === undefined || cpu1 === undefined ? Number.NaN : bytes / 1e3 / (cpu1 - cpu0);
  return { bytes, mbps, mbPerCpuSecond };
}

async function startPrism(port: number): Promise<{ kill: () => void; ms: number; pid: number | undefined }> {
  const t0 = performance.now();
  const child = spawn(prismBin, ['mock', spec, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/export/status/x`);
      return { kill: () => child.kill(), ms: performance.now() - t0, pid: child.pid };
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function mockStartup(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, '--port', '4391', '--quiet'], { stdio: 'ignore' });
  for (;;) {
    try {
      await fetch('http://127.0.0.1:4391/audit');
      const ms = performance.now() - t0;
      child.kill();
      return ms;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

const creds = mintDevToken({ tenant: 'acme' });
const headers = { ...creds.headers, 'content-type': 'application/json' };
const query = 'tenantId=acme&startTime=2026-11-01T00:00:00Z&endTime=2026-11-02T00:00:00Z';

// The mock runs in its own process, like Prism, so autocannon does not share its event loop.
const configFile = join(tmpdir(), `audit-export-mock-bench-${process.pid}.json`);
writeFileSync(
  configFile,
  // resultLimit: a day at 20,000 events/hour, not the spec's default cap of 10,000 events.
  JSON.stringify({
    limits: false,
    auditQuery: { pendingMs: 0, processingMs: 0, eventsPerHour: 20_000, resultLimit: 1_000_000 },
  }),
);
const mockChild = spawn(process.execPath, [cli, '--port', '4394', '--quiet', '--config', configFile], {
  stdio: 'ignore',
});
const mock = { url: 'http://127.0.0.1:4394', close: async () => void mockChild.kill() };
// A failed run must not leave servers holding the ports (the next run would measure them).
process.on('exit', () => mockChild.kill());
while (
  !(await fetch(`${mock.url}/audit`).then(
    () => true,
    () => false,
  ))
)
  await new Promise((r) => setTimeout(r, 10));
const prism = await startPrism(4392);
process.on('exit', () => prism.kill());
const prismUrl = 'http://127.0.0.1:4392';
const created = (await (await fetch(`${mock.url}/audit-query-service/v2/export?${query}`, { headers })).json()) as {
  jobId: string;
};

const rows: string[][] = [];
const exportUrl = `${mock.url}/audit-query-service/v2/export`;
const measures = {
  mockCreate: [`${exportUrl}?${query}`, mockChild.pid],
  prismCreate: [`${prismUrl}/v2/export?${query}`, prism.pid],
  mockStatus: [`${exportUrl}/status/${created.jobId}`, mockChild.pid],
  prismStatus: [`${prismUrl}/v2/export/status/${created.jobId}`, prism.pid],
} as const;
type Measure = keyof typeof measures;
// Warm-up: JIT, connection pools and Prism's lazily loaded parts, for both servers alike.
for (const [url, pid] of Object.values(measures)) await rps(url, headers, pid, 1);
const runs: Record<Measure, number[]> = { mockCreate: [], prismCreate: [], mockStatus: [], prismStatus: [] };
const cpu: Record<Measure, number[]> = { mockCreate: [], prismCreate: [], mockStatus: [], prismStatus: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, [url, pid]] of Object.entries(measures)) {
    const r = await rps(url, headers, pid);
    runs[name as Measure].push(r.perSecond);
    cpu[name as Measure].push(r.cpuUs);
  }
}
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(', ')})`;
for (const [label, m, p] of [
  ['create (GET /v2/export)', 'mockCreate', 'prismCreate'],
  ['status', 'mockStatus', 'prismStatus'],
] as const) {
  rows.push([
    `${label} req/s, median (runs)`,
    fmt(runs[m]),
    fmt(runs[p]),
    `${(median(runs[m]) / median(runs[p])).toFixed(1)}x`,
  ]);
  rows.push([
    `${label} server CPU µs per request`,
    fmt(cpu[m]),
    fmt(cpu[p]),
    `${(median(cpu[p]) / median(cpu[m])).toFixed(1)}x less`,
  ]);
}

async function createJob(q: string): Promise<string> {
  const res = await fetch(`${exportUrl}?${q}`, { headers });
  return ((await res.json()) as { jobId: string }).jobId;
}
// Cold: one day at 20,000 events/hour (~480,000 lines, ~230 MB), a day not streamed before in each round.
const cold: number[] = [];
const coldCpu: number[] = [];
let coldBytes = 0;
for (let round = 0; round < ROUNDS; round++) {
  const day = `2026-11-${String(round + 1).padStart(2, '0')}`;
  const next = `2026-11-${String(round + 2).padStart(2, '0')}`;
  const jobId = await createJob(`tenantId=acme&startTime=${day}T00:00:00Z&endTime=${next}T00:00:00Z`);
  const r = await stream(`${exportUrl}/result/${jobId}`, headers, mockChild.pid);
  cold.push(r.mbps);
  coldCpu.push(r.mbPerCpuSecond);
  coldBytes = r.bytes;
}
// Repeated: six hours (~56 MB) fit the 64 MiB hour cache; the first stream fills it.
const warmJob = await createJob('tenantId=acme&startTime=2026-11-20T00:00:00Z&endTime=2026-11-20T06:00:00Z');
const warmFill = await stream(`${exportUrl}/result/${warmJob}`, headers);
const warm: number[] = [];
// A repeated stream takes a few CPU ticks (10 ms each), too few to divide per round: count them all.
const warmCpu0 = cpuMs(mockChild.pid);
for (let round = 0; round < ROUNDS; round++) {
  const r = await stream(`${exportUrl}/result/${warmJob}`, headers, mockChild.pid);
  warm.push(r.mbps);
}
const t1 = performance.now();
const prismResult = await fetch(`${prismUrl}/v2/export/result/${created.jobId}`, { headers });
const prismBytes = (await prismResult.arrayBuffer()).byteLength;
const prismNote = `n/a (static ${prismBytes} B example in ${(performance.now() - t1).toFixed(0)} ms)`;
rows.push([`JSONL result MB/s, cold (${(coldBytes / 1e6).toFixed(0)} MB, generated)`, fmt(cold), prismNote, '']);
rows.push(['JSONL cold: MB per server CPU second', fmt(coldCpu), 'n/a', '']);
rows.push([
  `JSONL result MB/s, repeated (${(warmFill.bytes / 1e6).toFixed(0)} MB from the hour cache)`,
  fmt(warm),
  'n/a',
  '',
]);
const warmCpuMs = (cpuMs(mockChild.pid) ?? Number.NaN) - (warmCpu0 ?? Number.NaN);
rows.push([
  'JSONL repeated: MB per server CPU second, all rounds',
  `${((warmFill.bytes * ROUNDS) / 1e3 / warmCpuMs).toFixed(0)} (${warmCpuMs} ms CPU)`,
  'n/a',
  '',
]);
const prismStartupRun = await startPrism(4393);
prismStartupRun.kill();
rows.push(['startup to first answer (ms)', (await mockStartup()).toFixed(0), prismStartupRun.ms.toFixed(0), '']);

prism.kill();
await mock.close();
console.log(
  `Mock: ${cli}\nMachine: ${cpus().length}x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${DURATION}s per autocannon run, 10 connections, ${ROUNDS} rounds\n`,
);
console.log('| measure | @audit-export/mock | prism mock | ratio |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
