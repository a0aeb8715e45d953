// Benchmark of parseJsonl against the naive baseline (node:readline + JSON.parse), the floor
// (JSON.parse of lines already split in memory) and a minimal reader that checks nothing
// (minimal-reader.mjs), each measurement in a fresh child process, rounds
// interleaved so that load from other processes hits every mode alike. Prints a Markdown table.
//   node bench/parse.bench.mjs [--mb 256] [--rounds 5] [--rss-mb 1024]
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeEvents } from './generate-data.mjs';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '5' },
    'rss-mb': { type: 'string', default: '1024' },
  },
});
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const files = new Map();
/** The data file of that size, written if missing and read once, so every mode reads it from the page cache. */
function dataFile(megabytes) {
  if (!files.has(megabytes)) files.set(megabytes, prepare(here(`./data/events-${megabytes}mb.jsonl`), megabytes));
  return files.get(megabytes);
}

async function prepare(file, megabytes) {
  if (!existsSync(file)) await writeEvents(file, megabytes);
  for await (const _chunk of createReadStream(file)) {
    // Reading is the point.
  }
  return file;
}

function measure(mode, file) {
  const out = execFileSync(process.execPath, [here('./measure.mjs'), mode, file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const modes = ['readline', 'floor', 'minimal', 'parse-novalidate', 'parse'];
const file = await dataFile(Number(values.mb));
const runs = Object.fromEntries(modes.map((mode) => [mode, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const mode of modes) runs[mode].push(measure(mode, file));
}
const events = runs.readline[0].events;
for (const mode of modes) {
  const counted = runs[mode].find((run) => run.events !== events);
  if (counted)
    throw new Error(`${mode} counted ${counted.events} events, readline ${events}: the modes read different data`);
}
const rate = (mode, key = 'ms') => events / (median(runs[mode].map((run) => run[key])) / 1000);
const baseline = rate('readline');
const cpuBaseline = rate('readline', 'cpuMs');
const labels = {
  readline: 'baseline: node:readline + JSON.parse',
  floor: 'floor: JSON.parse of pre-split lines',
  minimal: 'minimal reader: no checks (bench/minimal-reader.mjs)',
  'parse-novalidate': 'parseJsonl, validate: false',
  parse: 'parseJsonl, validate: true (default)',
};
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(
  `${(statSync(file).size / 1024 / 1024).toFixed(0)} MB, ${events} events, median of ${values.rounds} rounds, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} at the end\n`,
);
// Wall-clock is what the targets name; CPU time (user + system) is steadier when other processes share the cores.
console.log(
  '| run | events/s (wall) | vs baseline | events/s (CPU time) | vs baseline |\n| --- | ---: | ---: | ---: | ---: |',
);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
for (const mode of modes) {
  const wall = rate(mode);
  const cpu = rate(mode, 'cpuMs');
  console.log(
    `| ${labels[mode]} | ${fmt(wall)} | ${(wall / baseline).toFixed(2)}x | ${fmt(cpu)} | ${(cpu / cpuBaseline).toFixed(2)}x |`,
  );
}

// Peak memory: the same parse over a small and a large file; flat means the growth is not in the parser.
if (Number(values['rss-mb']) > 0) {
  console.log('\n| file | mode | events | peak RSS − baseline RSS |\n| --- | --- | ---: | ---: |');
  for (const megabytes of [Number(values.mb), Number(values['rss-mb'])]) {
    const big = await dataFile(megabytes);
    for (const mode of ['parse', 'parse-novalidate']) {
      const run = measure(mode, big);
      console.log(`| ${megabytes} MB | ${mode} | ${run.events} | ${(run.rssPeakMB - run.rssBaseMB).toFixed(1)} MB |`);
    }
  }
}
