import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { pageWaitMs } from './chromium.js';

/** An entry module bundled into one ESM file, as a browser app's bundler would ship it. */
export async function bundleForBrowser(entry: string): Promise<Uint8Array> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const [file] = bundle.outputFiles;
  if (!file) throw new Error(`esbuild gave no output for ${entry}.`);
  return file.contents;
}

/** What a test page reported: the value it set on `window`, and the errors it did not catch. */
export interface PageResult<T> {
  result: T;
  errors: string[];
}

/**
 * Opens `url` in a new tab of `browser`, waits (up to {@link pageWaitMs}) until the page sets
 * `window[name]`, and returns that value with the page's uncaught errors; the tab is closed after.
 */
export async function readPageResult<T>(browser: Browser, url: string, name: string): Promise<PageResult<T>> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(url);
    await page.waitForFunction((key) => key in window, name, { timeout: pageWaitMs });
    const result = await page.evaluate((key) => (window as unknown as Record<string, unknown>)[key], name);
    return { result: result as T, errors };
  } finally {
    await page.close();
  }
}
