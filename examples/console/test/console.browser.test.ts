import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createMockEngine, createMockServer, type MockServer, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { chromiumInstallTimeoutMs, ensureChromium, launchChromium, pageWaitMs } from '@audit-export/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  devSettings,
  hostileResults,
  type Problems,
  presetSettings,
  screenshotPath,
  serveConsole,
  watch,
} from './harness.js';

// The built console in headless Chromium against the real mock, both on 127.0.0.1: what a person
// sees and does, checked against the mock's ground truth. Small data keeps every case fast.
const HOUR = 3_600_000;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let mock: MockServer;
let site: Awaited<ReturnType<typeof serveConsole>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: Problems;

beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);
beforeAll(async () => {
  [mock, browser] = await Promise.all([
    createMockServer({
      seed: 19,
      config: {
        auditQuery: { pendingMs: 100, processingMs: 300, eventsPerHour: 30 },
        zoho: { scheduledMs: 100, progressMs: 300, entriesPerHour: 10 },
        auditResource: { recordsPerDay: 20 },
      },
    }),
    launchChromium(),
  ]);
  site = await serveConsole(mock.url);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close(), mock?.close()]);
});
afterEach(async () => {
  await context?.close();
});

/** Resets the mock and switches its scenario for the whole test (the control API, as a developer would). */
async function scenario(name: string) {
  await control('POST', '/__mock/reset');
  await putScenario(name);
}
/** Switches the scenario, keeping the jobs. */
const putScenario = (name: string) => control('PUT', '/__mock/scenario', { name });
/** One call of the mock's control API. */
async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
}

/** A fresh tab on the console with settings for the mock. */
async function open(settings: Record<string, unknown> = devSettings()) {
  context = await browser.newContext({
    timezoneId: 'UTC',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  problems = await watch(context, page);
  await presetSettings(context, settings);
  await page.goto(site.url);
  await page.getByRole('heading', { name: 'Audit export console' }).waitFor();
}

/** Fills the audit query form with a window of `hours` ending an hour ago and starts the export. */
async function exportAudit(hours: number, filters: Record<string, string> = {}) {
  const form = page.getByRole('form', { name: 'Audit query filters' });
  const end = Date.now() - HOUR;
  await form.getByLabel('From (UTC)').fill(new Date(end - hours * HOUR).toISOString().slice(0, 16));
  await form.getByLabel('To (UTC)').fill(new Date(end).toISOString().slice(0, 16));
  for (const [label, value] of Object.entries(filters)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: 'Export' }).click();
}

const audit = () => page.locator('section[aria-labelledby="audit-query-heading"]');
const streamStatus = (section = audit()) => section.getByTestId('stream-status');
/** Waits for the stream to end in `status` (`done`, `error`…). */
async function settled(status: string, section = audit(), timeout = pageWaitMs) {
  await section.locator(`[data-testid="stream-status"][data-status="${status}"]`).waitFor({ timeout });
}
const rowTotal = async (section = audit()) => Number(await section.getByTestId('row-total').textContent());
const jobId = async (section = audit()) => (await section.getByTestId('job-id').textContent()) ?? '';

/** The loaded rows as the console's JSON Lines download. */
async function downloadedIds(section = audit()): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Download JSON Lines' }).click(),
  ]);
  const text = readFileSync((await download.path()) as string, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
}

/** axe-core on what is shown: no serious or critical violation. */
async function expectAccessible(view: string) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    `axe on ${view}`,
  ).toEqual([]);
}

/** Nothing went wrong in the page but what the test injected (statuses and failures it names). */
function expectClean(allowed: { statuses?: number[]; failures?: RegExp } = {}) {
  const statuses = allowed.statuses ?? [];
  const injected = (line: string) =>
    statuses.some((status) => new RegExp(`(after|status of|/\\S+) ${status}\\b`).test(line)) ||
    (allowed.failures?.test(line) ?? false);
  expect(problems.offMachine, 'requests off the machine').toEqual([]);
  expect(
    problems.failed.filter((line) => !injected(line)),
    'failed requests',
  ).toEqual([]);
  expect(
    problems.console.filter((line) => !injected(line)),
    'console errors',
  ).toEqual([]);
}

