// One-off evaluation behind the renderer choice (README, "Redoc plus our own Try it panel"): Scalar's
// and Swagger UI's standalone bundles on the same bundled documents, served from loopback, in cold
// Chromium contexts. Measured: time until the page shows an operation of the document, bytes fetched,
// and any host off the machine the page tried to reach (blocked). Neither package is a dependency:
//   mkdir -p packages/docs/bench/data/renderers && cd packages/docs/bench/data/renderers && npm pack @scalar/api-reference@1.76.0 swagger-ui-dist@5.35.0
//   for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//   cd - && node tools/toolchain/pnpm.mjs --filter @audit-export/docs exec node bench/renderers.eval.mjs   (BENCH_RUNS=5)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageWaitMs } from '@audit-export/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const specDist = join(root, 'spec', 'dist');
// bench/data/ is git-ignored: the packed packages stay on this machine.
const from = process.env.RENDERERS_DIR ?? join(root, 'packages', 'docs', 'bench', 'data', 'renderers');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!existsSync(from))
  throw new Error(`No ${from}: pack and unpack the two packages there (see the comment at the top).`);
const unpacked = (prefix) => {
  const name = readdirSync(from).find((entry) => entry.startsWith(prefix) && !entry.endsWith('.tgz'));
  if (!name) throw new Error(`No unpacked ${prefix}* in ${from}.`);
  return join(from, name, 'package');
};
const scalar = join(unpacked('scalar-api-reference-'), 'dist', 'browser', 'standalone.js');
const swagger = unpacked('swagger-ui-dist-');

const site = mkdtempSync(join(tmpdir(), 'renderers-'));
const APIS = { 'audit-query': 'Delete a job', zoho: 'Download', 'audit-resource': 'audit' };
writeFileSync(join(site, 'scalar.js'), readFileSync(scalar));
writeFileSync(join(site, 'swagger-ui-bundle.js'), readFileSync(join(swagger, 'swagger-ui-bundle.js')));
writeFileSync(join(site, 'swagger-ui.css'), readFileSync(join(swagger, 'swagger-ui.css')));
for (const id of Object.keys(APIS)) {
  writeFileSync(join(site, `${id}.json`), readFileSync(join(specDist, `${id}.json`)));
  // Scalar offline: no web fonts, no proxy, no agent, no telemetry.
  writeFileSync(
    join(site, `scalar-${id}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${id}</title></head><body><div id="app"></div><script src="scalar.js"></script><script>Scalar.createApiReference('#app', { url: '${id}.json', withDefaultFonts: false, proxyUrl: '', telemetry: false, agent: { disabled: true }, mcp: { disabled: true } })</script></body></html>`,
  );
  writeFileSync(
    join(site, `swagger-${id}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${id}</title><link rel="stylesheet" href="swagger-ui.css"></head><body><div id="app"></div><script src="swagger-ui-bundle.js"></script><script>SwaggerUIBundle({ url: '${id}.json', dom_id: '#app' })</script></body></html>`,
  );
}
const types = { html: 'text/html', js: 'text/javascript', css: 'text/css', json: 'application/json' };
const server = createServer((request, response) => {
  const file = join(site, (request.url ?? '/').split('?')[0]);
  if (!file.startsWith(site) || !existsSync(file)) return response.writeHead(404).end();
  response
    .writeHead(200, { 'content-type': types[file.split('.').pop()] ?? 'application/octet-stream' })
    .end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
const lines = [
  '| renderer | page | shows an operation (median, min–max ms) | bytes | hosts off the machine it asked for |',
  '| --- | --- | --- | --- | --- |',
];
try {
  for (const renderer of ['scalar', 'swagger']) {
    for (const [id, text] of Object.entries(APIS)) {
      const times = [];
      const off = new Set();
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        await context.route('**/*', (route) => {
          const url = new URL(route.request().url());
          if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') {
            off.add(url.host);
            return route.abort('blockedbyclient');
          }
          return route.continue();
        });
        const page = await context.newPage();
        await page.goto(`${origin}/${renderer}-${id}.html`, { waitUntil: 'load', timeout: pageWaitMs });
        // biome-ignore lint/performance/useDomNodeTextContent: what the page shows is the measure.
        await page.waitForFunction((wanted) => document.body.innerText.includes(wanted), text, {
          timeout: pageWaitMs,
          polling: 10,
        });
        times.push(await page.evaluate(() => performance.now()));
        bytes = await page.evaluate(() => {
          const [navigation] = performance.getEntriesByType('navigation');
          return (
            navigation.encodedBodySize +
            performance.getEntriesByType('resource').reduce((sum, entry) => sum + entry.encodedBodySize, 0)
          );
        });
        await context.close();
      }
      times.sort((a, b) => a - b);
      const median = Math.round(times[Math.floor(times.length / 2)]);
      lines.push(
        `| ${renderer} | ${id} | ${median} (${Math.round(times[0])}–${Math.round(times.at(-1))}) | ${Math.round(bytes / 1024)} KiB | ${[...off].join(', ') || 'none'} |`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(site, { recursive: true, force: true });
}
console.log(lines.join('\n'));
