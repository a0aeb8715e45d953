import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumInstallTimeoutMs, ensureChromium, pageWaitMs } from '@audit-export/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogSections } from '../src/api-changes.js';
import { type DocsServer, serveDocs } from '../src/serve.js';
import { listOperations } from '../src/spec-inputs.js';
import { isLoopbackHost, launchChromium } from './browser.js';
import { DOCS_DIR, SITE_DIR, spec } from './spec-dist.js';

/** A mock URL no one else uses, so the test can see the page took it from config.json. */
const MOCK_URL = 'http://127.0.0.1:4987';
const SCREENSHOTS = join(DOCS_DIR, 'test-results', 'screenshots');
/** Upper bound on pages crawled: TypeDoc grows with the packages, the test's time must not. */
const MAX_PAGES = 600;
/** Tabs crawling at once. */
const TABS = 4;
/** A bound against hangs: alone the crawl of ~300 pages takes ~85 s, beside the other suites on 2 cores a few times that. */
const CRAWL_TIMEOUT_MS = 480_000;

interface Problem {
  page: string;
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http' | 'external' | 'chrome';
  detail: string;
}

let server: DocsServer;
let browser: Browser;
let context: BrowserContext;
const problems: Problem[] = [];
/** Rendered text of every crawled page, by path. */
const texts = new Map<string, string>();
/** Orders two `[major, minor, patch]` versions: positive when `a` is newer. */
function compareVersion(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The site pages each crawled page links to, by path. */
const linksFrom = new Map<string, string[]>();
/** Same-origin non-HTML links found (spec downloads…), checked with plain requests. */
const otherLinks = new Set<string>();

/** Hooks every way a page can go wrong onto `page`; the current path is read at event time. */
function watch(page: Page, current: () => string) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push({ page: current(), kind: 'console', detail: message.text() });
  });
  page.on('pageerror', (error) => problems.push({ page: current(), kind: 'pageerror', detail: error.message }));
  page.on('requestfailed', (request) => {
    // Chromium fetches the icon in the background after `load` and cancels it when the crawl moves
    // on; that is no failure of the site. A missing icon still fails below, as a 404 response.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.url().endsWith('/favicon.svg')) return;
    problems.push({
      page: current(),
      kind: 'requestfailed',
      detail: `${request.url()} ${request.failure()?.errorText ?? ''}`,
    });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push({ page: current(), kind: 'http', detail: `${response.status()} ${response.url()}` });
    }
  });
}

/** Screenshot name for a page path: the site's own pages and each package's front page. */
function screenshotName(path: string): string | undefined {
  if (/^\/packages\/[^/]+\/(index\.html)?$/.test(path) || !path.startsWith('/packages/')) {
    return `${
      path
        .replace(/^\//, '')
        .replace(/\/$/, '/index.html')
        .replace(/[^a-z0-9.]+/gi, '_') || 'index.html'
    }.png`;
  }
  return undefined;
}

/** The page's text as a reader sees it (hidden parts left out). */
function renderedText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text, not the DOM's, is what the checks are about.
  return page.locator('body').innerText();
}

/**
 * Redoc renders one section at a time and routes in the hash (`#/export-jobs/createexportjob`):
 * visit every route its sidebar links to and return all the text they showed.
 */
async function readRedocRoutes(page: Page): Promise<string> {
  // Until hydrated, Redoc's prerendered sidebar holds only the tags and its search says "Loading...".
  // biome-ignore lint/performance/useDomNodeTextContent: the visible placeholder is the signal.
  await page.waitForFunction(() => !document.getElementById('redoc')?.innerText.includes('Loading...'), undefined, {
    timeout: pageWaitMs,
  });
  const routes = await page.$$eval('a[href^="#/"]', (anchors) => [
    ...new Set(anchors.map((anchor) => anchor.getAttribute('href') as string)),
  ]);
  const parts = [await renderedText(page)];
  for (const route of routes) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, route);
    // Redoc gives the rendered section the route as its id (`export-jobs/cancelexportjob`).
    const id = route.slice(2);
    if (id !== '') {
      await page.waitForFunction((sectionId) => document.getElementById(sectionId) !== null, id, {
        timeout: pageWaitMs,
      });
    }
    parts.push(await renderedText(page));
  }
  return parts.join('\n');
}

