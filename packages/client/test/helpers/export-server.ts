import type { ServerResponse } from 'node:http';
import { type AuditEvent, createMockServer, generateEvents, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { createAuditQueryClient } from '../../src/audit-query.js';
import type { Clock } from '../../src/core/clock.js';
import { createZohoClient, criteria } from '../../src/zoho.js';
import { collect, NOW, PERIOD } from './mock.js';
import { startServer } from './server.js';

/** The job every scripted export server serves. */
export const JOB_ID = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';

/** `count` real events from the mock's generator. */
export function sampleEvents(count: number): AuditEvent[] {
  return [
    ...generateEvents({
      seed: 7,
      tenantId: PERIOD.tenantId,
      startMs: Date.parse(PERIOD.startTime),
      endMs: Date.parse(PERIOD.endTime),
      nowMs: Date.parse(NOW),
      retentionDays: 120,
      eventsPerHour: Math.max(30, count),
      limit: count,
    }),
  ];
}

/** JSON Lines of events. */
export const jsonl = (events: readonly AuditEvent[]) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

/** A real Zoho CSV file (the mock's header and rows) as its header line and its row lines. */
export async function sampleCsv(): Promise<{ header: string; rows: string[] }> {
  const mock = await createMockServer({
    seed: 3,
    config: { now: NOW, zoho: { scheduledMs: 1, progressMs: 1, entriesPerHour: 40 } },
  });
  try {
    const token = mintZohoToken();
    const client = createZohoClient({ baseUrl: mock.url, auth: { accessToken: token } });
    const job = await client.createExport(criteria.auditedTimeBetween('2024-09-01T00:00:00Z', '2024-09-02T00:00:00Z'));
    const link = (await client.waitForJob(job, { polling: { minDelayMs: 5, maxDelayMs: 10 } })).download_links?.[0];
    const response = await fetch(link ?? '', { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
    const lines = (await response.text()).split('\r\n').filter((line) => line !== '');
    return { header: `${lines[0]}\r\n`, rows: lines.slice(1, 301).map((line) => `${line}\r\n`) };
  } finally {
    await mock.close();
  }
}

/** What one download attempt serves: the body, and optionally a byte offset where the connection is cut. */
export interface Served {
  body: string;
  cutAt?: number | undefined;
  /** Bytes per write (default 2048); every write waits a macrotask, so the body arrives in many chunks. */
  chunkBytes?: number | undefined;
}

/** One download the server answered: `complete` once its last byte was written, `closed` when the socket closed. */
export interface ServedDownload {
  file: number;
  complete: boolean;
  closed: Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving one COMPLETED job to both APIs: the audit query status and result,
 * and a finished Zoho job with `files` CSV download links. `serve(file, attempt)` scripts each download.
 */
export async function startExportServer(serve: (file: number, attempt: number) => Served, files = 1) {
  const attempts = new Array<number>(files).fill(0);
  const downloads: ServedDownload[] = [];
  let url = '';
  const server = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === `/v2/export/status/${JOB_ID}`) {
      const createdAt = '2024-10-01T00:00:00.000000Z';
      json(res, { id: 1, jobId: JOB_ID, params: '{}', status: 'COMPLETED', createdAt, completedAt: createdAt });
    } else if (path === `/v2/export/result/${JOB_ID}`) {
      send(res, 0, 'application/jsonl');
    } else if (path === `/crm/v7/settings/audit_log_export/${JOB_ID}`) {
      const links = attempts.map((_, i) => `${url}/v2/crm/org1/auditlog/${JOB_ID}/AuditLog_00${i + 1}.csv`);
      json(res, { audit_log_export: [{ id: JOB_ID, status: 'finished', download_links: links }] });
    } else {
      const file = /AuditLog_00(\d)\.csv$/.exec(path);
      if (file) send(res, Number(file[1]) - 1, 'text/csv');
      else json(res, { message: 'not found' }, 404);
    }
  });
  url = server.url;

  function send(res: ServerResponse, file: number, type: string) {
    const attempt = attempts[file] ?? 0;
    attempts[file] = attempt + 1;
    const served = serve(file, attempt);
    const bytes = Buffer.from(served.body);
    const end = served.cutAt ?? bytes.length;
    const step = served.chunkBytes ?? 2048;
    const download: ServedDownload = {
      file,
      complete: false,
      closed: new Promise((resolve) => res.on('close', () => resolve())),
    };
    downloads.push(download);
    res.writeHead(200, { 'content-type': type });
    void (async () => {
      for (let at = 0; at < end && !res.destroyed; at += step) {
        await new Promise<void>((resolve) => res.write(bytes.subarray(at, Math.min(end, at + step)), () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (res.destroyed) return;
      if (served.cutAt === undefined) {
        download.complete = true;
        res.end();
      } else res.destroy();
    })();
  }

  return { url, attempts, downloads, close: server.close };
}

function json(res: ServerResponse, body: unknown, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Clients of both APIs wired to a scripted export server (fast restarts: the tests' clock is real). */
export function clientsFor(url: string, fetch?: (request: Request) => Promise<Response>, clock?: Clock) {
  const credentials = mintDevToken({ tenant: PERIOD.tenantId, now: Date.parse(NOW) });
  const common = {
    rateLimit: false as const,
    polling: { minDelayMs: 5, maxDelayMs: 10 },
    ...(fetch ? { fetch } : {}),
    ...(clock ? { clock } : {}),
  };
  return {
    auditQuery: createAuditQueryClient({
      baseUrl: url,
      auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
      ...common,
    }),
    zoho: createZohoClient({ baseUrl: url, auth: { accessToken: mintZohoToken() }, ...common }),
  };
}

export { collect };
