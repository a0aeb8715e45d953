// Runs the built CLI in this process and prints its peak RSS on exit (fd 3). The first argument says how:
// `bin` as installed (bin/audit-export.js: the command in a worker with a capped young generation), `thread`
// in this thread with V8's default young generation (what the cap saves). Commander reads the rest.
import { writeSync } from 'node:fs';

const [how] = process.argv.splice(2, 1);
process.on('exit', () =>
  writeSync(3, `${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`),
);
await import(how === 'thread' ? '../dist/cli.js' : '../bin/audit-export.js');