/** Opens one page, records its text (and screenshot), and returns the site pages it links to. */
async function visit(page: Page, path: string): Promise<string[]> {
  const response = await page.goto(server.url + path, { waitUntil: 'load', timeout: pageWaitMs });
  if (!response?.ok()) problems.push({ page: path, kind: 'http', detail: `${response?.status()} on open` });
  if (path.startsWith('/api/')) {
    // Redoc hydrates after load; wait until its script settled (no pending requests).
    await page.waitForLoadState('networkidle', { timeout: pageWaitMs });
    texts.set(path, await readRedocRoutes(page));
  } else {
    texts.set(path, await renderedText(page));
  }
  // Every page carries the site's icon (so no /favicon.ico 404) and header (a way back to the site).
  const icon = await page.$eval('head link[rel="icon"]', (link) => (link as HTMLLinkElement).href).catch(() => '');
  if (!icon.endsWith('/assets/favicon.svg')) problems.push({ page: path, kind: 'chrome', detail: `icon "${icon}"` });
  if ((await page.locator('header.site-header a.brand').count()) !== 1) {
    problems.push({ page: path, kind: 'chrome', detail: 'no site header' });
  }
  const name = screenshotName(path);
  if (name) await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: !path.startsWith('/api/') });
  const hrefs = await page.$$eval('a[href]', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  const pages: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== server.url) continue;
    const linked = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    if (linked.endsWith('.html')) pages.push(linked);
    else otherLinks.add(linked);
  }
  linksFrom.set(path, pages);
  return pages;
}

