import type { Client } from 'openapi-fetch';
import type { Clock } from '../core/clock.js';
import { NotFoundError } from '../core/errors.js';
import { followUp } from '../core/follow-up.js';
import type { Transport } from '../core/transport.js';
import type { CallContext } from '../core/unwrap.js';
import { type paths, specValues } from '../generated/audit-query.gen.js';
import type { AuditQueryJobs, CallOptions, ExportJob, JobState } from './job-api.js';

// Where a follow-up leaves a job: the spec's x-transitions of resumeExportJob and cancelExportJob.
const RESUMED: readonly JobState[] = specValues.lifecycles.JobState.operations.resumeExportJob.to;
const CANCELLED_BY_CANCEL: readonly JobState[] = specValues.lifecycles.JobState.operations.cancelExportJob.to;
/** How many jobs' last seen status a client keeps (for the answer of a retried delete). */
const SEEN_JOBS = 256;

/** The calls a retry can make ambiguous (cancel, resume, delete), and the job statuses they are settled with. */
export interface JobFollowUps extends Pick<AuditQueryJobs, 'cancelJob' | 'resumeJob' | 'deleteJob'> {
  /** Remembers a job's status as read (a retried delete that finds the job gone answers with it); returns the job. */
  see<J extends { jobId: string; status: JobState }>(job: J): J;
}

/** What the follow-ups need of their client. */
export interface FollowUpDeps {
  raw: Client<paths>;
  clock: Clock;
  transport: Transport;
  /** Builds the error context of a call. */
  context(method: string, path: string, jobId?: string, signal?: AbortSignal): CallContext;
  /** Reads a job's status (the client's getJob, which calls `see`). */
  getJob(jobId: string, call: CallOptions): Promise<{ status: JobState }>;
}

/**
 * Cancel, resume and delete, each idempotent across retries: when a retry after an attempt that may have done
 * the work answers "not pending" or 404, the job's status decides (see core/follow-up.ts).
 */
export function jobFollowUps({ raw, clock, transport, context, getJob }: FollowUpDeps): JobFollowUps {
  // The last status seen per job: a retried delete that finds the job gone answers with it.
  const lastSeen = new Map<string, JobState>();
  /** A follow-up's answer rebuilt from a status read: the job is where the caller wanted it. */
  const confirmed = (jobId: string, status: JobState): ExportJob => ({
    jobId,
    status,
    statusTime: new Date(clock.now()).toISOString(),
  });
  /** Reads the job after an ambiguous retry; the answer when its status is one of `wanted`. */
  const reachedState = (jobId: string, wanted: readonly JobState[], signal: AbortSignal | undefined) => async () => {
    const job = await getJob(jobId, { signal });
    return wanted.includes(job.status) ? confirmed(jobId, job.status) : undefined;
  };
  /** Cancels or resumes: the job's answer, or its status read after an ambiguous retry (one of `wanted`). */
  const transition = async (
    action: 'cancel' | 'resume',
    wanted: readonly JobState[],
    jobId: string,
    call: CallOptions,
  ) => {
    const job = await followUp(
      raw.GET(`/v2/export/${action}/{jobId}`, { params: { path: { jobId } }, signal: call.signal ?? null }),
      context('GET', `/v2/export/${action}/${jobId}`, jobId, call.signal),
      transport.retriedAfterUncertain,
      reachedState(jobId, wanted, call.signal),
    );
    return followUps.see(job);
  };
  const followUps: JobFollowUps = {
    see(job) {
      lastSeen.delete(job.jobId);
      lastSeen.set(job.jobId, job.status);
      if (lastSeen.size > SEEN_JOBS) lastSeen.delete(lastSeen.keys().next().value ?? '');
      return job;
    },
    cancelJob: (jobId, call = {}) => transition('cancel', CANCELLED_BY_CANCEL, jobId, call),
    resumeJob: (jobId, call = {}) => transition('resume', RESUMED, jobId, call),
    async deleteJob(jobId, call = {}) {
      // A retried delete that finds the job gone answers with the last status seen, so read it once first. The
      // delete's own answer decides the outcome: a failed read (404, 403, …) must not stand in for it.
      if (!lastSeen.has(jobId)) {
        await getJob(jobId, { signal: call.signal }).catch((error: unknown) => {
          if (call.signal?.aborted) throw error;
        });
      }
      const job = await followUp(
        raw.DELETE('/v2/export/{jobId}', { params: { path: { jobId } }, signal: call.signal ?? null }),
        context('DELETE', `/v2/export/${jobId}`, jobId, call.signal),
        transport.retriedAfterUncertain,
        async () => {
          const status = lastSeen.get(jobId);
          const gone = await getJob(jobId, { signal: call.signal }).then(
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
  };
  return followUps;
}