describe('the export console in headless Chromium', () => {
  it('streams an export into the table, row for row the mock’s ground truth, and searches and downloads it', async () => {
    await scenario('happy');
    await open();
    await expectAccessible('audit query, empty');
    await exportAudit(10);
    await settled('done');
    const id = await jobId();
    const truth = mock.expectedEvents(id);
    expect(truth.length).toBeGreaterThan(100);
    expect(await rowTotal()).toBe(truth.length);
    // Virtualized: only the rows in view (and a few beyond) are in the page.
    expect(await audit().locator('tbody tr').count()).toBeLessThan(60);
    await expect.poll(() => audit().getByTestId('event-count').textContent()).toBe(truth.length.toLocaleString('en'));
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/COMPLETED$/);
    expect(await downloadedIds()).toEqual(truth.map((event) => event.eventId));
    // Search over the loaded rows, typed key by key (each key narrows the last key's matches): one event by id.
    const one = truth[Math.floor(truth.length / 2)];
    await audit()
      .getByLabel('Search loaded rows')
      .pressSequentially(one?.eventId.slice(0, 18) ?? '');
    await expect.poll(() => audit().getByTestId('row-count').textContent()).toBe(`1 of ${truth.length} rows match`);
    expect(await audit().locator('tbody tr').count()).toBe(1);
    await expect.poll(() => audit().locator('tbody tr td').allTextContents()).toContain(one?.eventId);
    await page.screenshot({ path: screenshotPath('audit-query-done'), fullPage: true });
    await expectAccessible('audit query, loaded');
    // Delete the finished job: the lifecycle ends in DELETED.
    await audit().getByRole('button', { name: 'Delete job' }).click();
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/DELETED$/);
    expectClean();
  });

  it('exports from Zoho and searches the audit resource', async () => {
    await scenario('happy');
    await open();
    await page.getByRole('button', { name: 'Zoho' }).click();
    const zoho = page.locator('section[aria-labelledby="zoho-heading"]');
    await zoho.getByRole('button', { name: 'Export' }).click();
    await settled('done', zoho);
    const truth = mock.expectedZohoEntries(await jobId(zoho));
    expect(truth.length).toBeGreaterThan(100);
    expect(await rowTotal(zoho)).toBe(truth.length);
    await page.screenshot({ path: screenshotPath('zoho-done'), fullPage: true });
    await expectAccessible('zoho, loaded');
    await page.getByRole('button', { name: 'Audit resource' }).click();
    const resource = page.locator('section[aria-labelledby="audit-resource-heading"]');
    await resource.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => resource.getByTestId('search-status').textContent()).toMatch(/^\d+ records found\.$/);
    const found = Number((await resource.getByTestId('search-status').textContent())?.split(' ')[0]);
    expect(found).toBeGreaterThan(0);
    expect(await rowTotal(resource)).toBe(found);
    await page.screenshot({ path: screenshotPath('audit-resource'), fullPage: true });
    await expectAccessible('audit resource');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expectAccessible('settings');
    expectClean();
  });

  it('shows a failed job and resumes it to the full result', async () => {
    await scenario('job-fails-then-resume');
    await open();
    await exportAudit(12, { Category: 'security' });
    await settled('error');
    await expect.poll(() => audit().getByTestId('error').getAttribute('data-code')).toBe('JOB_FAILED');
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/FAILED$/);
    await page.screenshot({ path: screenshotPath('job-failed'), fullPage: true });
    await expectAccessible('failed job');
    await audit().getByRole('button', { name: 'Resume' }).click();
    await settled('done');
    const truth = mock.expectedEvents(await jobId());
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.every((event) => event.category === 'security')).toBe(true);
    expect(await downloadedIds()).toEqual(truth.map((event) => event.eventId));
    expectClean();
  });

  it('finishes a dropped download with every event exactly once', async () => {
    await scenario('flaky-download');
    // No automatic restarts: the person sees the break and resumes it.
    await open(devSettings({ downloadRetries: 0 }));
    await exportAudit(48);
    await settled('error');
    await expect.poll(() => audit().getByTestId('error').getAttribute('data-code')).toBe('EXPORT_INCOMPLETE');
    // The mock cuts after 100 to 999 lines, but how many of them the page reads before Chromium errors the
    // body depends on how the bytes and the reset arrive (all at once on a busy machine: none). What holds
    // either way: the notice names exactly the rows the table has, and Resume continues right after them.
    const before = await rowTotal();
    expect(await audit().getByTestId('error').textContent()).toContain(`after ${before.toLocaleString('en')} events`);
    await page.screenshot({ path: screenshotPath('download-dropped'), fullPage: true });
    await audit().getByRole('button', { name: 'Resume' }).click();
    await settled('done');
    const truth = mock.expectedEvents(await jobId()).map((event) => event.eventId);
    expect(truth.length).toBeGreaterThan(before);
    expect(await downloadedIds()).toEqual(truth);
    // The cut connection is the injected failure: once, on the result URL (and Chromium's console line for it).
    expect(
      problems.failed.filter((line) => /\/v2\/export\/result\/\S+ net::ERR_INCOMPLETE_CHUNKED_ENCODING/.test(line)),
    ).toHaveLength(1);
    expectClean({ failures: /ERR_INCOMPLETE_CHUNKED_ENCODING/ });
  });

  it('rides out a 429 storm, saying how long to wait', async () => {
    await scenario('rate-limited');
    // One retry per call: a storm (2 to 6 answers of 429) outlasts it, so the person sees the wait.
    await open(devSettings({ maxRetries: 1 }));
    await exportAudit(4);
    // The client retries 429s by itself (see the activity log); a storm longer than its retries
    // surfaces with the wait the API asked for, and Continue picks the job up again.
    let surfaced = false;
    for (let round = 0; round < 4; round++) {
      await audit()
        .locator(
          '[data-testid="stream-status"][data-status="done"], [data-testid="stream-status"][data-status="error"]',
        )
        .waitFor({ timeout: pageWaitMs });
      if ((await streamStatus().getAttribute('data-status')) === 'done') break;
      const error = audit().getByTestId('error');
      expect(await error.getAttribute('data-code')).toBe('RATE_LIMITED');
      expect(await error.textContent()).toMatch(/wait \d+ s/);
      if (!surfaced) await page.screenshot({ path: screenshotPath('rate-limited'), fullPage: true });
      surfaced = true;
      // The storm passes (keeping the jobs): what is left of the test is the person's Continue.
      await putScenario('happy');
      await error.getByText('You can try again now.').waitFor({ timeout: pageWaitMs });
      const again = error.getByRole('button', { name: 'Continue' });
      if (await again.count()) await again.click();
      else
        await page.getByRole('form', { name: 'Audit query filters' }).getByRole('button', { name: 'Export' }).click();
    }
    await settled('done');
    expect(surfaced, 'the storm surfaced as a RateLimitError').toBe(true);
    expect(await rowTotal()).toBe(mock.expectedEvents(await jobId()).length);
    await expect.poll(() => page.getByTestId('activity').textContent()).toMatch(/rate limited \(429\)/);
    expectClean({ statuses: [429] });
  });

  it('cancels a running job, then deletes it', async () => {
    await scenario('slow-job');
    await open();
    await exportAudit(4);
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/PROCESSING$/);
    await audit().getByRole('button', { name: 'Cancel job' }).click();
    await settled('error');
    await expect.poll(() => audit().getByTestId('error').getAttribute('data-code')).toBe('JOB_CANCELLED');
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/CANCELLED$/);
    await page.screenshot({ path: screenshotPath('cancelled'), fullPage: true });
    await audit().getByRole('button', { name: 'Delete job' }).click();
    await expect.poll(() => audit().getByTestId('lifecycle').textContent()).toMatch(/DELETED$/);
    expectClean();
  });

  it('says an expired token expired, and goes on with a fresh one', async () => {
    await scenario('token-expired');
    const settings = devSettings();
    await open(settings);
    // The token has one call left: the create succeeds, the job's status then answers 401.
    for (let i = 0; i < 4; i++) {
      await fetch(`${mock.url}/audit-query-service/v2/export/status/00000000-0000-4000-8000-000000000000`, {
        headers: { authorization: `Bearer ${settings.accessToken}`, api_token: settings.apiToken },
      });
    }
    await exportAudit(4);
    await settled('error');
    const error = audit().getByTestId('error');
    expect(await error.getAttribute('data-code')).toBe('AUTH');
    expect(await error.textContent()).toMatch(/token has expired/);
    await page.screenshot({ path: screenshotPath('token-expired'), fullPage: true });
    await expectAccessible('expired token');
    const fresh = mintDevToken({ tenant: 'acme', username: 'console.fresh' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Access token').fill(fresh.accessToken);
    await page.getByLabel('API token (api_token)').fill(fresh.idToken);
    await page.getByRole('button', { name: 'Audit query' }).click();
    await error.getByRole('button', { name: 'Continue' }).click();
    await settled('done');
    expect(await rowTotal()).toBe(mock.expectedEvents(await jobId()).length);
    expectClean({ statuses: [401] });
  });
});

