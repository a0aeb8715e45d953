// How much Try it costs a reference page, against a same-run baseline: each API's Redoc page as
// built, and the same page with the Try it additions (stylesheet, root element, script) taken out,
// loaded alternately in fresh Chromium contexts (cold cache). Measured per load: the `load` event,
// Redoc hydrated (its "Loading..." placeholder gone), the bytes fetched, and for the built page the
// time until its Try it button is there; then, once per API, the first answer of the in-page mock
// (panel opened, dev credentials minted, first operation sent: the worker and the mock's code load).
// Not a test: prints a Markdown table for bench/README.md, writes JSON to bench/results/.
//   node tools/toolchain/pnpm.mjs --filter @audit-export/docs build
//   node tools/toolchain/pnpm.mjs --filter @audit-export/docs bench        (BENCH_RUNS=7 by default)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageWaitMs } from '@audit-export/testkit';
import sirv from 'sirv';

const docsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const siteDir = join(docsDir, 'dist', 'site');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const APIS = ['audit-query', 'zoho', 'audit-resource'];

/** The page as it was before Try it: the three additions of addTryItToRedocPage removed. */
function baselineOf(html) {
  const stripped = html
    .replace(/<link rel="stylesheet" href="\.\.\/assets\/try-it\.css">\n/, '')
    .replace(/<div id="try-it-root"[^>]*><\/div>\n/, '')
    .replace(/<script type="module" src="\.\.\/assets\/try-it\/panel\.js"><\/script>\n/, '');
  if (stripped.includes('try-it')) throw new Error('the baseline page still mentions try-it: update baselineOf');
  return stripped;
}

// /baseline/… serves the stripped pages (their relative assets resolve under /baseline/ too).
const files = sirv(siteDir, { dev: true });
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/baseline/')) {
    const rest = url.pathname.slice('/baseline'.length);
    if (/^\/api\/[\w-]+\.html$/.test(rest)) {
      const html = baselineOf(readFileSync(join(siteDir, rest), 'utf8'));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    request.url = rest + url.search;
  }
  files(request, response, () => response.writeHead(404).end());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** One cold load: returns the page's own timings (ms from navigation start) and bytes fetched. */
async function load(browser, url, withTryIt) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: pageWaitMs });
  await page.waitForFunction(() => !document.getElementById('redoc')?.textContent?.includes('Loading...'), undefined, {
    timeout: pageWaitMs,
    polling: 10,
  });
  const hydrated = await page.evaluate(() => performance.now());
  const button = withTryIt
    ? await page
        .locator('.try-it-toggle')
        .waitFor({ timeout: pageWaitMs })
        .then(() => page.evaluate(() => performance.now()))
    : undefined;
  const metrics = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation');
    const resources = performance.getEntriesByType('resource');
    return {
      load: navigation.loadEventEnd,
      bytes: navigation.encodedBodySize + resources.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
    };
  });
  await context.close();
  return { ...metrics, hydrated, button };
}

/** Panel opened, dev credentials minted, the first operation sent to the in-page mock: ms to its answer. */
async function firstAnswer(browser, apiId) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${origin}/api/${apiId}.html`, { waitUntil: 'load', timeout: pageWaitMs });
  await page.locator('.try-it-toggle').click({ timeout: pageWaitMs });
  const started = await page.evaluate(() => performance.now());
  await page.locator('#try-it-panel .try-it-mint').click();
  await page.locator('#try-it-panel .try-it-send').click();
  await page.locator('#try-it-panel .try-it-answer[data-status="done"]').waitFor({ timeout: pageWaitMs });
  const ms = (await page.evaluate(() => performance.now())) - started;
  await context.close();
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const range = (values) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;

const browser = await launchChromium();
const rows = [];
try {
  for (const apiId of APIS) {
    const before = [];
    const after = [];
    // Alternate, so a busy moment of the machine hits both sides alike.
    for (let run = 0; run < RUNS; run++) {
      before.push(await load(browser, `${origin}/baseline/api/${apiId}.html`, false));
      after.push(await load(browser, `${origin}/api/${apiId}.html`, true));
    }
    const answers = [];
    for (let run = 0; run < Math.min(RUNS, 3); run++) answers.push(await firstAnswer(browser, apiId));
    rows.push({ apiId, before, after, answers });
  }
} finally {
  await browser.close();
  server.close();
}

const lines = [
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, Node ${process.version}, ${RUNS} cold loads per side (median, min–max in ms):`,
  '',
  '| page | `load` before | `load` after | hydrated before | hydrated after | Try it button | bytes before | bytes after | first answer (in-page mock) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(({ apiId, before, after, answers }) => {
    const pick = (list, key) => list.map((entry) => entry[key]);
    const cell = (values) => `${Math.round(median(values))} (${range(values)})`;
    return `| api/${apiId}.html | ${cell(pick(before, 'load'))} | ${cell(pick(after, 'load'))} | ${cell(pick(before, 'hydrated'))} | ${cell(pick(after, 'hydrated'))} | ${cell(pick(after, 'button'))} | ${Math.round(median(pick(before, 'bytes')) / 1024)} KiB | ${Math.round(median(pick(after, 'bytes')) / 1024)} KiB | ${cell(answers)} |`;
  }),
];
console.log(lines.join('\n'));
mkdirSync(join(docsDir, 'bench', 'results'), { recursive: true });
writeFileSync(join(docsDir, 'bench', 'results', 'reference-load.json'), `${JSON.stringify(rows, null, 2)}\n`);
