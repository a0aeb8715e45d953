// serializeEvent and formatMessage alone, over events parsed ahead from the bench's ASCII and mixed files.
// Every build given (an ESM module exporting both, e.g. an older dist bundled with esbuild) is timed in the
// same process, rounds interleaved; prints the median CPU ns an event of each.
//   node bench/format.bench.mjs [--events 1000] [--rounds 15] [--mb 64] [module.js ...]
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
const modules = positionals.length > 0 ? positionals : [new URL('../dist/index.js', import.meta.url)];
const builds = [];
for (const module of modules) {
  const url = module instanceof URL ? module : pathToFileURL(resolve(module));
  const { serializeEvent, formatMessage } = await import(url);
  builds.push({ label: module instanceof URL ? 'dist (this build)' : module, serializeEvent, formatMessage });
}

/** The first `count` events of a data file, parsed. */
async function eventsOf(kind) {
  const file = fileURLToPath(new URL(`./data/${kind}-${values.mb}mb.jsonl`, import.meta.url));
  if (!existsSync(file)) await writeEvents(file, Number(values.mb), kind === 'ascii');
  return readFileSync(file)
    .subarray(0, Math.min(count * 1200, 256 << 20))
    .toString('utf8')
    .split('\n')
    .slice(0, count)
    .map((line) => JSON.parse(line));
}

/** CPU ns an event over passes of 200,000 calls (CPU time: a descheduled process does not count its wait). */
function time(call, events) {
  const passes = Math.max(1, Math.ceil(200_000 / events.length));
  let length = 0;
  const cpu = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) for (let i = 0; i < events.length; i++) length += call(events[i]).length;
  const used = process.cpuUsage(cpu);
  if (length === 0) throw new Error('nothing was written');
  return ((used.user + used.system) * 1000) / (passes * events.length);
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
console.log(
  `${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
);
console.log(
  `${count} events a pass, median of ${values.rounds} interleaved rounds, load average ${load()} at the start\n`,
);
console.log('| file | call | build | CPU ns an event (median) | min–max |\n| --- | --- | --- | ---: | ---: |');
for (const kind of ['ascii', 'mixed']) {
  const events = await eventsOf(kind);
  for (const call of ['serializeEvent', 'formatMessage']) {
    for (const build of builds) {
      if (build[call](events[0]) !== builds[0][call](events[0]))
        throw new Error(`${build.label} writes another ${call}`);
    }
    const samples = builds.map(() => []);
    for (let round = 0; round < Number(values.rounds); round++)
      for (const [index, build] of builds.entries()) samples[index].push(time(build[call], events));
    builds.forEach(({ label }, index) => {
      const s = samples[index];
      console.log(
        `| ${kind} | ${call} | ${label} | ${median(s).toFixed(0)} | ${Math.min(...s).toFixed(0)}–${Math.max(...s).toFixed(0)} |`,
      );
    });
  }
}
console.log(`\nload average ${load()} at the end`);
