import { fileURLToPath } from 'node:url';
import {
  bundleForBrowser,
  chromiumInstallTimeoutMs,
  ensureChromium,
  launchChromium,
  type PageServer,
  pageWaitMs,
  readPageResult,
  servePages,
} from '@audit-export/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A browser hides where a manual redirect leads (`opaqueredirect`), so the client cannot scope the
// credentials itself there: it refuses when a credential other than Authorization would go along.
const JOB = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';
const ZOHO_JOB = '2276164000001008007';
const STATUS = `/api/v2/export/status/${JOB}`;
const ZOHO_STATUS = `/api/crm/v7/settings/audit_log_export/${ZOHO_JOB}`;

let server: PageServer | undefined;
let browser: Browser;

beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  const page = await bundleForBrowser(fileURLToPath(new URL('./fixtures/browser-redirects.js', import.meta.url)));
  server = await servePages({
    '/': ['text/html', '<!doctype html><title>redirects</title><script type="module" src="/page.js"></script>'],
    '/page.js': ['text/javascript', page],
    [STATUS]: { redirect: `/moved${STATUS}` },
    [`/moved${STATUS}`]: ['application/json', JSON.stringify({ jobId: JOB, status: 'PENDING' })],
    [ZOHO_STATUS]: { redirect: `/moved${ZOHO_STATUS}` },
    [`/moved${ZOHO_STATUS}`]: [
      'application/json',
      JSON.stringify({ audit_log_export: [{ id: ZOHO_JOB, status: 'scheduled' }] }),
    ],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Outcome {
  value?: { status?: string; id?: string };
  code?: string;
  name?: string;
  message?: string;
}

describe('redirects in headless Chromium', () => {
  it(
    'refuses one for the audit query client (api_token), and lets the browser follow one for Zoho (Authorization only)',
    async () => {
      const { result, errors } = await readPageResult<{ auditQuery: Outcome; zoho: Outcome; error?: string }>(
        browser,
        `${server?.origin}/`,
        'redirectResult',
      );
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.auditQuery).toMatchObject({ name: 'UnexpectedResponseError', code: 'REDIRECT_REFUSED' });
      expect(result.auditQuery.message).toContain('api_token');
      expect(server?.requested.filter((path) => path.endsWith(STATUS))).toEqual([STATUS]);
      expect(result.zoho.value).toMatchObject({ id: ZOHO_JOB, status: 'scheduled' });
      expect(server?.requested).toContain(`/moved${ZOHO_STATUS}`);
    },
    2 * pageWaitMs,
  );
});
