import type { AuditEvent } from '@audit-export/events';
import createClient, { type Client } from 'openapi-fetch';
import { type CredentialsOption, credentialSource, requireToken } from '../core/auth.js';
import { type Clock, systemClock } from '../core/clock.js';
import {
  ExportJobCancelledError,
  ExportJobFailedError,
  NotFoundError,
  UnexpectedResponseError,
} from '../core/errors.js';
import type { ExportRun } from '../core/export-run.js';
import { followUp } from '../core/follow-up.js';
import { type PollingOptions, pollUntil } from '../core/poll.js';
import { createRedactor, scrubbedClient, scrubbedFetch } from '../core/redactor.js';
import { createTransport, type TransportOptions } from '../core/transport.js';
import { unwrap } from '../core/unwrap.js';
import { type paths, specValues } from '../generated/audit-query.gen.js';
import {
  type ExportEventBatchesOptions,
  type ExportEventsOptions,
  exportEventBatches,
  exportEvents,
} from './export-events.js';
import { toCreateQuery } from './filters.js';
import type { AuditQueryJobs, ExportJob, JobState } from './job-api.js';
import { streamResult, streamResultBatches } from './stream-result.js';

export type { AuditQueryJobs, CallOptions, ExportJob, ExportJobDetails, JobState, WaitOptions } from './job-api.js';

/** The two credentials every audit query call carries. */
export interface AuditQueryCredentials {
  /** OAuth access token, sent as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** OpenID id_token (a JWT with the `company` claim), sent as the `api_token` header. */
  apiToken: string;
}

/** Options of createAuditQueryClient. */
export interface AuditQueryClientOptions extends TransportOptions {
  /** Service root, e.g. `https://instance.apis.medallia.com/audit-query-service`. */
  baseUrl: string;
  /** The credentials, or a provider called per request (and with `forceRefresh` after a 401). */
  auth: CredentialsOption<AuditQueryCredentials>;
  /** Default status polling (min 1 s, max 30 s, 1 h overall). */
  polling?: PollingOptions;
}

// Typed against the spec's JobState enum: a renamed state fails the typecheck.
const FAILED: JobState = 'FAILED';
const CANCELLED: JobState = 'CANCELLED';
const knownStates: readonly string[] = specValues.enums.JobState;
// Where a follow-up leaves a job: the spec's x-transitions of resumeExportJob and cancelExportJob.
const RESUMED: readonly JobState[] = specValues.lifecycles.JobState.operations.resumeExportJob.to;
const CANCELLED_BY_CANCEL: readonly JobState[] = specValues.lifecycles.JobState.operations.cancelExportJob.to;
/** How many jobs' last seen status a client keeps (for the answer of a retried delete). */
const SEEN_JOBS = 256;

/** True for a state the server never leaves on its own (COMPLETED, FAILED and CANCELLED, by the spec's x-transitions); false for a state this version does not know. */
export function isTerminalState(state: JobState): boolean {
  return (specValues.lifecycles.JobState.terminal as readonly string[]).includes(state);
}

/** The audit query client: workflow helpers plus `.raw`, the typed openapi-fetch client for anything else. */
export interface AuditQueryClient extends AuditQueryJobs {
  /** The openapi-fetch client (same transport: auth, rate limit, retries). */
  readonly raw: Client<paths>;
  /**
   * Create (or attach to `jobId`), poll, stream: every event of the window exactly once, with as many jobs as
   * the server's result limit needs, or a typed error. `resumePoint()` says where to continue at any time.
   */
  exportEvents(options: ExportEventsOptions): ExportRun<AuditEvent>;
  /** exportEvents in batches (arrays of events, never empty): the same exactly-once guarantee, one promise a batch. */
  exportEventBatches(options: ExportEventBatchesOptions): ExportRun<AuditEvent[]>;
}

