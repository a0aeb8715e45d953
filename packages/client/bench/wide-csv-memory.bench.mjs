#!/usr/bin/env node
// Benchmark: what a wide CSV costs with every record kept, with and without `maxColumns`, with the built
// client. Memory only, nothing timed for a verdict. The files are written to a temp directory first
// (streamed); each measurement runs in a fresh process (this script with `worker`) beside an idle one, and
// reports peak RSS and the heap still used after a GC with the records kept.
// Run: `pnpm --filter @audit-export/client build && node packages/client/bench/wide-csv-memory.bench.mjs`.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const MB = 2 ** 20;

if (process.argv[2] === 'worker') {
  // One measurement: `worker <csv> <limits json>` (or `worker idle`); prints one JSON line.
  const [, , , path, limits = '{}'] = process.argv;
  const { csvEntries } = await import('@audit-export/client/zoho');
  const result = {};
  if (path !== 'idle') {
    const kept = [];
    try {
      for await (const record of csvEntries(createReadStream(path, { highWaterMark: 64 * 1024 }), {
        expectedColumns: false,
        ...JSON.parse(limits),
      }))
        kept.push(record);
    } catch (error) {
      result.code = error.code;
    }
    globalThis.gc?.();
    result.records = kept.length;
    result.heapMb = Math.round(process.memoryUsage().heapUsed / MB);
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(result));
  process.exit(0);
}

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'wide-csv-bench-'));
const SIZE = 36 * MB;

/** Writes a CSV of `columns` columns and empty rows until the file reaches SIZE: the cheapest bytes per field. */
async function writeCsv(path, columns) {
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  let bytes = 0;
  const names = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  await write(`${names}\n`);
  bytes += names.length + 1;
  const row = `${','.repeat(columns - 1)}\n`;
  const block = row.repeat(Math.max(1, Math.floor(MB / row.length)));
  while (bytes < SIZE) {
    await write(block);
    bytes += block.length;
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

const files = { wide: join(dir, 'wide.csv'), thousand: join(dir, 'thousand.csv'), zoho: join(dir, 'zoho.csv') };
await writeCsv(files.wide, 809_597);
await writeCsv(files.thousand, 1000);
await writeCsv(files.zoho, 8);

const off = JSON.stringify({ maxColumns: Number.MAX_SAFE_INTEGER, maxRowBytes: 1e12, maxFieldBytes: 1e12 });
const results = [];
async function measure(label, file, limits = '{}') {
  const args = ['--expose-gc', fileURLToPath(import.meta.url), 'worker', file, limits];
  const { stdout } = await run(process.execPath, args, { timeout: 1_800_000, maxBuffer: 1 << 20 });
  const size = file === 'idle' ? '' : `${(statSync(file).size / MB).toFixed(1)} MiB`;
  results.push({ run: label, file: size, ...JSON.parse(stdout.trim().split('\n').at(-1)) });
}
try {
  await measure('idle baseline', 'idle');
  await measure('809,597 columns, maxColumns off, records kept', files.wide, off);
  await measure('809,597 columns, default limits', files.wide);
  await measure('1,000 columns (the default limit), records kept', files.thousand);
  await measure('8 columns (Zoho), records kept', files.zoho);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.table(results);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
