// Runs the built CLI in this process (commander reads the arguments after this script) and prints its peak RSS on exit.
import { writeSync } from 'node:fs';

process.on('exit', () =>
  writeSync(3, `${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`),
);
await import('../dist/cli.js');
