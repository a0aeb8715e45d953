/**
 * The one place the CLI meets @audit-export/client's export workflow: a window in, batches of items out, and a
 * resume point (plain JSON) valid between any two batches, which a checkpoint stores and a later process passes back.
 *
 * Today's client gives a resume point only inside an ExportIncompleteError and stops at the server's result limit,
 * so this adapter continues by time: a part ends when a job's result reaches its limit (`params.limit`), and the
 * next part — or a resumed run — asks for the window from the latest delivered instant, dropping the items of that
 * instant it already delivered (by key, counted, so identical Zoho rows survive). That needs results in time order,
 * which both vendors' results are (decision D16: the earliest first); an out-of-order item stops the export rather
 * than risk a gap. When the client's complete windows and sealed resume points land, this module switches to them.
 */
import {
  type AuditEvent,
  BadRequestError,
  createAuditQueryClient,
  type RetryEvent,
} from '@audit-export/client/audit-query';
import { createZohoClient, zohoStatus } from '@audit-export/client/zoho';
import { type ApiName, type ExportItem, ITEM_KINDS } from './apis.js';
import type { CredentialsOption } from './credentials.js';
import { FailedError, UsageError } from './errors.js';
import { type AuditQueryFilters, type ZohoFilters, zohoCriteria } from './filters.js';
import { defaultResultLimit } from './spec-facts.js';
import { isoOf } from './times.js';

/** A half-open window `[startMs, endMs)`. */
export interface Window {
  startMs: number;
  endMs: number;
}

/** What an export reports as it goes. */
export interface SourceProgress {
  /** The job's state as the API names it (PENDING, PROCESSING, COMPLETED; scheduled, progress, finished). */
  state: string;
  jobId: string;
  /** 1-based job number within the window. */
  part: number;
  /** Items delivered in this window so far (all parts, all runs). */
  items: number;
  /** Bytes of the current download attempt. */
  bytes: number;
  /** The latest item time delivered (epoch ms), for ETAs. */
  reachedMs: number | undefined;
}

/** Everything an export needs. */
export interface SourceRequest {
  api: ApiName;
  baseUrl: string;
  auth: CredentialsOption;
  filters: AuditQueryFilters | ZohoFilters;
  window: Window;
  /** A resume point from an earlier run of the same window and filters. */
  resumeFrom?: unknown;
  /** Items already delivered in this window by earlier runs (for the progress count). */
  delivered?: number;
  signal: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
  rateLimit: { requestsPerWindow: number; windowMs: number } | false;
  pollIntervalMs: number;
  onProgress(progress: SourceProgress): void;
  onRetry(event: RetryEvent): void;
}

/** A running export of one window. */
export interface ExportSource {
  /** The items, in batches, each delivered once. */
  batches(): AsyncIterable<ExportItem[]>;
  /** Where to continue after everything yielded so far (plain JSON). */
  resumePoint(): unknown;
}

/** This adapter's resume point: the part to continue with, from which instant, and the keys delivered at it. */
interface TimeResumePoint {
  kind: 'by-time';
  part: number;
  fromMs: number;
  boundary: { atMs: number; keys: string[] } | null;
}

/** Opens an export of one window. */
export function openExport(request: SourceRequest): ExportSource {
  const start = checkedResume(request.resumeFrom, request.window);
  let point: TimeResumePoint = start;
  return {
    resumePoint: () => point,
    batches: () =>
      continueByTime(request, start, (next) => {
        point = next;
      }),
  };
}

/** One job's worth of a window: its items in batches, then the job's result limit. */
interface Part {
  batches: AsyncIterable<ExportItem[]>;
  /** After the batches: how many items the job may hold at most (Infinity when the API states no limit). */
  limit(): Promise<number>;
}

