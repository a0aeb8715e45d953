import { afterEach, describe, expect, it } from 'vitest';
import { UnexpectedResponseError } from '../src/core/errors.js';
import { createZohoClient } from '../src/zoho.js';
import { collect } from './helpers/mock.js';
import { fakeClock, json, startServer } from './helpers/server.js';

// `Finished` means the download links are ready: even an export with nothing in it has a header-only
// CSV. A finished job whose links are missing or unusable must fail loudly, not end as an empty export
// or as a download retried until it is "incomplete".

const JOB = '2276164000001008007';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('a finished Zoho job without usable download links', () => {
  it.each([
    ['missing', {}],
    ['null', { download_links: null }],
    ['empty', { download_links: [] }],
    ['a string, not a list', { download_links: 'https://download.zoho.com/v2/crm/1/auditlog/2/a.csv' }],
    ['a number in the list', { download_links: [123] }],
    ['not a URL', { download_links: ['AuditLog_001.csv'] }],
    ['not http(s)', { download_links: ['javascript:alert(1)'] }],
  ])('fails with BAD_RESPONSE when the links are %s, before any download', async (_case, links) => {
    const server = await startServer((_req, res) =>
      json(res, 200, { audit_log_export: [{ id: JOB, status: 'Finished', ...links }] }),
    );
    close = server.close;
    const client = createZohoClient({ baseUrl: server.url, auth: { accessToken: 'token' }, clock: fakeClock() });
    const error = await collect(client.exportEntries({ jobId: JOB })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', jobId: JOB });
    expect(server.requests.every((request) => request.url.includes('/settings/audit_log_export/'))).toBe(true);
  });
});
