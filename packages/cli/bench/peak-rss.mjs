// Preloaded (`node --import ./peak-rss.mjs …`) into a measured process: prints its peak RSS on stdout at exit (the
// pull writes to a file, and an exec keeps only the standard descriptors). The bin hands its Node flags on when it
// re-executes itself with a sized young generation, so this hook rides along, and the kernel keeps the peak across
// the exec: the figure covers both. Workers load it too; only the main thread reports.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () =>
    writeSync(1, `${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`),
  );
}
