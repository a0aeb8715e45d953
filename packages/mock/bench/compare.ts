// Benchmark: the stateful mock beside `prism mock` in the same run, on the same machine.
// 1. requests/s on create and status (autocannon, 10 connections, 5 s each, limits off);
// 2. MB/s streaming a large JSONL result over loopback; 3. startup to first answer, both servers.
// Run: pnpm --filter @audit-export/mock bench   (after a build). Prints a Markdown table.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { mintDevToken } from '../dist/index.js';

const require = createRequire(import.meta.url);
const prismBin = new URL('../node_modules/.bin/prism', import.meta.url).pathname;
const spec = require.resolve('@audit-export/spec/audit-query.json');
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

async function rps(url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, headers, connections: 10, duration: DURATION });
  return result.requests.average;
}

async function startPrism(port: number): Promise<{ kill: () => void; ms: number }> {
  const t0 = performance.now();
  const child = spawn(prismBin, ['mock', spec, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/export/status/x`);
      return { kill: () => child.kill(), ms: performance.now() - t0 };
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function mockStartup(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [new URL('../dist/cli.js', import.meta.url).pathname, '--port', '4391', '--quiet'],
    { stdio: 'ignore' },
  );
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
  JSON.stringify({ limits: false, auditQuery: { pendingMs: 0, processingMs: 0, eventsPerHour: 20_000 } }),
);
const mockChild = spawn(
  process.execPath,
  [new URL('../dist/cli.js', import.meta.url).pathname, '--port', '4394', '--quiet', '--config', configFile],
  { stdio: 'ignore' },
);
const mock = { url: 'http://127.0.0.1:4394', close: async () => void mockChild.kill() };
while (
  !(await fetch(`${mock.url}/audit`).then(
    () => true,
    () => false,
  ))
)
  await new Promise((r) => setTimeout(r, 10));
const prism = await startPrism(4392);
const prismUrl = 'http://127.0.0.1:4392';
const created = (await (await fetch(`${mock.url}/audit-query-service/v2/export?${query}`, { headers })).json()) as {
  jobId: string;
};

const rows: string[][] = [];
const mockCreate = await rps(`${mock.url}/audit-query-service/v2/export?${query}`, headers);
const prismCreate = await rps(`${prismUrl}/v2/export?${query}`, headers);
rows.push([
  'create (GET /v2/export) req/s',
  mockCreate.toFixed(0),
  prismCreate.toFixed(0),
  `${(mockCreate / prismCreate).toFixed(1)}x`,
]);
const mockStatus = await rps(`${mock.url}/audit-query-service/v2/export/status/${created.jobId}`, headers);
const prismStatus = await rps(`${prismUrl}/v2/export/status/${created.jobId}`, headers);
rows.push(['status req/s', mockStatus.toFixed(0), prismStatus.toFixed(0), `${(mockStatus / prismStatus).toFixed(1)}x`]);

// Streaming: one day at 20,000 events/hour is ~480,000 lines.
const t0 = performance.now();
const res = await fetch(`${mock.url}/audit-query-service/v2/export/result/${created.jobId}`, { headers });
let bytes = 0;
for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
const seconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const prismResult = await fetch(`${prismUrl}/v2/export/result/${created.jobId}`, { headers });
const prismBytes = (await prismResult.arrayBuffer()).byteLength;
rows.push([
  'JSONL result MB/s',
  `${(bytes / 1e6 / seconds).toFixed(0)} (${(bytes / 1e6).toFixed(0)} MB)`,
  `n/a (static ${prismBytes} B example in ${(performance.now() - t1).toFixed(0)} ms)`,
  '',
]);
const prismStartupRun = await startPrism(4393);
prismStartupRun.kill();
rows.push(['startup to first answer (ms)', (await mockStartup()).toFixed(0), prismStartupRun.ms.toFixed(0), '']);

prism.kill();
await mock.close();
console.log(
  `Machine: ${cpus().length}x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${DURATION}s per autocannon run, 10 connections\n`,
);
console.log('| measure | @audit-export/mock | prism mock | ratio |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