describe('the export console with a hostile result', () => {
  /** JSON text nesting `depth` arrays around a 0: JSON.parse builds it, JSON.stringify overflows the stack. */
  const nested = (depth: number) => `${'['.repeat(depth)}0${']'.repeat(depth)}`;
  /** The result line with `attributes` replaced by this JSON text (and more top-level members, if given). */
  const withAttributes = (line: string, attributes: string, more = '') =>
    line.replace(/"attributes":\{.*\}\}$/, `"attributes":${attributes}${more}}`);
  /** Lines of the result that a hostile server changes, each still a valid AuditEvent. */
  const HOSTILE: Record<number, (line: string) => string> = {
    3: (line) => withAttributes(line, `{"deep":${nested(100_000)},"user":"ana"}`),
    5: (line) => withAttributes(line, `{"note":${JSON.stringify(`${'x'.repeat(300_000)}🎉`)}}`),
    7: (line) =>
      withAttributes(
        line,
        '{"__proto__":{"polluted":true},"constructor":{"toString":1},"toString":1,"valueOf":{"valueOf":{}}}',
        `,"extra":${nested(50_000)}`,
      ),
  };

  it('streams events nested 100,000 deep, 300 kB long or keyed __proto__ into the table, marked, and keeps working', async () => {
    await scenario('happy');
    const proxy = await hostileResults(mock.url, (line, i) => HOSTILE[i]?.(line) ?? line);
    try {
      await open(devSettings({ baseUrl: proxy.url }));
      await exportAudit(10);
      await settled('done');
      const truth = mock.expectedEvents(await jobId()).map((event) => event.eventId);
      expect(truth.length).toBeGreaterThan(100);
      expect(await rowTotal()).toBe(truth.length);
      const cells = (index: number) =>
        audit()
          .locator(`tbody tr[aria-rowindex="${index + 2}"] td`)
          .allTextContents();
      const deep = (await cells(3)).join(' ');
      // formatValue's bounds: 64 levels, then the marker; the whole cell at most 1,024 characters.
      expect(deep).toContain(`deep=${'['.repeat(64)}"[…]"${']'.repeat(64)}, user=ana`);
      expect(deep).toContain(truth[3]);
      expect(deep.length).toBeLessThan(2000);
      const long = (await cells(5)).join(' ');
      expect(long).toMatch(/note=x+\[…\]/);
      expect(long.length).toBeLessThan(2000);
      const proto = (await cells(7)).join(' ');
      expect(proto).toContain('__proto__={"polluted":true}, constructor={"toString":1}, toString=1');
      expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
      // The search reads the hostile rows like any other, and the download holds every event.
      await audit()
        .getByLabel('Search loaded rows')
        .fill(truth[3] ?? '');
      await expect.poll(() => audit().getByTestId('row-count').textContent()).toBe(`1 of ${truth.length} rows match`);
      await audit().getByLabel('Search loaded rows').fill('');
      expect(await downloadedIds()).toEqual(truth);
      await page.screenshot({ path: screenshotPath('hostile-result'), fullPage: true });
      await expectAccessible('audit query, hostile result');
      expectClean();
    } finally {
      await proxy.close();
    }
  });

  it('shows a marker for a row whose rendering fails, and the rest of the table keeps working', async () => {
    await scenario('happy');
    const probe = 'row-render-fault';
    // The failure is injected: the page's Object.entries throws for one event's attributes (they hold the
    // probe's key), which only the table's Attributes column lists. Every other call goes on as usual.
    const proxy = await hostileResults(mock.url, (line, i) =>
      i === 9 ? withAttributes(line, JSON.stringify({ [probe]: 1 })) : line,
    );
    try {
      context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
      await context.addInitScript((marker) => {
        const entries = Object.entries;
        Object.entries = ((value: object) => {
          if (typeof value === 'object' && value !== null && Object.hasOwn(value, marker)) throw new Error(marker);
          return entries(value);
        }) as typeof Object.entries;
      }, probe);
      page = await context.newPage();
      problems = await watch(context, page);
      await presetSettings(context, devSettings({ baseUrl: proxy.url }));
      await page.goto(site.url);
      await exportAudit(10);
      await settled('done');
      const truth = mock.expectedEvents(await jobId()).map((event) => event.eventId);
      expect(await rowTotal()).toBe(truth.length);
      const failed = audit().getByTestId('row-error');
      await expect.poll(() => failed.count()).toBe(1);
      expect(await failed.getAttribute('aria-rowindex')).toBe('11');
      expect(await failed.textContent()).toContain('This row could not be shown');
      // Its neighbours render, and the search still runs over every row.
      expect((await audit().locator('tbody tr[aria-rowindex="10"] td').allTextContents()).join(' ')).toContain(
        truth[8],
      );
      expect((await audit().locator('tbody tr[aria-rowindex="12"] td').allTextContents()).join(' ')).toContain(
        truth[10],
      );
      await audit()
        .getByLabel('Search loaded rows')
        .fill(truth[20] ?? '');
      await expect.poll(() => audit().getByTestId('row-count').textContent()).toBe(`1 of ${truth.length} rows match`);
      await page.getByRole('heading', { name: 'Audit export console' }).waitFor();
      expectClean();
    } finally {
      await proxy.close();
    }
  });
});

