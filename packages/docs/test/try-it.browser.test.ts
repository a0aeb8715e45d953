// Try it and the walkthroughs in Chromium, on the built site served as plain files: every operation
// of every API against the mock inside the page (each answer checked against the spec here, in Node),
// the audit query walkthrough to a completed result and the Zoho one to a downloaded file, no request
// off 127.0.0.1; then the local mock process as the target, and a server that refuses CORS.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createMockServer, type MockServer } from '@audit-export/mock';
import { chromiumInstallTimeoutMs, ensureChromium, pageWaitMs } from '@audit-export/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocsServer, serveDocs } from '../src/serve.js';
import { listOperations } from '../src/spec-inputs.js';
import { isLoopbackHost, launchChromium } from './browser.js';
import { SITE_DIR, spec } from './spec-dist.js';
import {
  expectMatchesSpec,
  openPanel,
  pickTarget,
  type ShownAnswer,
  sendOperation,
  servePlainFiles,
  successTypes,
  type Watched,
  watchRequests,
} from './try-it-driver.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Tries of a result or download while its job is still running (the mock finishes a job in about a second). */
const RESULT_TRIES = 40;

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);
beforeAll(async () => {
  site = await servePlainFiles(SITE_DIR);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Operations whose success answer is a result or a file: they answer once the job has finished. */
function waitsForJob(apiId: string, operationId: string): boolean {
  return successTypes(apiId, operationId).some((type) =>
    ['application/jsonl', 'text/csv', 'application/zip'].includes(type),
  );
}

/** Checks a shown answer in Node: declared status, conforming, and a JSON body against its schema. */
function expectConforming(apiId: string, operationId: string, answer: ShownAnswer): void {
  expect(answer.errorCode, `${operationId}: ${answer.text}`).toBeUndefined();
  expect(answer.conforms, `${operationId}: ${answer.text}`).toBe(true);
  if (answer.contentType === 'application/json' && answer.body) {
    expectMatchesSpec(apiId, operationId, answer.status, 'application/json', JSON.parse(answer.body));
  }
  if (answer.contentType === 'application/jsonl') {
    for (const line of answer.body.split('\n').filter((text) => text.startsWith('{'))) {
      expectMatchesSpec(apiId, operationId, answer.status, 'application/jsonl', JSON.parse(line));
    }
  }
}

/**
 * Sends every operation of an API in document order (the panel feeds ids from one answer to the next
 * call). A result or file is tried again, after the call before it, until its job has finished.
 */
async function tryEveryOperation(page: Page, apiId: string): Promise<Map<string, ShownAnswer>> {
  const answers = new Map<string, ShownAnswer>();
  const operations = listOperations(spec.apis.find((api) => api.id === apiId)?.document as never);
  for (const [index, operation] of operations.entries()) {
    let answer = await sendOperation(page, operation.operationId);
    for (
      let attempt = 1;
      waitsForJob(apiId, operation.operationId) && answer.status !== 200 && attempt < RESULT_TRIES;
      attempt++
    ) {
      const before = operations[index - 1];
      if (before) expectConforming(apiId, before.operationId, await sendOperation(page, before.operationId));
      await page.waitForTimeout(250);
      answer = await sendOperation(page, operation.operationId);
    }
    expectConforming(apiId, operation.operationId, answer);
    answers.set(operation.operationId, answer);
  }
  return answers;
}

/** axe-core on what the page shows: no serious or critical violation. */
async function expectAccessible(page: Page, view: string): Promise<void> {
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
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    `axe on ${view}`,
  ).toEqual([]);
}

/** Chromium logs every 4xx answer; the declared refusals the tests provoke (a result of a job not done, a cancel of a finished one) are no fault. */
const PROVOKED_4XX = /^console Failed to load resource: the server responded with a status of 4\d\d /;

function expectOnMachine(watched: Watched): void {
  expect(watched.offMachine, 'requests off the machine').toEqual([]);
  expect(watched.urls.filter((url) => /^https?:/.test(url) && !isLoopbackHost(new URL(url).hostname))).toEqual([]);
  expect(watched.problems.filter((line) => !PROVOKED_4XX.test(line))).toEqual([]);
}

/** Minted tokens never travel in a URL, and nothing is kept beyond the tab's sessionStorage. */
async function expectTokensKeptInTab(page: Page, watched: Watched): Promise<void> {
  const stored = await page.evaluate(() => ({
    session: Object.entries(sessionStorage).filter(([key]) => key.startsWith('try-it:credentials:')),
    local: Object.keys(localStorage).length,
  }));
  expect(stored.local).toBe(0);
  const tokens = stored.session
    .flatMap(([, value]) => Object.values(JSON.parse(value) as Record<string, string>))
    .filter((token) => token.length > 8);
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) expect(watched.urls.filter((url) => url.includes(token))).toEqual([]);
}

