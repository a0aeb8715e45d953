#!/usr/bin/env node
// Benchmark: memory of streaming a 1,000,000-row Zoho ZIP, and how soon a decompression bomb is refused,
// with the built client. The files are written to a temp directory first (streamed, never whole in memory);
// each measurement then runs in a fresh process beside an idle baseline process (same imports, same file
// stream opened, nothing parsed), so peak RSS is each process's own.
// Run: `pnpm --filter @audit-export/client build && pnpm --filter @audit-export/client bench:zip`.
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Zip, ZipDeflate } from 'fflate';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./zip-memory-worker.mjs', import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PER_FILE = 100_000; // Zoho's rule: CSV parts of up to 100,000 entries
const dir = mkdtempSync(join(tmpdir(), 'zip-bench-'));

/** Writes a ZIP as Zoho-like servers stream it (data descriptors), entry by entry, to `path`. */
async function writeZip(path, fill) {
  const out = createWriteStream(path);
  const zip = new Zip((error, data) => {
    if (error) throw error;
    out.write(data);
  });
  await fill(zip);
  zip.end();
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

const header = 'Audited Time,Done By,Action,Module,Record Name,Record Id,Source,IP Address\r\n';
const actions = ['Updated', 'Created', 'Deleted', 'Exported'];
const modules = ['Contacts', 'Leads', 'Deals', 'Accounts'];
let seed = 1;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
};
function row(i) {
  const t = new Date(Date.UTC(2024, 0, 1) + i * 7919).toISOString().slice(0, 19);
  return `${t}+05:30,User ${random() % 5000},${actions[i % 4]},${modules[random() % 4]},"Record ${random()}, Inc.",${2276164000000000000n + BigInt(random())},Web,192.0.2.${random() % 256}\r\n`;
}

const rowsZip = join(dir, 'rows.zip');
await writeZip(rowsZip, async (zip) => {
  for (let part = 0; part * PER_FILE < ROWS; part++) {
    const entry = new ZipDeflate(`AuditLog_${String(part + 1).padStart(3, '0')}.csv`, { level: 6 });
    zip.add(entry);
    entry.push(new TextEncoder().encode(header));
    const end = Math.min(ROWS, (part + 1) * PER_FILE);
    for (let i = part * PER_FILE; i < end; i += 1000) {
      let text = '';
      for (let j = i; j < Math.min(end, i + 1000); j++) text += row(j);
      entry.push(new TextEncoder().encode(text));
    }
    entry.push(new Uint8Array(0), true);
  }
});

// 2 GiB of one unquoted field, deflated to about 2 MB: a decompression bomb.
const bombZip = join(dir, 'bomb.zip');
await writeZip(bombZip, async (zip) => {
  const entry = new ZipDeflate('AuditLog_001.csv', { level: 9 });
  zip.add(entry);
  entry.push(new TextEncoder().encode(header));
  const block = new Uint8Array(1 << 20).fill(0x61);
  for (let i = 0; i < 2048; i++) entry.push(block);
  entry.push(new Uint8Array(0), true);
});

const results = [];
async function measure(label, args) {
  const { stdout } = await run(process.execPath, [worker, ...args], { timeout: 900_000, maxBuffer: 1 << 20 });
  results.push({ run: label, ...JSON.parse(stdout.trim().split('\n').at(-1)) });
}
try {
  await measure('idle baseline', ['idle', rowsZip]);
  await measure('1M-row ZIP, default limits', ['rows', rowsZip]);
  await measure('bomb, default limits', ['bomb', bombZip, '{}']);
  await measure('bomb, maxEntryBytes 64 MiB, ratio off', [
    'bomb',
    bombZip,
    JSON.stringify({
      maxEntryBytes: 64 * 1024 * 1024,
      maxCompressionRatio: 1e9,
      maxFieldBytes: 1e12,
      maxRowBytes: 1e12,
    }),
  ]);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(
    `files: rows.zip ${ROWS} rows, ${(statSync(rowsZip).size / 2 ** 20).toFixed(1)} MiB; bomb.zip ${(statSync(bombZip).size / 2 ** 20).toFixed(2)} MiB inflating to 2 GiB`,
  );
  console.table(results);
  const idle = results[0].peakRssMb;
  const rows = results[1];
  const failures = [];
  if (rows.rows !== ROWS) failures.push(`the ZIP yielded ${rows.rows} rows, not ${ROWS}`);
  if (rows.peakRssMb - idle > 100)
    failures.push(`streaming peaked ${rows.peakRssMb - idle} MB above idle (target: 100)`);
  for (const bomb of results.slice(2)) {
    if (!bomb.code) failures.push(`${bomb.run}: the bomb was not refused`);
    if (bomb.handedOverBytes > bomb.limitBytes) failures.push(`${bomb.run}: ${bomb.handedOverBytes} bytes handed over`);
  }
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exitCode = 1;
  } else console.log(`OK: peak RSS ${rows.peakRssMb - idle} MB above idle; bombs refused within their limits.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
