import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
import { specExampleLines, specJsonlExamples } from './helpers.js';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let server: PageServer | undefined;
let browser: Browser;

/** What `fixtures/browser-smoke.js` sets as `window.smokeResult`. */
interface SmokeResult {
  error?: string;
  events: number;
  valid: boolean;
  code: string;
  process: string;
  stats: { skipped: number };
  messages: string[];
  aborts: { at: number; seen: number; abortError: boolean }[];
  unhandled: string[];
  cutCodes: string[];
}

// A fresh machine installs Chromium first (once for all suites, under a lock); launching is then quick.
beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  const files: Record<string, Page> = {
    '/': ['text/html', '<!doctype html><title>events smoke</title><script type="module" src="/smoke.js"></script>'],
    '/smoke.js': ['text/javascript', readFileSync(new URL('./fixtures/browser-smoke.js', import.meta.url))],
    '/events.js': ['text/javascript', await bundleForBrowser(entry)],
    '/result.jsonl': ['application/jsonl', specJsonlExamples().join('\n')],
  };
  server = await servePages(files);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built package in headless Chromium', () => {
  it(
    'parses a fetched JSONL Response, validates and formats the events',
    async () => {
      const { result, errors } = await readPageResult<SmokeResult>(browser, `${server?.origin}/`, 'smokeResult');
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({
        events: specExampleLines().length,
        valid: true,
        code: 'MALFORMED_JSON',
        process: 'undefined',
      });
      expect(result.stats.skipped).toBe(0);
      // Aborted at every event: nothing after abort(), an AbortError with the reason, no unhandled rejection.
      const aborts = result.aborts;
      expect(aborts).toEqual(aborts.map(({ at }) => ({ at, seen: at, abortError: true })));
      expect(aborts.length).toBeGreaterThan(0);
      expect(result.unhandled).toEqual([]);
      expect(result.cutCodes.every((code) => ['TRUNCATED', 'none'].includes(code))).toBe(true);
      expect(result.messages.every((message) => !message.includes('{cmd}'))).toBe(true);
    },
    2 * pageWaitMs,
  );
});
