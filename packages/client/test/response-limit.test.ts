import type { ServerResponse } from 'node:http';
import { mintZohoToken } from '@audit-export/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditQueryClient } from '../src/audit-query.js';
import { createAuditResourceClient } from '../src/audit-resource.js';
import { UnexpectedResponseError } from '../src/core/errors.js';
import { createZohoClient, criteria } from '../src/zoho.js';
import { collect, createMockHost, NOW, PERIOD, startMock } from './helpers/mock.js';
import { fakeClock, startServer } from './helpers/server.js';

// Every answer that is not a streamed download is read whole (JSON, XML, an error body): a server that
// never stops sending must cost at most `maxResponseBytes`, then the call fails with a typed error.

const JOB = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';
const LIMIT = 1024 * 1024;
const auth = { accessToken: 'access-secret-123', apiToken: 'eyJ.jwt-secret-456.sig' };
const options = { rateLimit: false, retry: false, clock: fakeClock(), maxResponseBytes: LIMIT } as const;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Writes `[` and then JSON-looking bytes until the client hangs up; returns how many it wrote. */
function endless(res: ServerResponse, status: number, contentType: string): Promise<number> {
  const chunk = Buffer.from(`{"jobId":"${JOB}","status":"PENDING"},`.repeat(1_000));
  let written = 0;
  res.writeHead(status, { 'content-type': contentType });
  res.write('[');
  return new Promise((resolve) => {
    res.on('close', () => resolve(written));
    const pump = () => {
      while (!res.destroyed && written < 1024 * LIMIT) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
}

async function answeringEndlessly(status: number, contentType = 'application/json') {
  let wrote: Promise<number> = Promise.resolve(0);
  const server = await startServer((_req, res) => {
    wrote = endless(res, status, contentType);
  });
  close = server.close;
  return { url: server.url, wrote: () => wrote };
}

const tooLarge = { code: 'RESPONSE_TOO_LARGE', name: 'UnexpectedResponseError' };

describe('maxResponseBytes', () => {
  it.each([
    [200, 'a status answer that never ends'],
    [500, 'an error body that never ends'],
  ])('stops reading %s (%s) past the limit, with RESPONSE_TOO_LARGE, and hangs up', async (status) => {
    const server = await answeringEndlessly(status);
    const client = createAuditQueryClient({ baseUrl: server.url, auth, ...options });
    const error = await client.getJob(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ ...tooLarge, status, method: 'GET', path: `/v2/export/status/${JOB}` });
    // The connection is closed soon after the limit: what the server managed to write stays small.
    expect(await server.wrote()).toBeLessThan(64 * LIMIT);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses maxResponseBytes %s when the client is made',
    (bad) => {
      expect(() => createAuditQueryClient({ baseUrl: 'https://audit.example', auth, maxResponseBytes: bad })).toThrow(
        /maxResponseBytes must be a positive number/,
      );
    },
  );

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * LIMIT) });
      res.write('{');
    });
    close = server.close;
    const client = createAuditQueryClient({ baseUrl: server.url, auth, ...options });
    await expect(client.getJob(JOB)).rejects.toMatchObject(tooLarge);
  });

  it('holds for the audit resource, JSON and XML', async () => {
    const json = await answeringEndlessly(200);
    const client = createAuditResourceClient({
      baseUrl: json.url,
      auth: { username: 'john', password: 'pw' },
      ...options,
    });
    await expect(client.listAudits()).rejects.toMatchObject(tooLarge);
    await close?.();
    const xml = await answeringEndlessly(200, 'application/xml');
    const xmlClient = createAuditResourceClient({
      baseUrl: xml.url,
      auth: { username: 'john', password: 'pw' },
      ...options,
    });
    await expect(xmlClient.listAuditsXml()).rejects.toMatchObject(tooLarge);
  });

  it('leaves the streamed downloads to their own limits: a result far larger than it arrives whole', async () => {
    const { mock, client } = await startMock({}, { maxResponseBytes: 4096 });
    close = mock.close;
    let bytes = 0;
    let jobId = '';
    const events = await collect(
      client.exportEvents({
        ...PERIOD,
        onProgress: (progress) => {
          bytes = progress.bytes;
          jobId = progress.jobId;
        },
      }),
    );
    expect(bytes).toBeGreaterThan(100 * 4096);
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
  });

  it('leaves Zoho files to their own limits too', async () => {
    const mock = await createMockHost({ seed: 3, config: { now: NOW, zoho: { scheduledMs: 20, progressMs: 40 } } });
    close = mock.close;
    const client = createZohoClient({
      baseUrl: mock.url,
      auth: { accessToken: mintZohoToken() },
      polling: { minDelayMs: 10, maxDelayMs: 40 },
      maxResponseBytes: 16 * 1024,
    });
    let jobId = '';
    const entries = await collect(
      client.exportEntries({
        criteria: criteria.auditedTimeBetween('2024-09-01T00:00:00+05:30', '2024-09-08T00:00:00+05:30'),
        onProgress: (progress) => {
          jobId = progress.jobId;
        },
      }),
    );
    expect(entries.length).toBeGreaterThan(1000);
    expect(entries).toHaveLength(mock.expectedZohoEntries(jobId).length);
  });
});
