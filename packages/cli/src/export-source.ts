/**
 * The one place the CLI meets @audit-export/client's export workflow: a window in, batches of items out, and a
 * resume point (plain JSON) valid between any two batches, which a checkpoint stores and a later process passes back.
 * The client does the hard parts: complete windows past the server's result limit (parts from the latest instant,
 * its boundary de-duplicated), and sealed resume points (`ExportRun.resumePoint()`), which it refuses when altered.
 */
import {
  type AuditQueryCredentials,
  createAuditQueryClient,
  InvalidArgumentError,
  type ResumePoint,
  type RetryEvent,
} from '@audit-export/client/audit-query';
import { createZohoClient, type ZohoCredentials } from '@audit-export/client/zoho';
import type { ApiName, ExportItem } from './apis.js';
import type { CredentialsOption } from './credentials.js';
import { UsageError } from './errors.js';
import { type AuditQueryFilters, type ZohoFilters, zohoCriteria } from './filters.js';
import { scrub } from './secrets.js';
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
  /** Zoho: entries one export holds at most (default: the spec's x-max-entries). */
  resultLimit?: number | undefined;
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

/** Opens an export of one window. */
export function openExport(request: SourceRequest): ExportSource {
  const run = request.api === 'audit-query' ? auditQueryRun(request) : zohoRun(request);
  return {
    resumePoint: () => run.resumePoint() ?? null,
    batches: () => refusingForeignPoints(run.batches, request.resumeFrom !== undefined && request.resumeFrom !== null),
  };
}

/** A client export: its items in batches, and its resume point. */
interface Run {
  batches: AsyncIterable<ExportItem[]>;
  resumePoint(): ResumePoint | undefined;
}

/** Polling for a status: from the flag, backing off to 4x it (at most 30 s). */
function pollingOf(request: SourceRequest) {
  return {
    minDelayMs: request.pollIntervalMs,
    maxDelayMs: Math.min(Math.max(request.pollIntervalMs * 4, 1_000), 30_000),
  };
}

/** Reports the client's progress with the window's own count (earlier runs included). */
function progressReporter(request: SourceRequest) {
  const base = request.delivered ?? 0;
  return (
    progress: { status: string; jobId: string; part: number; bytes: number; reached?: string | undefined },
    delivered: number,
  ) =>
    request.onProgress({
      state: progress.status,
      jobId: progress.jobId,
      part: progress.part,
      bytes: progress.bytes,
      items: base + delivered,
      reachedMs: progress.reached === undefined ? undefined : Date.parse(progress.reached),
    });
}

function auditQueryRun(request: SourceRequest): Run {
  const client = createAuditQueryClient({
    baseUrl: request.baseUrl,
    auth: request.auth as AuditQueryCredentials | (() => Promise<AuditQueryCredentials>),
    fetch: request.fetch,
    rateLimit: request.rateLimit,
    onRetry: request.onRetry,
  });
  const report = progressReporter(request);
  let delivered = 0;
  const run = client.exportEventBatches({
    ...(request.filters as AuditQueryFilters),
    startTime: isoOf(request.window.startMs),
    endTime: isoOf(request.window.endMs),
    ...(request.resumeFrom ? { resumeFrom: request.resumeFrom as ResumePoint } : {}),
    signal: request.signal,
    // A resumed run continues the same job, so an interrupted run leaves it alone.
    cancelJobOnAbort: false,
    resumeFailed: 2,
    polling: pollingOf(request),
    onProgress: (progress) => report(progress, delivered),
  });
  async function* counted(): AsyncGenerator<ExportItem[], void, undefined> {
    for await (const batch of run) {
      delivered += batch.length;
      yield batch;
    }
  }
  return { batches: counted(), resumePoint: () => run.resumePoint() };
}

function zohoRun(request: SourceRequest): Run {
  const client = createZohoClient({
    baseUrl: request.baseUrl,
    auth: request.auth as ZohoCredentials | (() => Promise<ZohoCredentials>),
    fetch: request.fetch,
    rateLimit: request.rateLimit,
    onRetry: request.onRetry,
    downloadOrigins: [new URL(request.baseUrl).origin],
  });
  const report = progressReporter(request);
  let delivered = 0;
  const run = client.exportEntries({
    // Zoho ranges are whole seconds, both ends included: [start, end) is [start, end - 1 s].
    criteria: zohoCriteria(request.filters as ZohoFilters, request.window.startMs, request.window.endMs - 1_000),
    ...(request.resumeFrom ? { resumeFrom: request.resumeFrom as ResumePoint } : {}),
    signal: request.signal,
    polling: pollingOf(request),
    ...(request.resultLimit === undefined ? {} : { resultLimit: request.resultLimit }),
    onProgress: (progress) => report(progress, delivered),
  });
  async function* batched(): AsyncGenerator<ExportItem[], void, undefined> {
    let batch: ExportItem[] = [];
    for await (const entry of run) {
      batch.push(entry);
      if (batch.length >= ZOHO_BATCH) {
        delivered += batch.length;
        yield batch;
        batch = [];
      }
    }
    delivered += batch.length;
    if (batch.length > 0) yield batch;
  }
  // The run's point is after the last entry taken from it: the end of the batch just handed out.
  return { batches: batched(), resumePoint: () => run.resumePoint() };
}

/** Entries per batch handed to the writer (Zoho's client yields one entry at a time). */
const ZOHO_BATCH = 1000;

/** A saved resume point the client refuses (altered, another job or filters, an older client's) is a bad checkpoint. */
async function* refusingForeignPoints(
  batches: AsyncIterable<ExportItem[]>,
  resumed: boolean,
): AsyncGenerator<ExportItem[], void, undefined> {
  try {
    yield* batches;
  } catch (error) {
    if (resumed && error instanceof InvalidArgumentError && /resumeFrom|resume point/i.test(error.message)) {
      throw new UsageError(
        `The saved resume point cannot continue this export (${scrub(error.message)}): delete the checkpoint (or state) and the output it belongs to, to start over.`,
        { code: 'RESUME_POINT_INVALID', cause: error },
      );
    }
    throw error;
  }
}