// A fresh machine installs Chromium first (once for all suites, under a lock); launching is then quick.
beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  server = await serveDocs({ host: '127.0.0.1', port: 0, mockUrl: MOCK_URL, root: SITE_DIR });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Every request leaving the machine is a failure: record it and never let it out.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !isLoopbackHost(url.hostname)) {
      problems.push({ page: '(route)', kind: 'external', detail: url.href });
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  mkdirSync(SCREENSHOTS, { recursive: true });

  // A few tabs crawl side by side: TypeDoc alone has hundreds of pages.
  const queue = ['/index.html'];
  const seen = new Set(queue);
  let busy = 0;
  const crawl = async () => {
    const page = await context.newPage();
    let current = '/';
    watch(page, () => current);
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (busy === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      busy++;
      current = next;
      try {
        for (const path of await visit(page, current)) {
          if (!seen.has(path) && seen.size < MAX_PAGES) {
            seen.add(path);
            queue.push(path);
          }
        }
      } finally {
        busy--;
      }
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: TABS }, crawl));
}, CRAWL_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('the documentation site in Chromium', () => {
  it('opens every page with the site icon and header, without a console error, a failed request or a request off the machine', () => {
    expect(texts.size).toBeGreaterThan(3);
    expect(texts.size).toBeLessThanOrEqual(MAX_PAGES);
    expect(problems).toEqual([]);
  });

  it('reaches the landing page, the event catalog and a reference page per bundled API', () => {
    expect([...texts.keys()]).toEqual(
      expect.arrayContaining(['/index.html', '/events.html', ...spec.apis.map((api) => `/api/${api.id}.html`)]),
    );
  });

  it('serves every other file the pages link to', async () => {
    for (const path of otherLinks) {
      const response = await fetch(server.url + path, { signal: AbortSignal.timeout(5_000) });
      expect(response.status, path).toBe(200);
    }
  });

  it('shows every operationId of every bundled API on the landing page and renders it in its reference', () => {
    const landing = texts.get('/index.html') ?? '';
    for (const api of spec.apis) {
      const reference = texts.get(`/api/${api.id}.html`) ?? '';
      expect(reference, api.id).toContain(api.document.info.title);
      for (const operation of listOperations(api.document)) {
        expect(landing, `${api.id} ${operation.operationId}`).toContain(operation.operationId);
        expect(reference, `${api.id} ${operation.summary}`).toContain(operation.summary);
      }
    }
  });

  it('lists every catalog event in both spellings with its module and every attribute', () => {
    const catalogText = texts.get('/events.html') ?? '';
    expect(spec.catalog.length).toBeGreaterThan(0);
    for (const event of spec.catalog) {
      expect(catalogText, event.name).toContain(event.name);
      expect(catalogText, event.lineName).toContain(event.lineName);
      expect(catalogText, event.module).toContain(event.module);
      for (const attribute of Object.keys(event.attributes)) expect(catalogText, attribute).toContain(attribute);
    }
  });

  it('points the quick starts at the mock named by the server', () => {
    const landing = texts.get('/index.html') ?? '';
    expect(landing).toContain(`${MOCK_URL}/audit-query-service`);
    expect(landing).not.toContain('http://127.0.0.1:4010');
  });

  it('reaches a changes page per API, linked from its reference page and from the landing page', () => {
    for (const api of spec.apis) {
      const changes = `/changes/${api.id}.html`;
      expect(texts.has(changes), changes).toBe(true);
      expect(linksFrom.get(`/api/${api.id}.html`), `${api.id} reference`).toContain(changes);
      expect(linksFrom.get('/index.html'), 'landing page').toContain(changes);
    }
  });

  it('shows every version of each CHANGELOG with its prose, newest first', async () => {
    const page = await context.newPage();
    for (const api of spec.apis) {
      await page.goto(`${server.url}/changes/${api.id}.html`, { timeout: pageWaitMs });
      const sections = await page.$$eval('section.version', (nodes) =>
        // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what a reader sees.
        nodes.map((node) => ({ id: node.id, text: (node as HTMLElement).innerText })),
      );
      const changelog = readFileSync(join(DOCS_DIR, '..', '..', 'spec', 'apis', api.id, 'CHANGELOG.md'), 'utf8');
      const versions = [...changelogSections(changelog).keys()];
      expect(versions.length, api.id).toBeGreaterThan(0);
      for (const version of versions) {
        const found = sections.find((section) => section.id === `v${version}`);
        expect(found, `${api.id} ${version}`).toBeDefined();
        expect(found?.text, `${api.id} ${version}`).not.toContain('No CHANGELOG entry.');
      }
      const numbers = sections.map((section) => section.id.slice(1).split('.').map(Number));
      const newestFirst = numbers.every((v, i) => i === 0 || compareVersion(numbers[i - 1] as number[], v) > 0);
      expect(newestFirst, `${api.id}: ${sections.map((section) => section.id).join(', ')}`).toBe(true);
    }
    await page.close();
  });

  it('rates the changes between versions: Zoho 2.0.0 its major ones, audit query 1.1.0 its own', async () => {
    const page = await context.newPage();
    const section = async (id: string, version: string) => {
      await page.goto(`${server.url}/changes/${id}.html`, { timeout: pageWaitMs });
      return page.$eval(`[id="v${version}"]`, (node) => {
        for (const details of node.querySelectorAll('details')) details.open = true;
        // biome-ignore lint/performance/useDomNodeTextContent: rendered text, with the closed details opened.
        return (node as HTMLElement).innerText;
      });
    };
    // Facts of the git history, which cannot change: Zoho 2.0.0 refused `or` groups, audit query 1.1.0 added role ids.
    const zoho = await section('zoho', '2.0.0');
    expect(zoho).toMatch(/^2\.0\.0\s+major/);
    expect(zoho).toContain("Enum of `group_operator` lost values: 'or'.");
    expect(zoho).toContain('enum-values-removed');
    expect(zoho).toMatch(/Rated changes since 1\.0\.0: \d+ major/);
    const auditQuery = await section('audit-query', '1.1.0');
    expect(auditQuery).toContain('Rated changes since 1.0.0');
    expect(auditQuery).toContain('x-required-role-ids');
    expect(auditQuery).toContain('decision D18');
    await page.close();
  });

  it('draws every job state of the spec in the lifecycle diagram', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/index.html`);
    const drawn = await page.$$eval('svg.lifecycle [data-state]', (nodes) =>
      nodes.map((node) => node.getAttribute('data-state')),
    );
    await page.close();
    const states = spec.apis.find((api) => api.id === 'audit-query')?.document.components?.schemas?.JobState?.enum;
    expect(drawn).toEqual(expect.arrayContaining(states as string[]));
  });
});
