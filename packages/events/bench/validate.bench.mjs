// Validation alone: the generated yes/no check (`checkAuditEventSchema`) over events parsed ahead,
// from the bench's ASCII and mixed files. Every check module given is timed in the same process,
// rounds interleaved; prints the median CPU ns an event of each. `--events` is how many events are
// checked per pass: the default (1000, a few hundred kB) stays in the CPU cache, as an event does
// in parseJsonl, where it is checked right after JSON.parse; 100000 shows the cost of cache misses.
//   node bench/validate.bench.mjs [--events 1000] [--rounds 15] [--mb 64] [module.js ...]
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeEvents } from './generate-data.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '15' },
    mb: { type: 'string', default: '64' },
  },
});
const count = Number(values.events);
const modules = positionals.length > 0 ? positionals : [new URL('../dist/generated/validate.gen.js', import.meta.url)];
const checks = [];
for (const module of modules) {
  const url = module instanceof URL ? module : pathToFileURL(resolve(module));
  checks.push({
    label: module instanceof URL ? 'dist (this build)' : module,
    check: (await import(url)).checkAuditEventSchema,
  });
}

/** The first `count` events of a data file, parsed; the bench's data is valid, so each check must say yes. */
async function eventsOf(kind) {
  const file = fileURLToPath(new URL(`./data/${kind}-${values.mb}mb.jsonl`, import.meta.url));
  if (!existsSync(file)) await writeEvents(file, Number(values.mb), kind === 'ascii');
  // Enough bytes for `count` events of about 500 bytes.
  const events = readFileSync(file)
    .subarray(0, Math.min(count * 1200, 256 << 20))
    .toString('utf8')
    .split('\n')
    .slice(0, count)
    .map((line) => JSON.parse(line));
  for (const { check, label } of checks)
    for (const event of events) if (!check(event)) throw new Error(`${label} rejects an event of the bench data`);
  return events;
}

/** CPU ns an event over passes of 200,000 checks: CPU time, not wall time, so that a process
 * descheduled by a shared machine's load does not count the time it waited. */
function time(check, events) {
  const passes = Math.max(1, Math.ceil(200_000 / events.length));
  let ok = 0;
  const cpu = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) for (let i = 0; i < events.length; i++) if (check(events[i])) ok++;
  const used = process.cpuUsage(cpu);
  if (ok !== passes * events.length) throw new Error('a check said no');
  return ((used.user + used.system) * 1000) / ok;
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
console.log(
  `${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
);
console.log(
  `${count} events a pass, median of ${values.rounds} interleaved rounds, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} at the start\n`,
);
console.log('| file | check | CPU ns an event (median) | min–max |\n| --- | --- | ---: | ---: |');
for (const kind of ['ascii', 'mixed']) {
  const events = await eventsOf(kind);
  const samples = checks.map(() => []);
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [index, { check }] of checks.entries()) samples[index].push(time(check, events));
  checks.forEach(({ label }, index) => {
    const s = samples[index];
    console.log(
      `| ${kind} | ${label} | ${median(s).toFixed(0)} | ${Math.min(...s).toFixed(0)}–${Math.max(...s).toFixed(0)} |`,
    );
  });
}
console.log(
  `\nload average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} at the end`,
);
