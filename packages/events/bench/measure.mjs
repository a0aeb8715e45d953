// One measurement in a fresh process: `node bench/measure.mjs <mode> <file>` prints one JSON line
// { mode, events, ms, cpuMs, rssBaseMB, rssPeakMB }. Modes: readline, floor, minimal, events,
// events-novalidate, batches, batches-novalidate, validate (the yes/no check alone, `nsPerEvent`).
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkAuditEventSchema } from '../dist/generated/validate.gen.js';
import { parseJsonl, parseJsonlBatches } from '../dist/index.js';
import { readMinimal } from './minimal-reader.mjs';

const [mode, file] = process.argv.slice(2);
// Node's default for file streams, 64 kB, for the baseline and parseJsonl alike.
const highWaterMark = Number(process.env.BENCH_CHUNK_KB ?? 64) * 1024;
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
let lines = [];
if (mode === 'floor') lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
let parsed = [];
if (mode === 'validate') {
  // The first 64 MB at most, parsed ahead: only the check is timed.
  const text = readFileSync(file)
    .subarray(0, 64 << 20)
    .toString('utf8');
  parsed = text
    .split('\n')
    .slice(0, -1)
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}
const rssBase = process.memoryUsage().rss;
let events = 0;
let nsPerEvent;
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
} else if (mode === 'validate') {
  // Warm up, then time three passes; every event must pass (the bench's data is valid).
  for (const event of parsed)
    if (!checkAuditEventSchema(event)) throw new Error('an event of the bench data is invalid');
  const t0 = performance.now();
  for (let pass = 0; pass < 3; pass++) for (const event of parsed) if (checkAuditEventSchema(event)) events++;
  nsPerEvent = Math.round(((performance.now() - t0) * 1e6) / events);
  events /= 3;
} else if (mode.startsWith('batches')) {
  const batches = parseJsonlBatches(createReadStream(file, { highWaterMark }), { validate: mode === 'batches' });
  for await (const batch of batches) events += batch.length;
} else {
  const parsedEvents = parseJsonl(createReadStream(file, { highWaterMark }), { validate: mode === 'events' });
  for await (const _event of parsedEvents) events++;
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
    ...(nsPerEvent === undefined ? {} : { nsPerEvent }),
  }),
);