/** Creates an audit query client for one service root. */
export function createAuditQueryClient(options: AuditQueryClientOptions): AuditQueryClient {
  const clock: Clock = options.clock ?? systemClock;
  const credentials = credentialSource(options.auth, 'audit query');
  const transport = createTransport({
    ...options,
    clock,
    canRefreshAuth: credentials.canRefresh,
    async authenticate(headers, request) {
      const value = await credentials.get(request);
      const accessToken = requireToken(value.accessToken, 'accessToken');
      const apiToken = requireToken(value.apiToken, 'apiToken');
      headers.set('Authorization', `Bearer ${accessToken}`);
      headers.set('api_token', apiToken);
      return [accessToken, apiToken];
    },
    // GET /v2/export creates a job: never retried blindly.
    isCreate: (request) => request.method === 'GET' && /\/v2\/export\/?$/.test(new URL(request.url).pathname),
    // The result is streamed and counted by the download engine: no whole-body limit.
    isDownload: (request) => /\/v2\/export\/result\/[^/]+$/.test(new URL(request.url).pathname),
  });
  const redactor = createRedactor(transport.secrets);
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: scrubbedFetch(transport.fetch, redactor),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  const secrets = transport.secrets;
  const scrub = (text: string) => redactor.text(text);
  // The last status seen per job: a retried delete that finds the job gone answers with it.
  const lastSeen = new Map<string, JobState>();
  const see = <J extends { jobId: string; status: JobState }>(job: J): J => {
    lastSeen.delete(job.jobId);
    lastSeen.set(job.jobId, job.status);
    if (lastSeen.size > SEEN_JOBS) lastSeen.delete(lastSeen.keys().next().value ?? '');
    return job;
  };
  /** A follow-up's answer rebuilt from a status read: the job is where the caller wanted it. */
  const confirmed = (jobId: string, status: JobState): ExportJob => ({
    jobId,
    status,
    statusTime: new Date(clock.now()).toISOString(),
  });
  /** Reads the job after an ambiguous retry; the answer when its status is one of `wanted`. */
  const reachedState = (jobId: string, wanted: readonly JobState[], signal: AbortSignal | undefined) => async () => {
    const job = await client.getJob(jobId, { signal });
    return wanted.includes(job.status) ? confirmed(jobId, job.status) : undefined;
  };
  const context = (method: string, path: string, jobId?: string, signal?: AbortSignal) => ({
    method,
    path,
    jobId,
    signal,
    secrets,
  });

  const client: AuditQueryClient = {
    raw,
    async createExport(filters, call = {}) {
      const query = toCreateQuery(filters);
      const job = await unwrap(
        raw.GET('/v2/export', { params: { query }, signal: call.signal ?? null }),
        context('GET', '/v2/export', undefined, call.signal),
      );
      // Without its id the job cannot be followed: say so here rather than poll `/status/undefined`.
      if (typeof job.jobId !== 'string' || job.jobId === '') {
        throw new UnexpectedResponseError(
          'GET /v2/export answered without a job id (jobId): a job may have been created, but it cannot be followed.',
          { code: 'BAD_RESPONSE', method: 'GET', path: '/v2/export' },
        );
      }
      return job;
    },
    async getJob(jobId, call = {}) {
      const job = await unwrap(
        raw.GET('/v2/export/status/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/status/${jobId}`, jobId, call.signal),
      );
      // A status this version does not know (a newer server's) is kept and polled like an active one;
      // no status at all is a damaged answer.
      const status: unknown = job.status;
      if (typeof status !== 'string' || status === '') {
        throw new UnexpectedResponseError(`Job ${jobId}'s status answer carries no status.`, {
          code: 'BAD_RESPONSE',
          jobId,
          path: `/v2/export/status/${jobId}`,
        });
      }
      see(job);
      return job;
    },
    async waitForJob(jobId, wait = {}) {
      const job = await pollUntil({
        clock,
        jobId,
        signal: wait.signal,
        options: { ...options.polling, ...wait.polling },
        check: () => client.getJob(jobId, { signal: wait.signal }),
        statusOf: (current) => current.status,
        onStatus: wait.onStatus,
        isKnownStatus: (status) => knownStates.includes(status),
        isDone: (current) => isTerminalState(current.status),
      });
      if (job.status === FAILED) {
        throw new ExportJobFailedError(
          `Export job ${jobId} FAILED${job.failureReason ? `: ${job.failureReason}` : ''}. Resume it with resumeJob("${jobId}") or exportEvents({ jobId, resumeFailed: 1 }).`,
          { jobId, failureReason: job.failureReason ?? undefined },
        );
      }
      if (job.status === CANCELLED) {
        throw new ExportJobCancelledError(`Export job ${jobId} was CANCELLED; resume it with resumeJob("${jobId}").`, {
          jobId,
        });
      }
      return job;
    },
    streamResult(jobId, stream = {}) {
      return streamResult(raw, jobId, stream, secrets);
    },
    streamResultBatches(jobId, stream = {}) {
      return streamResultBatches(raw, jobId, stream, secrets);
    },
    async cancelJob(jobId, call = {}) {
      const job = await followUp(
        raw.GET('/v2/export/cancel/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/cancel/${jobId}`, jobId, call.signal),
        transport.retriedAfterUncertain,
        reachedState(jobId, CANCELLED_BY_CANCEL, call.signal),
      );
      return see(job);
    },
    async resumeJob(jobId, call = {}) {
      const job = await followUp(
        raw.GET('/v2/export/resume/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/resume/${jobId}`, jobId, call.signal),
        transport.retriedAfterUncertain,
        reachedState(jobId, RESUMED, call.signal),
      );
      return see(job);
    },
    async deleteJob(jobId, call = {}) {
      // A retried delete that finds the job gone answers with the last status seen, so read it once first. The
      // delete's own answer decides the outcome: a failed read (404, 403, …) must not stand in for it.
      if (!lastSeen.has(jobId)) {
        await client.getJob(jobId, { signal: call.signal }).catch((error: unknown) => {
          if (call.signal?.aborted) throw error;
        });
      }
      const job = await followUp(
        raw.DELETE('/v2/export/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('DELETE', `/v2/export/${jobId}`, jobId, call.signal),
        transport.retriedAfterUncertain,
        async () => {
          const status = lastSeen.get(jobId);
          const gone = await client.getJob(jobId, { signal: call.signal }).then(
            () => false,
            (error: unknown) => {
              if (error instanceof NotFoundError) return true;
              throw error;
            },
          );
          return gone && status !== undefined ? confirmed(jobId, status) : undefined;
        },
      );
      lastSeen.delete(jobId);
      return job;
    },
    exportEvents(exportOptions) {
      return exportEvents(client, exportOptions, clock, scrub);
    },
    exportEventBatches(exportOptions) {
      return exportEventBatches(client, exportOptions, clock, scrub);
    },
  };
  return scrubbedClient(client, redactor);
}
