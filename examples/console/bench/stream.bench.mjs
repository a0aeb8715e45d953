// Streams 1,000,000 events into the built console in headless Chromium against the local mock, and
// measures what a person would feel: long tasks while rows arrive (PerformanceObserver 'longtask'),
// the JS heap with every row loaded (CDP, after a garbage collection), events per second, and then a
// search typed over all loaded rows (time to the answer, long tasks on the way).
// Not a test: it prints a table row for bench/README.md and exits 1 when a target is missed.
// Run with the pinned Node (24 strips the types of the shared test harness):
//   node tools/toolchain/pnpm.mjs --filter @audit-export/console build
//   node tools/toolchain/pnpm.mjs --filter @audit-export/console bench
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createMockServer, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { launchChromium } from '@audit-export/testkit';
import { presetSettings, serveConsole, watch } from '../test/harness.ts';

/** Ends the CDP trace and writes it to `file`. */
async function saveTrace(session, file) {
  const done = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.end');
  const { stream } = await done;
  const parts = [];
  for (;;) {
    const chunk = await session.send('IO.read', { handle: stream, size: 1 << 20 });
    parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
    if (chunk.eof) break;
  }
  await session.send('IO.close', { handle: stream });
  writeFileSync(file, parts.join(''));
}

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/** What the bench types into the search box once every row is loaded (BENCH_SEARCH to change it). */
const SEARCH = process.env.BENCH_SEARCH ?? 'login';
const now = '2024-10-01T00:00:00Z';
const mock = await createMockServer({
  seed: 11,
  config: {
    now,
    limits: false,
    auditQuery: { pendingMs: 0, processingMs: 0, eventsPerHour: 45_000, resultLimit: EVENTS },
  },
});
const site = await serveConsole(mock.url);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = await watch(context, page);
  const credentials = mintDevToken({ tenant: 'acme', now: Date.parse(now) });
  await presetSettings(context, {
    accessToken: credentials.accessToken,
    apiToken: credentials.idToken,
    zohoToken: mintZohoToken(),
  });
  // Every long task from page load on, with its start, so the ones while rows arrive can be picked out.
  await context.addInitScript(() => {
    const tasks = [];
    Object.assign(window, { __longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(site.url);
  const form = page.getByRole('form', { name: 'Audit query filters' });
  await form.getByLabel('From (UTC)').fill('2024-09-20T00:00');
  await form.getByLabel('To (UTC)').fill('2024-09-21T00:00');
  const status = page.locator('section[aria-labelledby="audit-query-heading"] [data-testid="stream-status"]');
  // Timed from the click: create, the first status poll (about 1 s) and the stream, as a person waits for it.
  const streamStart = await page.evaluate(() => performance.now());
  // BENCH_TRACE=file.json: a Chromium trace of the stream (timeline, GC, V8), to see what a long task is.
  const tracer = process.env.BENCH_TRACE ? await context.newCDPSession(page) : undefined;
  // BENCH_PROFILE=file.cpuprofile: a V8 CPU profile of the stream instead (load it in DevTools).
  const profiler = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : undefined;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler?.send('Profiler.start');
  await tracer?.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'v8', 'v8.gc', 'disabled-by-default-v8.gc', 'blink', 'toplevel'],
    },
  });
  await form.getByRole('button', { name: 'Export' }).click();
  await page
    .locator('[data-testid="stream-status"][data-status="done"], [data-testid="stream-status"][data-status="error"]')
    .first()
    .waitFor({ timeout: 900_000 });
  const streamEnd = await page.evaluate(() => performance.now());
  if (tracer) await saveTrace(tracer, process.env.BENCH_TRACE);
  if (profiler)
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify((await profiler.send('Profiler.stop')).profile));
  if ((await status.getAttribute('data-status')) !== 'done') throw new Error('the export did not finish');
  const rows = Number(await page.getByTestId('row-total').first().textContent());
  // Scroll the table while everything is loaded: the virtualizer must keep this instant too.
  await page.locator('section[aria-labelledby="audit-query-heading"] .scroller').evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await page.waitForTimeout(500);
  // Search all loaded rows, as a person types it: the answer's time and the long tasks on the way.
  const section = page.locator('section[aria-labelledby="audit-query-heading"]');
  const searchStart = await page.evaluate(() => performance.now());
  await section.getByLabel('Search loaded rows').pressSequentially(SEARCH, { delay: 80 });
  // The count reads "N of M rows match" once the search is done (", searching (x%)" before).
  await section
    .getByTestId('row-count')
    .getByText(/^[\d,]+ of [\d,]+ rows match$/)
    .waitFor({ timeout: 120_000 });
  const searchEnd = await page.evaluate(() => performance.now());
  const searchAnswer = await section.getByTestId('row-count').textContent();
  const tasks = await page.evaluate(() => window.__longTasks);
  const during = tasks.filter((task) => task.start + task.duration >= streamStart && task.start <= streamEnd);
  const searching = tasks.filter((task) => task.start + task.duration >= searchStart && task.start <= searchEnd);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const seconds = (streamEnd - streamStart) / 1000;
  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${browser.version()}`,
    rows,
    seconds: Number(seconds.toFixed(1)),
    eventsPerSecond: Math.round(rows / seconds),
    longTasks: during.length,
    longestTaskMs: Math.round(Math.max(0, ...during.map((task) => task.duration))),
    over200ms: during.filter((task) => task.duration > 200).length,
    heapUsedMB: Math.round(heap.usedSize / 1e6),
    // When the long tasks over 100 ms came, in s after the click, and how long they took in ms.
    slowest: during
      .filter((task) => task.duration > 100)
      .map((task) => `${((task.start - streamStart) / 1000).toFixed(1)}s:${Math.round(task.duration)}ms`),
    search: {
      typed: SEARCH,
      answer: searchAnswer,
      msFromFirstKey: Math.round(searchEnd - searchStart),
      longTasks: searching.length,
      longestTaskMs: Math.round(Math.max(0, ...searching.map((task) => task.duration))),
    },
    problems: [...problems.console, ...problems.failed, ...problems.offMachine],
  };
  console.log(JSON.stringify(result, null, 2));
  const missed = [];
  if (rows !== EVENTS) missed.push(`${rows} rows, expected ${EVENTS}`);
  if (result.over200ms > 0) missed.push(`${result.over200ms} long tasks over 200 ms`);
  if (result.search.longestTaskMs > 200) missed.push(`a ${result.search.longestTaskMs} ms long task while searching`);
  if (result.heapUsedMB >= 300) missed.push(`heap ${result.heapUsedMB} MB (target < 300 MB)`);
  if (result.problems.length > 0) missed.push('page problems');
  if (missed.length > 0) {
    console.error(`missed: ${missed.join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await site.close();
  await mock.close();
}