describe('Try it against the mock inside the page (site served as plain files)', () => {
  let context: BrowserContext;
  let watched: Watched;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    watched = await watchRequests(context);
  });
  afterAll(() => context?.close());

  for (const api of spec.apis) {
    it(`sends every operation of ${api.id} and every answer matches the spec`, async () => {
      const page = await context.newPage();
      await openPanel(page, site.url, api.id);
      await page.locator('#try-it-panel .try-it-mint').click();
      const answers = await tryEveryOperation(page, api.id);
      expect([...answers.keys()]).toEqual(listOperations(api.document).map((operation) => operation.operationId));
      for (const [operationId, answer] of answers) {
        if (waitsForJob(api.id, operationId)) expect(answer.status, operationId).toBe(200);
      }
      const jsonl = [...answers.values()].find((answer) => answer.contentType === 'application/jsonl');
      if (jsonl) expect(jsonl.lines).toBeGreaterThan(0);
      const file = [...answers.values()].find((answer) => answer.contentType === 'text/csv');
      if (file) {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: pageWaitMs }),
          page.locator('#try-it-panel .try-it-download').click(),
        ]);
        const bytes = readFileSync((await download.path()) as string);
        expect(file.text).toContain(`(${bytes.byteLength} bytes, text/csv)`);
        expect(file.body.startsWith(bytes.toString('utf8').split('\n')[0] as string)).toBe(true);
        expect(file.lines).toBeGreaterThan(0);
      }
      // An answer the operation offers in XML as well: asked for with Accept.
      for (const { operationId } of listOperations(api.document)) {
        for (const accept of successTypes(api.id, operationId).filter((type) => type.endsWith('xml'))) {
          const xml = await sendOperation(page, operationId, accept);
          expectConforming(api.id, operationId, xml);
          expect(xml.contentType).toBe(accept);
          expect(xml.body).toMatch(/^<\w+/);
        }
      }
      await expectAccessible(page, `${api.id} reference with the panel open`);
      await expectTokensKeptInTab(page, watched);
      await page.close();
    });
  }

  it('runs the audit query walkthrough to a completed result and the Zoho walkthrough to a downloaded file', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/walkthroughs.html`, { timeout: pageWaitMs });
    await page.locator('#walkthroughs[data-ready="true"]').waitFor({ timeout: pageWaitMs });
    for (const workflowId of ['exportToCompletion', 'exportAndDownload']) {
      const section = page.locator(`section.walkthrough[data-workflow="${workflowId}"]`);
      await section.locator('.try-it-mint').click();
      await section.locator('.walkthrough-run-button').click();
      await page.waitForFunction(
        (id) =>
          ['completed', 'failed'].includes(
            document.querySelector<HTMLElement>(`section[data-workflow="${id}"]`)?.dataset.result ?? '',
          ),
        workflowId,
        { timeout: pageWaitMs },
      );
      expect(await section.getAttribute('data-result'), (await section.textContent()) ?? '').toBe('completed');
      const steps = await section
        .locator('.walkthrough-step')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.outcome));
      expect(steps.every((outcome) => outcome === 'passed')).toBe(true);
      expect(await section.locator('.walkthrough-result').getAttribute('data-conforms')).toBe('true');
    }
    const result = page.locator('section[data-workflow="exportToCompletion"] .walkthrough-result .try-it-lines');
    expect(Number(await result.getAttribute('data-lines'))).toBeGreaterThan(0);
    expect(await page.locator('svg.lifecycle [data-state].current').getAttribute('data-state')).toBe('COMPLETED');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: pageWaitMs }),
      page.locator('section[data-workflow="exportAndDownload"] .walkthrough-result .try-it-download').click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\n')[0]).toContain(',');
    expect(csv.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    await expectAccessible(page, 'walkthroughs after two runs');
    await page.close();
  });

  it('picks a mock scenario for the walkthroughs: with job-fails-then-resume a job fails and its resume completes', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/walkthroughs.html`, { timeout: pageWaitMs });
    await page.locator('#walkthroughs[data-ready="true"]').waitFor({ timeout: pageWaitMs });
    await page.locator('.try-it-scenario select').selectOption('job-fails-then-resume');
    await page.locator('.try-it-scenario[data-scenario="job-fails-then-resume"]').waitFor({ timeout: pageWaitMs });
    const section = page.locator('section.walkthrough[data-workflow="resumeFailedExport"]');
    // No fault header: the scenario alone makes the job fail.
    await section.locator('input[data-input="mockFault"]').fill('');
    await section.locator('.try-it-mint').click();
    await section.locator('.walkthrough-run-button').click();
    await page.waitForFunction(
      () =>
        ['completed', 'failed'].includes(
          document.querySelector<HTMLElement>('section[data-workflow="resumeFailedExport"]')?.dataset.result ?? '',
        ),
      undefined,
      { timeout: pageWaitMs },
    );
    expect(await section.getAttribute('data-result'), (await section.textContent()) ?? '').toBe('completed');
    expect(
      await section.locator('.walkthrough-step[data-step="pollUntilFailed"] .walkthrough-state').textContent(),
    ).toContain('FAILED');
    await page.locator('.try-it-scenario select').selectOption('happy');
    await page.locator('.try-it-scenario[data-scenario="happy"]').waitFor({ timeout: pageWaitMs });
    await page.close();
  });

  it('sent nothing off 127.0.0.1, with no page or console error', () => {
    expectOnMachine(watched);
    expect(watched.urls.some((url) => url.startsWith(`${site.url}/audit-query-service/`))).toBe(true);
  });
});

