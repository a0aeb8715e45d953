// What the browser suite and the benchmark share: the built console served on 127.0.0.1, the mock
// beside it, and a page that records everything that goes wrong.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mintDevToken, mintZohoToken } from '@audit-export/mock';
import { listenOnLoopback, startRewritingProxy } from '@audit-export/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import sirv from 'sirv';

/** The console package's folder. */
export const CONSOLE_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Where screenshots go (gitignored; turbo keeps them as the test task's outputs). */
export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

/** Serves the `vite build` output on a free loopback port, with the `config.json` naming the mock, as `npm start` does. */
export async function serveConsole(mockUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const serve = sirv(fileURLToPath(new URL('../dist', import.meta.url)), { dev: false, etag: true });
  const config = JSON.stringify({ mockUrl });
  const server: Server = createServer((req, res) => {
    if (req.url === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(config);
      return;
    }
    serve(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url: `${url}/`, close };
}

/** True for hosts on this machine: the only ones the console may talk to. */
export function isLoopback(url: URL): boolean {
  return (
    url.protocol === 'blob:' ||
    url.protocol === 'data:' ||
    /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname)
  );
}

/** Everything a page did wrong, and what it tried to fetch from off the machine. */
export interface Problems {
  console: string[];
  failed: string[];
  offMachine: string[];
}

/** Blocks (and records) every request leaving the machine and hooks the page's error events. */
export async function watch(context: BrowserContext, page: Page): Promise<Problems> {
  const problems: Problems = { console: [], failed: [], offMachine: [] };
  await context.route(
    (url) => !isLoopback(url),
    (route) => {
      problems.offMachine.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.console.push(`pageerror: ${error.message}`));
  page.on('requestfailed', async (request) => {
    // A response the client discarded unread (a 429 or 401 it retries) ends as ERR_ABORTED: name its status.
    const status = (await request.response().catch(() => null))?.status();
    problems.failed.push(
      `${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}${status ? ` after ${status}` : ''}`,
    );
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.failed.push(`${response.request().method()} ${response.url()} ${response.status()}`);
  });
  return problems;
}

/** Settings that point the console at `mock` with fresh dev credentials. */
export function devSettings(overrides: Record<string, unknown> = {}) {
  const audit = mintDevToken({ tenant: 'acme', username: 'console.test' });
  // No baseUrl: the console takes the mock's from config.json.
  return {
    accessToken: audit.accessToken,
    apiToken: audit.idToken,
    zohoToken: mintZohoToken(),
    basicUser: 'john',
    basicPassword: 'dev',
    downloadRetries: 3,
    ...overrides,
  };
}

/** Puts `settings` in the page's session storage before the console's code runs. */
export async function presetSettings(context: BrowserContext, settings: Record<string, unknown>): Promise<void> {
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('audit-export-console/settings')) {
      sessionStorage.setItem('audit-export-console/settings', value);
    }
  }, JSON.stringify(settings));
}

/** Makes sure the screenshot folder exists and returns a file path in it. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return `${SCREENSHOTS}${name}.png`;
}

/**
 * A loopback proxy in front of the mock that hands the console a hostile result: every request goes on to
 * the mock as it came, and the JSON Lines of a result come back with `rewrite(line, index)` applied (the
 * other answers unchanged). What a compromised or broken server could send, with the mock's ground truth
 * still knowing which events there are.
 */
export function hostileResults(
  mockUrl: string,
  rewrite: (line: string, index: number) => string,
): Promise<{ url: string; close(): Promise<void> }> {
  return startRewritingProxy(mockUrl, (body, type, path) =>
    /jsonl/.test(type) && /\/v2\/export\/result\//.test(path)
      ? body
          .split('\n')
          .map((line, i) => (line === '' ? line : rewrite(line, i)))
          .join('\n')
      : body,
  );
}
