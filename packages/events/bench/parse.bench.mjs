// Benchmark of parseJsonl and parseJsonlBatches against the naive baseline (node:readline +
// JSON.parse) and a minimal reader that checks nothing (minimal-reader.mjs), on an ASCII-only file
// and a mixed one (3% of events with non-ASCII names), at 64 kB and 1 MB chunks, with and without
// validation. Each measurement runs in a fresh child process; rounds are interleaved so that load
// from other processes hits every mode alike. Prints one Markdown table of medians, with ratios
// against the baseline of the same file and chunk size, then validation alone and peak RSS.
//   node bench/parse.bench.mjs [--mb 256] [--rounds 5] [--rss-mb 1024]
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
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
/** The data file of that kind and size, written if missing and read once, so every mode reads it from the page cache. */
function dataFile(kind, megabytes) {
  const key = `${kind}-${megabytes}`;
  if (!files.has(key)) files.set(key, prepare(here(`./data/${kind}-${megabytes}mb.jsonl`), kind, megabytes));
  return files.get(key);
}

async function prepare(file, kind, megabytes) {
  if (!existsSync(file)) await writeEvents(file, megabytes, kind === 'ascii');
  for await (const _chunk of createReadStream(file)) {
    // Reading is the point.
  }
  return file;
}

function measure(mode, file, chunkKb = 64) {
  const out = execFileSync(process.execPath, [here('./measure.mjs'), mode, file], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_CHUNK_KB: String(chunkKb) },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const modes = ['readline', 'minimal', 'events', 'events-novalidate', 'batches', 'batches-novalidate'];
const labels = {
  readline: 'baseline: readline + JSON.parse',
  minimal: 'minimal reader, no checks',
  events: 'parseJsonl (per event), validate',
  'events-novalidate': 'parseJsonl (per event), no validation',
  batches: 'parseJsonlBatches, validate',
  'batches-novalidate': 'parseJsonlBatches, no validation',
};
const setups = [];
for (const kind of ['ascii', 'mixed'])
  for (const chunkKb of [64, 1024]) setups.push({ kind, chunkKb, file: await dataFile(kind, Number(values.mb)) });

const runs = new Map(setups.flatMap((setup) => modes.map((mode) => [`${setup.kind}/${setup.chunkKb}/${mode}`, []])));
const validation = { ascii: [], mixed: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  for (const setup of setups) {
    for (const mode of modes)
      runs.get(`${setup.kind}/${setup.chunkKb}/${mode}`).push(measure(mode, setup.file, setup.chunkKb));
  }
  for (const kind of ['ascii', 'mixed'])
    validation[kind].push(measure('validate', await dataFile(kind, Number(values.mb))));
}

console.log(
  `\n${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(
  `${values.mb} MB files, median of ${values.rounds} interleaved rounds, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} at the end\n`,
);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  '| file | chunks | run | events/s (wall) | vs baseline | vs baseline (CPU time) |\n| --- | --- | --- | ---: | ---: | ---: |',
);
for (const setup of setups) {
  const of = (mode) => runs.get(`${setup.kind}/${setup.chunkKb}/${mode}`);
  const events = of('readline')[0].events;
  for (const mode of modes) {
    const counted = of(mode).find((run) => run.events !== events);
    if (counted)
      throw new Error(`${mode} counted ${counted.events} events, readline ${events}: the modes read different data`);
  }
  const rate = (mode, key = 'ms') => events / (median(of(mode).map((run) => run[key])) / 1000);
  for (const mode of modes) {
    console.log(
      `| ${setup.kind} | ${setup.chunkKb === 1024 ? '1 MB' : `${setup.chunkKb} kB`} | ${labels[mode]} | ${fmt(rate(mode))} | ${(rate(mode) / rate('readline')).toFixed(2)}x | ${(rate(mode, 'cpuMs') / rate('readline', 'cpuMs')).toFixed(2)}x |`,
    );
  }
}
console.log('\n| file | validation alone (yes/no check, events parsed ahead), ns an event |\n| --- | ---: |');
for (const kind of ['ascii', 'mixed'])
  console.log(`| ${kind} | ${median(validation[kind].map((run) => run.nsPerEvent))} |`);

// Peak memory: the same parse over a small and a large file; flat means the growth is not in the parser.
if (Number(values['rss-mb']) > 0) {
  console.log('\n| file | chunks | mode | events | peak RSS − baseline RSS |\n| --- | --- | --- | ---: | ---: |');
  for (const megabytes of [Number(values.mb), Number(values['rss-mb'])]) {
    const big = await dataFile('mixed', megabytes);
    for (const chunkKb of [64, 1024]) {
      for (const mode of ['readline', 'events', 'batches']) {
        const run = measure(mode, big, chunkKb);
        console.log(
          `| mixed ${megabytes} MB | ${chunkKb} kB | ${mode} | ${run.events} | ${(run.rssPeakMB - run.rssBaseMB).toFixed(1)} MB |`,
        );
      }
    }
  }
}