describe('the export console with ?mock=browser: no server, MSW’s service worker in the tab', () => {
  const SEED = 23;

  /** The requests the page made to the in-browser mock's APIs, and whether the service worker answered each. */
  interface MockCall {
    method: string;
    url: string;
    body: string | null;
    fromServiceWorker: boolean;
  }

  /** A fresh tab on `?mock=browser`, recording every call that goes to the in-browser mock. */
  async function openInBrowser(): Promise<{ calls: MockCall[]; base: string; toServer: string[] }> {
    context = await browser.newContext({
      timezoneId: 'UTC',
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    // Playwright gives no body for a request a service worker answers: the page keeps a copy of each it posts.
    await context.addInitScript(() => {
      const posted: string[] = [];
      const send = window.fetch.bind(window);
      Object.assign(window, { posted });
      window.fetch = async (input, init) => {
        const request = new Request(input, init);
        if (request.method === 'POST') posted.push(await request.clone().text());
        return send(request);
      };
    });
    page = await context.newPage();
    problems = await watch(context, page);
    const base = new URL('./mock-api', site.url).href;
    const calls: MockCall[] = [];
    page.on('requestfinished', async (request) => {
      if (!request.url().startsWith(base)) return;
      const response = await request.response();
      calls.push({
        method: request.method(),
        url: request.url(),
        body: request.postData(),
        fromServiceWorker: response?.fromServiceWorker() ?? false,
      });
    });
    const toServer: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(mock.url)) toServer.push(request.url());
    });
    await page.goto(`${site.url}?mock=browser&seed=${SEED}`);
    await page.getByTestId('browser-mock').waitFor();
    return { calls, base, toServer };
  }

  /** A Node engine with the same seed, given the same create request: its job's ground truth is the tab's. */
  async function replay(base: string, call: MockCall | undefined, headers: Record<string, string>) {
    expect(call, 'the create request').toBeDefined();
    const engine = createMockEngine({ seed: SEED, baseUrl: base });
    // The engine routes on the path alone (as the handlers do, past their base URL's prefix).
    const url = new URL(call?.url ?? base);
    url.pathname = url.pathname.slice(new URL(base).pathname.length);
    const response = await engine.fetch(
      new Request(url, {
        method: call?.method ?? 'GET',
        headers: { ...headers, 'content-type': 'application/json' },
        ...(call?.body ? { body: call.body } : {}),
      }),
    );
    expect(response.status).toBe(call?.method === 'POST' ? 201 : 200);
    return { engine, answer: (await response.json()) as Record<string, unknown> };
  }

  it('exports audit events and Zoho entries entirely in the tab, equal to a Node engine with the same seed', async () => {
    const { calls, base, toServer } = await openInBrowser();
    await page.screenshot({ path: screenshotPath('browser-mock'), fullPage: true });
    await expectAccessible('audit query, in-browser mock');
    await exportAudit(6);
    await settled('done');
    const create = calls.find((call) => call.method === 'GET' && /\/v2\/export\?/.test(call.url));
    const audit = mintDevToken({ tenant: 'acme' });
    const { engine, answer } = await replay(base, create, audit.headers);
    const truth = engine.expectedEvents(answer.jobId as string);
    expect(truth.length).toBeGreaterThan(100);
    expect(await rowTotal()).toBe(truth.length);
    expect(await downloadedIds()).toEqual(truth.map((event) => event.eventId));

    await page.getByRole('button', { name: 'Zoho' }).click();
    const zoho = page.locator('section[aria-labelledby="zoho-heading"]');
    // A window that ends before now, so the replay a moment later covers the same entries.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await zoho.getByLabel('From (UTC day)').fill(day(2));
    await zoho.getByLabel('To (UTC day)').fill(day(1));
    await zoho.getByRole('button', { name: 'Export' }).click();
    await settled('done', zoho);
    const zohoCreate = calls.find((call) => call.method === 'POST' && call.url.endsWith('/audit_log_export'));
    const posted = await page.evaluate(() => (window as unknown as { posted: string[] }).posted);
    expect(posted).toHaveLength(1);
    if (zohoCreate) zohoCreate.body = posted[0] ?? null;
    const zohoReplay = await replay(base, zohoCreate, { authorization: `Zoho-oauthtoken ${mintZohoToken()}` });
    const [created] = zohoReplay.answer.audit_log_export as { details: { id: string } }[];
    const entries = zohoReplay.engine.expectedZohoEntries(created?.details.id ?? '');
    expect(entries.length).toBeGreaterThan(10);
    expect(await rowTotal(zoho)).toBe(entries.length);

    // Every API call was answered by the service worker; none reached a server (the Node mock included).
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.filter((call) => !call.fromServiceWorker)).toEqual([]);
    expect(toServer, 'requests to the Node mock').toEqual([]);
    expectClean();
  });
});