async function* continueByTime(
  request: SourceRequest,
  start: TimeResumePoint,
  setPoint: (point: TimeResumePoint) => void,
): AsyncGenerator<ExportItem[], void, undefined> {
  const kind = ITEM_KINDS[request.api];
  const openPart = request.api === 'audit-query' ? auditQueryParts(request) : zohoParts(request);
  let { part, fromMs, boundary } = start;
  let delivered = request.delivered ?? 0;
  let reachedMs = boundary?.atMs;
  for (;;) {
    // Keys at the boundary instant already delivered: each drops one matching item of this part.
    const pending = new Map<string, number>();
    for (const key of boundary?.keys ?? []) pending.set(key, (pending.get(key) ?? 0) + 1);
    let atMs = boundary?.atMs ?? Number.NEGATIVE_INFINITY;
    let atKeys = [...(boundary?.keys ?? [])];
    let received = 0;
    let fresh = 0;
    const current = openPart(fromMs, part, () => ({ items: delivered, reachedMs }));
    for await (const batch of current.batches) {
      received += batch.length;
      const out: ExportItem[] = [];
      for (const item of batch) {
        const ms = kind.timeOf(item);
        const key = kind.keyOf(item);
        if (ms === boundary?.atMs && (pending.get(key) ?? 0) > 0) {
          pending.set(key, (pending.get(key) ?? 0) - 1);
          continue;
        }
        if (!(ms >= atMs) || ms < fromMs || ms >= request.window.endMs) {
          throw new FailedError(
            `The server's result is not in time order within the window (an item at ${Number.isNaN(ms) ? 'an unreadable time' : isoOf(ms)} after ${isoOf(Math.max(atMs, fromMs))}), so this export cannot continue it without risking a gap.`,
            { code: 'RESULT_NOT_ORDERED' },
          );
        }
        if (ms > atMs) {
          atMs = ms;
          atKeys = [];
        }
        atKeys.push(key);
        out.push(item);
      }
      if (out.length === 0) continue;
      fresh += out.length;
      delivered += out.length;
      reachedMs = atMs;
      setPoint({ kind: 'by-time', part: part + 1, fromMs: atMs, boundary: { atMs, keys: atKeys } });
      yield out;
    }
    const limit = await current.limit();
    if (received < limit) return;
    if (fresh === 0) {
      throw new FailedError(
        `${limit} or more items share the instant ${isoOf(fromMs)}: no window can split them under the server's result limit of ${limit}.`,
        { code: 'RESULT_LIMIT_REACHED' },
      );
    }
    part++;
    fromMs = atMs;
    boundary = { atMs, keys: atKeys };
  }
}

type PartOpener = (fromMs: number, part: number, seen: () => { items: number; reachedMs: number | undefined }) => Part;

function auditQueryParts(request: SourceRequest): PartOpener {
  const client = createAuditQueryClient({
    baseUrl: request.baseUrl,
    auth: request.auth as never,
    fetch: request.fetch,
    rateLimit: request.rateLimit,
    onRetry: request.onRetry,
    polling: { minDelayMs: request.pollIntervalMs, maxDelayMs: Math.max(request.pollIntervalMs, 30_000) },
  });
  const filters = request.filters as AuditQueryFilters;
  return (fromMs, part, seen) => {
    let jobId = '';
    const batches = client.exportEventBatches({
      ...filters,
      startTime: isoOf(fromMs),
      endTime: isoOf(request.window.endMs),
      signal: request.signal,
      // This adapter never returns to a job, so one left behind by Ctrl+C is cancelled.
      cancelJobOnAbort: true,
      resumeFailed: 2,
      polling: { minDelayMs: request.pollIntervalMs, maxDelayMs: Math.max(request.pollIntervalMs * 4, 1_000) },
      onProgress: (progress) => {
        jobId = progress.jobId;
        request.onProgress({ state: progress.status, jobId, part, bytes: progress.bytes, ...seen() });
      },
    }) as AsyncIterable<AuditEvent[]>;
    return {
      batches,
      async limit() {
        const job = await client.getJob(jobId, { signal: request.signal });
        return resultLimitOf(job.params);
      },
    };
  };
}

