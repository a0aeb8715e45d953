/**
 * The audit query job state machine. A job's state is computed from the clock rather than moved
 * by timers: nothing runs in the background, a fixed clock gives fixed answers, and `close()`
 * has no timers to clear.
 */
import { randomUuid } from '../base64.js';
import type { EventFilters } from '../data/audit-events.js';
import { filterParams } from '../data/event-filters.js';
import { auditQuery as facts } from '../generated/spec-facts.gen.js';
import { jacksonOffsetDateTime } from '../time.js';

/** A job state, as the spec's JobState enum lists them. */
export type JobState = (typeof facts.jobStates)[number];

/** The query a job runs. */
export interface JobQuery {
  tenantId: string;
  startMs: number;
  endMs: number;
  filters: EventFilters;
  limit: number | undefined;
}

/** One job as the mock stores it. */
export interface Job {
  /** Numeric record id (`id` in the status body). */
  id: number;
  jobId: string;
  /** The company (api_token `company` claim) that created it: only its tokens may see it (decision D17). */
  company: string;
  query: JobQuery;
  /** The status body's `params`: the query as the server records it, a JSON string (fixed at creation). */
  params: string;
  createdAt: number;
  /** When the current run was scheduled (creation, or the last resume). */
  runStart: number;
  pendingMs: number;
  processingMs: number;
  /** The current run ends FAILED instead of COMPLETED. */
  willFail: boolean;
  /** Set when cancelled: the run stops here. */
  cancelledAt: number | undefined;
}

/** A job's state at a moment, with when it entered it. */
export interface JobSnapshot {
  state: JobState;
  since: number;
  completedAt: number | undefined;
}

/** Terminal states: the job will not move again by itself (from the spec's `x-transitions`). */
export const TERMINAL: readonly JobState[] = facts.terminalStates;
/** Active states: the server still moves the job (from the spec's `x-transitions`). */
export const ACTIVE: readonly JobState[] = facts.activeStates;

/** An operation that acts on an existing job, as `x-transitions` names it (every one but the create). */
export type JobOperation = Exclude<keyof typeof facts.transitions, 'createExportJob'>;

/** Whether `x-transitions` lets `operationId` act on a job in `state`. */
export function allows(operationId: JobOperation, state: JobState): boolean {
  return (facts.transitions[operationId].from as readonly JobState[]).includes(state);
}

/** The reason a FAILED job reports. */
export const FAILURE_REASON = 'Injected failure (x-mock-fault: fail-job): the export query was aborted by the mock';

/** Where the state machine stands for `job` at `now`. */
export function snapshot(job: Job, now: number): JobSnapshot {
  if (job.cancelledAt !== undefined) return { state: 'CANCELLED', since: job.cancelledAt, completedAt: undefined };
  const processingAt = job.runStart + job.pendingMs;
  const doneAt = processingAt + job.processingMs;
  if (now < processingAt) return { state: 'PENDING', since: job.runStart, completedAt: undefined };
  if (now < doneAt) return { state: 'PROCESSING', since: processingAt, completedAt: undefined };
  return { state: job.willFail ? 'FAILED' : 'COMPLETED', since: doneAt, completedAt: doneAt };
}

/** The jobs of one mock server. */
/** A query as the server records it in a job's `params`: Jackson-shaped times, the filters, the limit (D16). */
function paramsOf(query: JobQuery): string {
  const params: Record<string, unknown> = {
    tenantId: query.tenantId,
    startTime: jacksonOffsetDateTime(query.startMs),
    endTime: jacksonOffsetDateTime(query.endMs),
  };
  Object.assign(params, filterParams(query.filters));
  if (query.limit !== undefined) params.limit = query.limit;
  return JSON.stringify(params);
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private nextId = 1;

  /** Creates a job of `company` scheduled at `now`. */
  create(
    company: string,
    query: JobQuery,
    now: number,
    timing: { pendingMs: number; processingMs: number; fail: boolean },
  ): Job {
    const job: Job = {
      id: this.nextId++,
      jobId: randomUuid(),
      company,
      query,
      params: paramsOf(query),
      createdAt: now,
      runStart: now,
      pendingMs: timing.pendingMs,
      processingMs: timing.processingMs,
      willFail: timing.fail,
      cancelledAt: undefined,
    };
    this.jobs.set(job.jobId, job);
    return job;
  }

  /** The job with this id, if any. */
  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  /** Removes a job. */
  delete(jobId: string): void {
    this.jobs.delete(jobId);
  }

  /** Every job, oldest first. */
  list(): Job[] {
    return [...this.jobs.values()];
  }

  /** Cancels an active job. */
  cancel(job: Job, now: number): void {
    job.cancelledAt = now;
  }

  /** Reschedules a FAILED or CANCELLED job with the same query; the new run succeeds unless told otherwise. */
  resume(job: Job, now: number, fail: boolean): void {
    job.cancelledAt = undefined;
    job.runStart = now;
    job.willFail = fail;
  }
}
