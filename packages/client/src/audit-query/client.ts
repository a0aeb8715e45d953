import type { AuditEvent } from '@audit-export/events';
import type { Client } from 'openapi-fetch';
import { type CredentialsOption, requireToken } from '../core/auth.js';
import { type ApiAccess, setUpClient } from '../core/client-setup.js';
import { ExportJobCancelledError, ExportJobFailedError, UnexpectedResponseError } from '../core/errors.js';
import type { ExportRun } from '../core/export-run.js';
import { type PollingOptions, pollUntil } from '../core/poll.js';
import type { TransportOptions } from '../core/transport.js';
import { unwrap } from '../core/unwrap.js';
import { type paths, specValues } from '../generated/audit-query.gen.js';
import {
  type ExportEventBatchesOptions,
  type ExportEventsOptions,
  exportEventBatches,
  exportEvents,
} from './export-events.js';
import { toCreateQuery } from './filters.js';
import { jobFollowUps } from './follow-ups.js';
import type { AuditQueryJobs, JobState } from './job-api.js';
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

/** How the audit query API is called: two credential headers, the create and the result stream. */
const auditQueryAccess: ApiAccess<AuditQueryCredentials> = {
  name: 'audit query',
  sign(headers, credentials) {
    const accessToken = requireToken(credentials?.accessToken, 'accessToken');
    const apiToken = requireToken(credentials?.apiToken, 'apiToken');
    headers.set('Authorization', `Bearer ${accessToken}`);
    headers.set('api_token', apiToken);
    return [accessToken, apiToken];
  },
  // GET /v2/export creates a job: never retried blindly.
  isCreate: (request) => request.method === 'GET' && /\/v2\/export\/?$/.test(new URL(request.url).pathname),
  // The result is streamed and counted by the download engine: no whole-body limit.
  isDownload: (request) => /\/v2\/export\/result\/[^/]+$/.test(new URL(request.url).pathname),
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
};

/** Creates an audit query client for one service root. */
export function createAuditQueryClient(options: AuditQueryClientOptions): AuditQueryClient {
  const { clock, transport, raw, secrets, scrub, context, seal } = setUpClient<paths, AuditQueryCredentials>(
    options,
    auditQueryAccess,
  );
  const followUps = jobFollowUps({
    raw,
    clock,
    transport,
    context,
    getJob: (jobId, call) => client.getJob(jobId, call),
  });
  const { see } = followUps;

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
    cancelJob: followUps.cancelJob,
    resumeJob: followUps.resumeJob,
    deleteJob: followUps.deleteJob,
    exportEvents(exportOptions) {
      return exportEvents(client, exportOptions, clock, scrub);
    },
    exportEventBatches(exportOptions) {
      return exportEventBatches(client, exportOptions, clock, scrub);
    },
  };
  return seal(client);
}
