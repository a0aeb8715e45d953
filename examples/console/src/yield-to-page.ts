// One way for long work in the page to stay out of a person's way: run for a few ms, then let rendering,
// input and scrolling in. Used by the paced export stream and the search over loaded rows.

/** Work done before yielding to the event loop, in ms (a frame is 16 ms). */
export const SLICE_MS = 8;

type Scheduler = { yield?: () => Promise<void> };

/** Lets rendering and input run: `scheduler.yield()` where there is one (Chromium), else a zero timer. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