/** `params.limit` of a job (a JSON document in a string), or the spec's default. */
function resultLimitOf(params: unknown): number {
  try {
    const limit = (typeof params === 'string' ? JSON.parse(params) : params)?.limit;
    if (Number.isSafeInteger(limit) && limit > 0) return limit;
  } catch {
    // An unreadable params string: the spec's default applies.
  }
  return defaultResultLimit();
}

function zohoParts(request: SourceRequest): PartOpener {
  const client = createZohoClient({
    baseUrl: request.baseUrl,
    auth: request.auth as never,
    fetch: request.fetch,
    rateLimit: request.rateLimit,
    onRetry: request.onRetry,
    downloadOrigins: [new URL(request.baseUrl).origin],
    polling: { minDelayMs: request.pollIntervalMs, maxDelayMs: Math.max(request.pollIntervalMs * 4, 1_000) },
  });
  const filters = request.filters as ZohoFilters;
  return (fromMs, part, seen) => {
    // Zoho ranges are whole seconds, both ends included: [from, end) is [from, end - 1 s].
    const criteria = zohoCriteria(filters, fromMs, request.window.endMs - 1_000);
    async function* batches(): AsyncGenerator<ExportItem[], void, undefined> {
      const jobId = await createOrAttach(client, criteria, request.signal);
      const entries = client.exportEntries({
        jobId,
        signal: request.signal,
        onProgress: (progress) =>
          request.onProgress({ state: progress.status, jobId, part, bytes: progress.bytes, ...seen() }),
      });
      let batch: ExportItem[] = [];
      for await (const entry of entries) {
        batch.push(entry);
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    // Zoho's 1,000,000-entry cap is stated only in prose; the client's complete windows will split by it.
    return { batches: batches(), limit: async () => Number.POSITIVE_INFINITY };
  };
}

/** Creates the Zoho job, or attaches to the same user's identical one still running (Zoho refuses a second). */
async function createOrAttach(
  client: ReturnType<typeof createZohoClient>,
  criteria: ReturnType<typeof zohoCriteria>,
  signal: AbortSignal,
): Promise<string> {
  try {
    return await client.createExport(criteria, { signal });
  } catch (error) {
    if (!(error instanceof BadRequestError) || error.apiCode !== 'ALREADY_SCHEDULED') throw error;
    const same = JSON.stringify(criteria);
    const jobs = await client.listJobs({ signal });
    const running = jobs.find(
      (job) => JSON.stringify(job.criteria ?? null) === same && ['scheduled', 'progress'].includes(zohoStatus(job)),
    );
    if (!running?.id) throw error;
    return String(running.id);
  }
}

/** The resume point of an earlier run, checked against the window; the window's start without one. */
function checkedResume(value: unknown, window: Window): TimeResumePoint {
  if (value === undefined || value === null)
    return { kind: 'by-time', part: 1, fromMs: window.startMs, boundary: null };
  const point = value as TimeResumePoint;
  const boundaryOk =
    point.boundary === null ||
    (typeof point.boundary === 'object' &&
      point.boundary.atMs === point.fromMs &&
      Array.isArray(point.boundary.keys) &&
      point.boundary.keys.every((key) => typeof key === 'string'));
  const ok =
    point?.kind === 'by-time' &&
    Number.isSafeInteger(point.part) &&
    point.part >= 1 &&
    Number.isSafeInteger(point.fromMs) &&
    point.fromMs >= window.startMs &&
    point.fromMs <= window.endMs &&
    boundaryOk;
  if (!ok) {
    throw new UsageError(
      'The saved resume point is damaged or was not written by this version of audit-export for this window: delete the checkpoint (or state) and the output it belongs to, to start over.',
      { code: 'RESUME_POINT_INVALID' },
    );
  }
  return point;
}
