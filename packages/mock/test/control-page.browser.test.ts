// The control page at GET / in headless Chromium, against a real mock server on 127.0.0.1: it shows
// the scenario, switches it through its own form, lists live jobs and gives the dev-token commands.
import { chromiumInstallTimeoutMs, ensureChromium, launchChromium, pageWaitMs } from '@audit-export/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer, mintDevToken } from '../src/index.js';

let browser: Browser;
let server: MockServer;
let page: Page;

beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  server = await createMockServer({ seed: 7 });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}/`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scenarioOnServer = async () =>
  ((await (await fetch(`${server.url}/__mock/scenario`)).json()) as { name: string }).name;

// Waits are bounds against hangs (testkit's pageWaitMs), not speed checks.
describe('the control page in headless Chromium', { timeout: 2 * pageWaitMs }, () => {
  it('shows the scenario the server runs and what a client sees', async () => {
    await expect.poll(() => page.textContent('#current'), { timeout: pageWaitMs }).toBe(await scenarioOnServer());
    expect(await page.textContent('#sees')).toMatch(/PENDING → PROCESSING → COMPLETED/);
    expect(
      await page.$$eval('#scenario option', (options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(expect.arrayContaining(['happy', 'slow-job', 'flaky-download', 'zoho-no-content']));
  });

  it('switches the server to another scenario through its form', async () => {
    await page.selectOption('#scenario', 'slow-job');
    await page.click('#switch button[type=submit]');
    await expect.poll(() => page.textContent('#current'), { timeout: pageWaitMs }).toBe('slow-job');
    expect(await scenarioOnServer()).toBe('slow-job');
    expect(await page.textContent('#sees')).toMatch(/10 minutes/);
    expect(await page.textContent('#message')).toBe('');
  });

  it(
    'lists a job created by a client with the state the server gives it',
    async () => {
      const { headers } = mintDevToken({ tenant: 'acme' });
      const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const create = await fetch(
        `${server.url}/audit-query-service/v2/export?tenantId=acme&startTime=${day}T00:00:00Z&endTime=${day}T01:00:00Z`,
        { headers },
      );
      expect(create.status).toBe(200);
      const { jobId } = (await create.json()) as { jobId: string };
      const row = page.locator(`#jobs tr[data-job-id="${jobId}"]`);
      await row.waitFor({ timeout: pageWaitMs });
      expect(await row.locator('td').allTextContents()).toEqual([
        'audit-query',
        jobId,
        expect.stringMatching(/^(PENDING|PROCESSING)$/),
        expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ]);
      expect(await page.isHidden('#no-jobs')).toBe(true);
    },
    2 * pageWaitMs,
  );

  it('gives the dev-token commands', async () => {
    expect(await page.textContent('#token-audit')).toBe('npx audit-export-mock token --tenant acme');
    expect(await page.textContent('#token-zoho')).toBe('npx audit-export-mock token --zoho');
    expect(await page.textContent('#origin')).toBe(server.url);
  });
});
