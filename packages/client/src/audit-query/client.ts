import type { AuditEvent } from '@audit-export/events';
import createClient, { type Client } from 'openapi-fetch';
import { type CredentialsOption, credentialSource, requireToken } from '../core/auth.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ExportJobCancelledError, ExportJobFailedError, UnexpectedResponseError } from '../core/errors.js';
import { type PollingOptions, pollUntil } from '../core/poll.js';
import { createTransport, type TransportOptions } from '../core/transport.js';
import { unwrap } from '../core/unwrap.js';
import { type components, type paths, specValues } from '../generated/audit-query.gen.js';
import { type ExportEventsOptions, exportEvents } from './export-events.js';
import { type ExportFilters, toCreateQuery } from './filters.js';
import { type StreamResultOptions, streamResult } from './stream-result.js';

/** A job's short status (create, cancel, resume, delete). */
export type ExportJob = components['schemas']['ExportJob'];
/** A job's full status (status endpoint). */
export type ExportJobDetails = components['schemas']['ExportJobDetails'];
/** One of PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED. */
export type JobState = components['schemas']['JobState'];

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

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of waitForJob. */
export interface WaitOptions extends CallOptions {
  polling?: PollingOptions | undefined;
  /** Called whenever the job's status changes (including the first one seen). */
  onStatus?: ((job: ExportJobDetails) => void) | undefined;
}

// Typed against the spec's JobState enum: a renamed state fails the typecheck.
const COMPLETED: JobState = 'COMPLETED';
const FAILED: JobState = 'FAILED';
const CANCELLED: JobState = 'CANCELLED';
const knownStates: readonly string[] = specValues.enums.JobState;

/** True for COMPLETED, FAILED and CANCELLED. */
export function isTerminalState(state: JobState): boolean {
  return state === COMPLETED || state === FAILED || state === CANCELLED;
}

/** The audit query client: workflow helpers plus `.raw`, the typed openapi-fetch client for anything else. */
export interface AuditQueryClient {
  /** The openapi-fetch client (same transport: auth, rate limit, retries). */
  readonly raw: Client<paths>;
  /** Creates an export job. Not retried once it may have reached the server (see README). */
  createExport(filters: ExportFilters, options?: CallOptions): Promise<ExportJob>;
  /** Reads a job's full status. */
  getJob(jobId: string, options?: CallOptions): Promise<ExportJobDetails>;
  /** Polls until COMPLETED; throws ExportJobFailedError (FAILED), ExportJobCancelledError, TimeoutError. */
  waitForJob(jobId: string, options?: WaitOptions): Promise<ExportJobDetails>;
  /** Streams a COMPLETED job's JSON Lines as events. */
  streamResult(jobId: string, options?: StreamResultOptions): AsyncIterable<AuditEvent>;
  /** Cancels a PENDING or PROCESSING job. */
  cancelJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
  /** Restarts a FAILED or CANCELLED job. */
  resumeJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
  /** Deletes a terminal job and its results. */
  deleteJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
  /** Create (or attach to `jobId`), poll, stream: every event exactly once, or a typed error. */
  exportEvents(options: ExportEventsOptions): AsyncIterable<AuditEvent>;
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
  });
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: transport.fetch,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  const secrets = transport.secrets;
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
      return unwrap(
        raw.GET('/v2/export', { params: { query }, signal: call.signal ?? null }),
        context('GET', '/v2/export', undefined, call.signal),
      );
    },
    async getJob(jobId, call = {}) {
      const job = await unwrap(
        raw.GET('/v2/export/status/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/status/${jobId}`, jobId, call.signal),
      );
      if (!knownStates.includes(job.status)) {
        throw new UnexpectedResponseError(
          `Job ${jobId} reports status "${String(job.status)}", which the spec does not define.`,
          {
            code: 'BAD_RESPONSE',
            jobId,
            path: `/v2/export/status/${jobId}`,
          },
        );
      }
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
    async cancelJob(jobId, call = {}) {
      return unwrap(
        raw.GET('/v2/export/cancel/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/cancel/${jobId}`, jobId, call.signal),
      );
    },
    async resumeJob(jobId, call = {}) {
      return unwrap(
        raw.GET('/v2/export/resume/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('GET', `/v2/export/resume/${jobId}`, jobId, call.signal),
      );
    },
    async deleteJob(jobId, call = {}) {
      return unwrap(
        raw.DELETE('/v2/export/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('DELETE', `/v2/export/${jobId}`, jobId, call.signal),
      );
    },
    exportEvents(exportOptions) {
      return exportEvents(client, exportOptions, clock);
    },
  };
  return client;
}
