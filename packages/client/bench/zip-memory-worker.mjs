// One measurement of zip-memory.bench.mjs, in its own process; prints one JSON line.
// `idle <zip>`: imports and opens the file like the others, reads nothing. `rows <zip>`: streams every row.
// `bomb <zip> <limits>`: reads the verified inflated slices until the reader refuses the entry.
import { createReadStream } from 'node:fs';
import { zipEntries } from '@audit-export/client/zoho';
import { resolveLimits } from '../dist/zoho/limits.js';
import { readZip } from '../dist/zoho/zip.js';

const [mode, path, limits = '{}'] = process.argv.slice(2);
const started = performance.now();
const body = createReadStream(path, { highWaterMark: 64 * 1024 });
const result = { mode };
if (mode === 'idle') {
  await new Promise((resolve) => setTimeout(resolve, 200));
  body.destroy();
} else if (mode === 'rows') {
  let rows = 0;
  let last;
  for await (const record of zipEntries(body, { file: 'rows.zip' })) {
    rows++;
    last = record;
  }
  Object.assign(result, { rows, lastDoneBy: last?.['Done By'] });
} else {
  const resolved = resolveLimits(JSON.parse(limits));
  let handedOverBytes = 0;
  try {
    for await (const item of readZip(body, resolved, 'bomb.zip')) {
      if (item.type === 'data') handedOverBytes += item.data.length;
    }
  } catch (error) {
    Object.assign(result, { code: error.code });
  }
  const limitBytes = Math.min(resolved.maxEntryBytes, 2 ** 31);
  Object.assign(result, { handedOverBytes, limitBytes, compressedRead: body.bytesRead });
}
const { maxRSS } = process.resourceUsage();
console.log(
  JSON.stringify({
    ...result,
    seconds: +((performance.now() - started) / 1000).toFixed(2),
    peakRssMb: Math.round(maxRSS / 1024),
  }),
);
