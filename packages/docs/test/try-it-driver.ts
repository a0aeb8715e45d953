// What the Try it browser tests share: the built site served as plain files, a spec check of
// answers made in Node (independent of the validators the page carries), and the panel's moves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationById, resolveRef, type SpecNode } from '@audit-export/spec';
import { pageWaitMs } from '@audit-export/testkit';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { BrowserContext, Page } from 'playwright-core';
import sirv from 'sirv';
import { expect } from 'vitest';
import { isLoopbackHost } from './browser.js';
import { spec } from './spec-dist.js';

/** A static file server: no config.json, no mock, nothing but the files (as any web host serves a site). */
export async function servePlainFiles(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const files = sirv(dir, { dev: true });
  const server: Server = createServer((request, response) =>
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What a context did: every request URL, those that tried to leave 127.0.0.1, page errors and console errors. */
export interface Watched {
  urls: string[];
  offMachine: string[];
  problems: string[];
}

/** Records every request of the context's pages and workers; one leaving 127.0.0.1 is blocked and kept. */
export async function watchRequests(context: BrowserContext): Promise<Watched> {
  const seen: Watched = { urls: [], offMachine: [], problems: [] };
  context.on('request', (request) => seen.urls.push(request.url()));
  context.on('page', (page) => {
    page.on('pageerror', (error) => seen.problems.push(`pageerror ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') seen.problems.push(`console ${message.text()}`);
    });
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !isLoopbackHost(url.hostname)) {
      seen.offMachine.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return seen;
}

const validators = new Map<string, ValidateFunction>();

/** The bundled document of an API, as the spec package's reader walks it. */
export function specDocument(apiId: string): SpecNode {
  const document = spec.apis.find((candidate) => candidate.id === apiId)?.document;
  if (!document) throw new Error(`spec/dist has no ${apiId}`);
  return document as unknown as SpecNode;
}

/** A declared response of an operation (its `$ref` followed). */
export function response(apiId: string, operationId: string, status: number | string): SpecNode | undefined {
  const document = specDocument(apiId);
  const raw = operationById(document, operationId).operation.responses?.[String(status)];
  return raw === undefined ? undefined : resolveRef(document, raw);
}

/** The media types an operation's 200 answer may come in. */
export function successTypes(apiId: string, operationId: string): string[] {
  return Object.keys(response(apiId, operationId, 200)?.content ?? {});
}

/** Checks a JSON value against a response schema of the bundled document, compiled here from spec/dist. */
export function expectMatchesSpec(
  apiId: string,
  operationId: string,
  status: number,
  type: string,
  value: unknown,
): void {
  const key = `${apiId} ${operationId} ${status} ${type}`;
  let validate = validators.get(key);
  if (!validate) {
    const document = specDocument(apiId);
    const media = response(apiId, operationId, status)?.content?.[type] as SpecNode;
    const schema = type === 'application/jsonl' ? media['x-jsonl-item-schema'] : media.schema;
    const ajv = new Ajv2020({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
    ajv.addSchema({ $id: 'https://spec.invalid/doc', components: document.components });
    const local = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"https://spec.invalid/doc#/components/'),
    );
    validate = ajv.compile(local);
    validators.set(key, validate);
  }
  expect(validate(value), `${key}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

/** What the panel shows of its last answer. */
export interface ShownAnswer {
  status: number;
  conforms: boolean;
  contentType: string;
  body: string;
  lines: number | undefined;
  errorCode: string | undefined;
  text: string;
}

/** Reads the panel's (or a walkthrough's) answer area once it has settled. */
export async function readShownAnswer(page: Page, selector = '#try-it-panel .try-it-answer'): Promise<ShownAnswer> {
  const area = page.locator(selector);
  await page.waitForFunction(
    (css) => ['done', 'error'].includes(document.querySelector<HTMLElement>(css)?.dataset.status ?? ''),
    selector,
    { timeout: pageWaitMs },
  );
  const data = await area.evaluate((element: HTMLElement) => ({ ...element.dataset }));
  const body =
    (await area.locator('.try-it-body').count()) > 0 ? ((await area.locator('.try-it-body').textContent()) ?? '') : '';
  const lines =
    (await area.locator('.try-it-lines').count()) > 0
      ? await area.locator('.try-it-lines').getAttribute('data-lines')
      : null;
  const status =
    (await area.locator('.try-it-status').count()) > 0
      ? ((await area.locator('.try-it-status').textContent()) ?? '')
      : '';
  return {
    status: Number(data.httpStatus ?? 0),
    conforms: data.conforms === 'true',
    contentType: /·\s*(\S+)/.exec(status)?.[1] ?? '',
    body,
    lines: lines === null ? undefined : Number(lines),
    errorCode: data.errorCode,
    text: (await area.textContent()) ?? '',
  };
}

/** Opens the panel on an API page (the header button) and waits for its form. */
export async function openPanel(page: Page, siteUrl: string, apiId: string): Promise<void> {
  await page.goto(`${siteUrl}/api/${apiId}.html`, { waitUntil: 'load', timeout: pageWaitMs });
  await page.locator('.try-it-toggle').click({ timeout: pageWaitMs });
  await page.locator('#try-it-panel .try-it-form').waitFor({ timeout: pageWaitMs });
}

/** Picks a target in the panel's picker. */
export async function pickTarget(page: Page, kind: 'page' | 'local' | 'custom', url = ''): Promise<void> {
  await page.locator(`#try-it-panel input[type="radio"][value="${kind}"]`).check();
  if (kind === 'custom') await page.locator('#try-it-panel input[type="url"]').fill(url);
}

/** Selects an operation, sends it and returns what the panel shows. */
export async function sendOperation(page: Page, operationId: string, accept?: string): Promise<ShownAnswer> {
  await page.locator('#try-it-operation').selectOption(operationId);
  if (accept) await page.locator('#try-it-panel select[data-field="accept"]').selectOption(accept);
  await page.locator('#try-it-panel .try-it-answer').evaluate((element: HTMLElement) => {
    element.dataset.status = 'idle';
  });
  await page.locator('#try-it-panel .try-it-send').click();
  return readShownAnswer(page);
}