describe('Try it against the local mock process', () => {
  let mock: MockServer;
  let docs: DocsServer;
  let context: BrowserContext;
  let watched: Watched;
  beforeAll(async () => {
    mock = await createMockServer({ seed: 3 });
    // The docs server's config.json names the local mock, as `npm start` does.
    docs = await serveDocs({ port: 0, mockUrl: mock.url, root: SITE_DIR });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    watched = await watchRequests(context);
  });
  afterAll(async () => {
    await context?.close();
    await docs?.close();
    await mock?.close();
  });

  for (const api of spec.apis) {
    it(`sends every operation of ${api.id} to the mock process`, async () => {
      const page = await context.newPage();
      await openPanel(page, docs.url, api.id);
      await pickTarget(page, 'local');
      await page.locator('#try-it-panel .try-it-mint').click();
      await tryEveryOperation(page, api.id);
      await page.close();
    });
  }

  it('sends a picked scenario with each request when the mock refuses control requests from the page', async () => {
    const page = await context.newPage();
    await openPanel(page, docs.url, 'audit-query');
    await pickTarget(page, 'local');
    await page.locator('#try-it-panel .try-it-mint').click();
    const scenario = page.locator('#try-it-panel .try-it-scenario');
    await scenario.locator('select:not([disabled])').waitFor({ timeout: pageWaitMs });
    await scenario.locator('select').selectOption('forbidden');
    await page.locator('#try-it-panel .try-it-scenario[data-scenario="forbidden"]').waitFor({ timeout: pageWaitMs });
    expect(await scenario.textContent()).toContain('x-mock-scenario');
    const refused = await sendOperation(page, 'createExportJob');
    expect(refused.status).toBe(403);
    expectConforming('audit-query', 'createExportJob', refused);
    await page.close();
  });

  it('went to the mock process only', () => {
    expectOnMachine(watched);
    expect(watched.urls.some((url) => url.startsWith(`${mock.url}/audit-query-service/`))).toBe(true);
    // The panel opens on the in-page mock (and reads its scenarios); no API call went there.
    const apiPaths = ['/audit-query-service/', '/crm/', '/audit?'];
    expect(
      watched.urls.filter((url) => url.startsWith(docs.url) && apiPaths.some((path) => url.includes(path))),
    ).toEqual([]);
  });
});

describe('Try it against a server that refuses CORS', () => {
  let refusing: Server;
  let refusingUrl: string;
  const received: string[] = [];
  beforeAll(async () => {
    // Answers everything, preflights included, without a single Access-Control header.
    refusing = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"PENDING"}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));

  it('says the server refused this page by CORS and what to do, and the panel goes on working', async () => {
    const context = await browser.newContext();
    const watched = await watchRequests(context);
    const page = await context.newPage();
    await openPanel(page, site.url, 'audit-query');
    await pickTarget(page, 'custom', `${refusingUrl}/audit-query-service`);
    await page.locator('#try-it-panel input[type="password"]').first().fill('reader-own-token-123456');
    const refused = await sendOperation(page, 'createExportJob');
    expect(refused.errorCode).toBe('CORS_REFUSED');
    expect(refused.text).toContain(refusingUrl);
    expect(refused.text).toMatch(/Access-Control-Allow-Origin/);
    // The reader's token went nowhere but in the (refused) request's headers: never in a URL.
    expect(received.some((line) => line.includes('reader-own-token'))).toBe(false);
    // Still usable: back to the in-page mock, the same operation answers.
    await pickTarget(page, 'page');
    await page.locator('#try-it-panel .try-it-mint').click();
    const answered = await sendOperation(page, 'createExportJob');
    expect(answered.conforms).toBe(true);
    expect(
      watched.problems.filter(
        (line) => !line.includes('CORS') && !line.includes('Failed to load resource') && !line.includes(refusingUrl),
      ),
    ).toEqual([]);
    expect(watched.offMachine).toEqual([]);
    await context.close();
  });
});
