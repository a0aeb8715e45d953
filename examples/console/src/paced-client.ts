// Keeps the page responsive while a million events stream in. The client parses whatever the network
// has buffered in one run of promise reactions (microtasks), and the store then flushes all of it in the
// next animation frame: after any pause (a GC, a render) more data waits, so the next task is longer,
// and tasks of 100-350 ms followed (bench/README.md). Here the events' repeated strings are shared as
// each batch arrives, and the stream gives the event loop back every few milliseconds, so a frame, an
// input or a scroll gets in between and each task stays short whatever is buffered.
import type { AuditQueryClient } from '@audit-export/client/audit-query';
import { createEventCompactor } from './compact.js';
import { SLICE_MS, yieldToPage } from './yield-to-page.js';

/** `client` whose `exportEventBatches` packs events (compact.ts: shared strings, one object each) and yields every few ms. */
export function pacedExports(client: AuditQueryClient): AuditQueryClient {
  return {
    ...client,
    exportEventBatches(options) {
      const run = client.exportEventBatches(options);
      async function* paced() {
        const compact = createEventCompactor();
        let sliceStart = performance.now();
        for await (const batch of run) {
          compact(batch);
          yield batch;
          if (performance.now() - sliceStart > SLICE_MS) {
            await yieldToPage();
            sliceStart = performance.now();
          }
        }
      }
      // Where to continue is the client's: pacing adds no items of its own.
      return Object.assign(paced(), { resumePoint: () => run.resumePoint() });
    },
  };
}
