// The control page at GET / in headless Chromium, against a real mock server on 127.0.0.1: it shows
// the scenario, switches it through its own form, resets and advances the clock through its buttons,
// lists live jobs and gives the dev-token commands. A page of another origin can do none of that.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const clockOnServer = async () =>
  ((await (await fetch(`${server.url}/__mock/clock`)).json()) as { advancedMs: number }).advancedMs;
const jobsOnServer = async () =>
  ((await (await fetch(`${server.url}/__mock/jobs`)).json()) as { jobs: { jobId: string }[] }).jobs.map((j) => j.jobId);

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

describe('the control page’s buttons, jobs and origin rules in headless Chromium', { timeout: 2 * pageWaitMs }, () => {
  it(
    'advances the clock and resets the mock through its buttons',
    async () => {
      expect(await jobsOnServer()).not.toEqual([]);
      await page.click('#advance');
      await expect.poll(clockOnServer, { timeout: pageWaitMs }).toBe(60_000);
      expect(await page.textContent('#message')).toBe('');
      await page.click('#reset');
      await expect.poll(jobsOnServer, { timeout: pageWaitMs }).toEqual([]);
      expect(await clockOnServer()).toBe(0);
      await expect.poll(() => page.textContent('#current'), { timeout: pageWaitMs }).toBe('happy');
      await expect.poll(() => page.isHidden('#no-jobs'), { timeout: pageWaitMs }).toBe(false);
      expect(await page.textContent('#message')).toBe('');
    },
    2 * pageWaitMs,
  );

  it(
    'gives a page of another origin on this machine no way to change or read the mock',
    async () => {
      // State a reset, a scenario switch or a clock jump would change.
      const json = { 'content-type': 'application/json' };
      await fetch(`${server.url}/__mock/scenario`, { method: 'PUT', headers: json, body: '{"name":"slow-job"}' });
      await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: json, body: '{"advanceMs":30000}' });
      const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const window = `startTime=${day}T00:00:00Z&endTime=${day}T01:00:00Z`;
      const { headers } = mintDevToken({ tenant: 'acme' });
      expect(
        (await fetch(`${server.url}/audit-query-service/v2/export?tenantId=acme&${window}`, { headers })).status,
      ).toBe(200);
      const before = { scenario: await scenarioOnServer(), jobs: await jobsOnServer(), clock: await clockOnServer() };
      expect(before).toMatchObject({ scenario: 'slow-job', clock: 30_000 });
      const other: Server = createServer((_, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const tab = await browser.newPage();
      try {
        await tab.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        const outcomes = await tab.evaluate(async (mock) => {
          const attempt = async (path: string, init: RequestInit) => {
            try {
              const res = await fetch(mock + path, init);
              return res.type === 'opaque' ? 'sent, unreadable' : `read ${res.status}`;
            } catch {
              return 'blocked';
            }
          };
          return {
            // Needs a preflight, which the control API does not answer.
            scenario: await attempt('/__mock/scenario', {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name: 'zoho-zip' }),
            }),
            // Simple requests (no preflight): they reach the mock, which refuses them.
            reset: await attempt('/__mock/reset', { method: 'POST', mode: 'no-cors' }),
            clock: await attempt('/__mock/clock', { method: 'POST', mode: 'no-cors', body: '{"advanceMs":60000}' }),
            jobs: await attempt('/__mock/jobs', {}),
          };
        }, server.url);
        expect(outcomes).toEqual({
          scenario: 'blocked',
          reset: 'sent, unreadable',
          clock: 'sent, unreadable',
          jobs: 'blocked',
        });
        expect({
          scenario: await scenarioOnServer(),
          jobs: await jobsOnServer(),
          clock: await clockOnServer(),
        }).toEqual(before);
      } finally {
        await tab.close();
        await new Promise((resolve) => other.close(resolve));
      }
    },
    2 * pageWaitMs,
  );
});
