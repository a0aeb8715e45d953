import { InvalidArgumentError, type ResumePoint, type WindowPoint } from './errors.js';
import { canonicalJson, hash64, SequenceFingerprint } from './fingerprint.js';

// The shape lives with the error that carries it; this module seals, checks and opens it.
export type { ResumePoint, WindowPoint };

/** What a resume point says once its seal is checked. */
export interface OpenedPoint {
  jobId: string;
  fileIndex: number;
  /** Items delivered to the caller before. */
  delivered: number;
  /** The fingerprint of the items of file `fileIndex` already read. */
  fingerprint: SequenceFingerprint;
  window: WindowPoint | undefined;
}

/** What a resume point must match: the job it continues, or the query of the window it continues. */
export interface PointExpectation {
  jobId?: string | undefined;
  /** True when the point's window query is the one asked for now (same filters, criteria or range). */
  sameQuery?: ((query: unknown) => boolean) | undefined;
}

const SEAL_VERSION = 'audit-export/resume-point/2';
const SEALED = /^(\d{1,15}:[0-9a-f]{1,8}:[0-9a-f]{1,8}):([0-9a-f]{16})$/;
const UNSEALED = /^\d{1,15}:[0-9a-f]{1,8}:[0-9a-f]{1,8}$/;

/** True when two queries are the same data, whatever order their keys were stored in. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The seal of a point's fields: any change to one of them (or to the content fingerprint) changes it. */
function sealOf(point: Omit<ResumePoint, 'fingerprint'>, content: string): string {
  return hash64(
    canonicalJson([SEAL_VERSION, point.jobId, point.eventsDelivered, point.fileIndex, content, point.window ?? null]),
  );
}

/** A resume point for the current place of an export, sealed. */
export function sealPoint(point: Omit<ResumePoint, 'fingerprint'>, content: SequenceFingerprint): ResumePoint {
  const sealed: ResumePoint = {
    jobId: point.jobId,
    eventsDelivered: point.eventsDelivered,
    fingerprint: '',
    fileIndex: point.fileIndex,
  };
  if (point.window) sealed.window = point.window;
  sealed.fingerprint = `${content.value}:${sealOf(sealed, content.value)}`;
  return sealed;
}

/**
 * Checks a caller's `resumeFrom` and opens it: the seal first (a point whose fields were changed is refused,
 * whichever field it was), then that it belongs to the job or the window asked for.
 */
export function openPoint(point: unknown, expect: PointExpectation): OpenedPoint {
  const refuse = (problem: string): never => {
    throw new InvalidArgumentError(
      `resumeFrom cannot be used: ${problem}. Pass the resumePoint the client gave (an ExportIncompleteError's, or the export's resumePoint()) unchanged, with the same filters or job; to start again from the first item, pass no resumeFrom.`,
      expect.jobId === undefined ? {} : { jobId: expect.jobId },
    );
  };
  // Saved points come back through JSON.parse: anything may arrive, and only an error with a code may leave.
  if (typeof point !== 'object' || point === null || Array.isArray(point)) {
    return refuse(
      `it is ${point === null ? 'null' : Array.isArray(point) ? 'an array' : `a ${typeof point}`}, not a resume point`,
    );
  }
  const candidate = point as Partial<ResumePoint>;
  const text = candidate.fingerprint;
  if (typeof text === 'string' && UNSEALED.test(text)) {
    return refuse('it was written by an earlier version of the client, before resume points were sealed');
  }
  const match = typeof text === 'string' ? SEALED.exec(text) : null;
  const fingerprint = match ? SequenceFingerprint.from(match[1] ?? '') : undefined;
  if (!match || !fingerprint) return refuse('its fingerprint is not one this client wrote');
  const fields = { ...candidate } as Omit<ResumePoint, 'fingerprint'>;
  if (sealOf(fields, match[1] ?? '') !== match[2]) {
    return refuse('its fields do not match its seal: it was changed after the client wrote it');
  }
  const problem = shapeProblem(candidate as ResumePoint, fingerprint);
  if (problem) return refuse(problem);
  const { jobId, fileIndex, eventsDelivered, window } = candidate as ResumePoint;
  if (expect.jobId !== undefined && jobId !== expect.jobId) {
    return refuse(`it belongs to job ${JSON.stringify(jobId)}, not ${JSON.stringify(expect.jobId)}`);
  }
  if (expect.sameQuery !== undefined) {
    if (!window) {
      return refuse(
        `it continues job ${JSON.stringify(jobId)} alone: pass { jobId: ${JSON.stringify(jobId)}, resumeFrom }`,
      );
    }
    if (!expect.sameQuery(window.query))
      return refuse('it was written for another query (filters, criteria or time range)');
  }
  return { jobId, fileIndex, delivered: eventsDelivered, fingerprint, window };
}

/** The first field of a sealed point that cannot be right (a forged seal still gets no further). */
function shapeProblem(point: ResumePoint, fingerprint: SequenceFingerprint): string | undefined {
  const count = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  if (typeof point.jobId !== 'string' || point.jobId === '') return 'its jobId is not a job id';
  if (!count(point.fileIndex)) return `its fileIndex ${String(point.fileIndex)} is not a file number`;
  if (!count(point.eventsDelivered)) return `its eventsDelivered ${String(point.eventsDelivered)} is not a count`;
  const window = point.window;
  if (window === undefined) {
    // A single job's download: what was delivered is what was read, in earlier files and in this one.
    return point.eventsDelivered < fingerprint.count ? 'its eventsDelivered does not match its fingerprint' : undefined;
  }
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const optionalText = (value: unknown) => value === undefined || typeof value === 'string';
  if (typeof window !== 'object' || window === null) return 'its window is not a window';
  if (!count(window.part) || !count(window.received)) return 'its window part or received count is not a count';
  if (!strings(window.carried) || !strings(window.latestIds)) return 'its window ids are not lists of ids';
  if (!optionalText(window.cursor) || !optionalText(window.until) || !optionalText(window.latest)) {
    return 'its window times are not times';
  }
  return undefined;
}
