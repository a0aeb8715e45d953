// One measurement in a fresh process: `node bench/measure.mjs <mode> <file>` prints one JSON line
// { mode, events, ms, cpuMs, rssBaseMB, rssPeakMB }. Modes: readline, floor, minimal, parse, parse-novalidate.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseJsonl } from '../dist/index.js';
import { readMinimal } from './minimal-reader.mjs';

const [mode, file] = process.argv.slice(2);
// Node's default for file streams, 64 kB, for the baseline and parseJsonl alike.
const highWaterMark = Number(process.env.BENCH_CHUNK_KB ?? 64) * 1024;
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
let lines = [];
if (mode === 'floor') lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const rssBase = process.memoryUsage().rss;
let events = 0;
const started = performance.now();
const cpuStarted = process.cpuUsage();
if (mode === 'readline') {
  // The naive baseline: readline splits lines, JSON.parse parses them, nothing is checked.
  const reader = createInterface({
    input: createReadStream(file, { highWaterMark }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of reader) {
    if (line === '') continue;
    JSON.parse(line);
    events++;
  }
} else if (mode === 'floor') {
  for (const line of lines) {
    JSON.parse(line);
    events++;
  }
} else if (mode === 'minimal') {
  for await (const _event of readMinimal(createReadStream(file, { highWaterMark }))) events++;
} else {
  const parsed = parseJsonl(createReadStream(file, { highWaterMark }), { validate: mode === 'parse' });
  for await (const _event of parsed) events++;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
// maxRSS is in KiB and covers the whole process life, so the floor's in-memory lines count against it.
console.log(
  JSON.stringify({
    mode,
    events,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssBaseMB: mb(rssBase),
    rssPeakMB: mb(process.resourceUsage().maxRSS * 1024),
  }),
);
