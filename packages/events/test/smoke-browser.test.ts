import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chromiumInstallTimeoutMs,
  ensureChromium,
  launchChromium,
  type Page,
  type PageServer,
  pageWaitMs,
  servePages,
} from '@audit-export/testkit';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specExampleLines, specJsonlExamples } from './helpers.js';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let server: PageServer | undefined;
let browser: Browser;

// A fresh machine installs Chromium first (once for all suites, under a lock); launching is then quick.
beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  // The built package as one ESM file, as a browser app's bundler would ship it.
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, Page> = {
    '/': ['text/html', '<!doctype html><title>events smoke</title><script type="module" src="/smoke.js"></script>'],
    '/smoke.js': ['text/javascript', readFileSync(new URL('./fixtures/browser-smoke.js', import.meta.url))],
    '/events.js': ['text/javascript', bundle.outputFiles[0]?.contents ?? ''],
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
      const page = await browser.newPage();
      await page.goto(`${server?.origin}/`);
      await page.waitForFunction(() => 'smokeResult' in window, undefined, { timeout: pageWaitMs });
      const result = await page.evaluate(
        () =>
          (window as unknown as { smokeResult: { error?: string; stats: { skipped: number }; messages: string[] } })
            .smokeResult,
      );
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({
        events: specExampleLines().length,
        valid: true,
        code: 'MALFORMED_JSON',
        process: 'undefined',
      });
      expect(result.stats.skipped).toBe(0);
      // Aborted at every event: nothing after abort(), an AbortError with the reason, no unhandled rejection.
      const aborts = (result as unknown as { aborts: { at: number; seen: number; abortError: boolean }[] }).aborts;
      expect(aborts).toEqual(aborts.map(({ at }) => ({ at, seen: at, abortError: true })));
      expect(aborts.length).toBeGreaterThan(0);
      expect((result as unknown as { unhandled: string[] }).unhandled).toEqual([]);
      expect(
        (result as unknown as { cutCodes: string[] }).cutCodes.every((code) => ['TRUNCATED', 'none'].includes(code)),
      ).toBe(true);
      expect(result.messages.every((message: string) => !message.includes('{cmd}'))).toBe(true);
      await page.close();
    },
    2 * pageWaitMs,
  );
});
