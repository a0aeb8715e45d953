import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintDevToken } from '@audit-export/mock';
import {
  bundleForBrowser,
  chromiumInstallTimeoutMs,
  ensureChromium,
  launchChromium,
  type Page,
  type PageServer,
  pageWaitMs,
  readPageResult,
  servePages,
} from '@audit-export/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, PERIOD, TENANT } from './helpers/mock.js';

// The mock as a front end uses it in development: a page starts MSW's service worker with the mock's
// handlers and runs an export with the built client; the events delivered must be the engine's ground truth.
const entry = fileURLToPath(new URL('./fixtures/msw-worker-export.js', import.meta.url));
const workerScript = join(
  dirname(createRequire(import.meta.url).resolve('msw/package.json')),
  'lib/mockServiceWorker.js',
);

let server: PageServer | undefined;
let browser: Browser;

beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  const credentials = mintDevToken({ tenant: TENANT, now: Date.parse(NOW) });
  const setup = {
    seed: 7,
    config: {
      now: NOW,
      auditQuery: { pendingMs: 20, processingMs: 40, eventsPerHour: 400 },
    },
    auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
    period: PERIOD,
  };
  const pages: Record<string, Page> = {
    '/': ['text/html', '<!doctype html><title>msw export</title><script type="module" src="/page.js"></script>'],
    '/page.js': ['text/javascript', await bundleForBrowser(entry)],
    // Served at the root, so the worker's scope covers the page and the APIs under it.
    '/mockServiceWorker.js': ['text/javascript', readFileSync(workerScript)],
    '/setup.json': ['application/json', JSON.stringify(setup)],
  };
  server = await servePages(pages);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface ExportResult {
  jobId: string;
  events: { eventId: string }[];
  expected: { eventId: string }[];
  statuses: string[];
}

/** What `fixtures/msw-worker-export.js` sets as `window.mswResult`. */
interface MswResult {
  error?: string;
  plain: ExportResult;
  dropped: ExportResult & { results: number };
  controlled: boolean;
  process: string;
}

describe('MSW setupWorker in headless Chromium', () => {
  it(
    'serves built-client exports from the service worker with exactly the ground-truth events, across a drop',
    async () => {
      const { result, errors } = await readPageResult<MswResult>(browser, `${server?.origin}/`, 'mswResult');
      expect(result.error, 'the page failed').toBeUndefined();
      expect(errors).toEqual([]);
      expect(result.controlled).toBe(true);
      expect(result.process).toBe('undefined');
      expect(result.plain.expected.length).toBeGreaterThan(100);
      // The whole events, not only their ids: the bytes went through the worker and the client's parser.
      expect(result.plain.events).toEqual(result.plain.expected);
      expect(result.plain.statuses).toContain('COMPLETED');
      // A download dropped mid-stream inside the worker reaches the client as a failed read: it resumes.
      // At least the dropped download and the one that resumed it (more only if the client retried again).
      expect(result.dropped.results).toBeGreaterThanOrEqual(2);
      expect(result.dropped.jobId).not.toBe(result.plain.jobId);
      expect(result.dropped.events).toEqual(result.dropped.expected);
      // The page server must never see the APIs: the service worker answers those.
      expect(server?.requested.filter((url) => url.startsWith('/audit-query-service'))).toEqual([]);
    },
    2 * pageWaitMs,
  );
});
