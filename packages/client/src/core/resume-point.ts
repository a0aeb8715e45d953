import { InvalidArgumentError, type ResumePoint } from './errors.js';
import { SequenceFingerprint } from './fingerprint.js';

// The shape lives with the error that carries it; this module checks and applies it.
export type { ResumePoint };

/** A checked resume point: where to start and what the skipped prefix must match. */
export interface ResumeStart {
  fileIndex: number;
  /** Items delivered before, all files together. */
  delivered: number;
  /** The fingerprint of the items of file `fileIndex` already delivered. */
  fingerprint: SequenceFingerprint;
}

/** Validates a caller's `resumeFrom` against the job and its number of files; no resume point starts at the top. */
export function resumeStart(jobId: string, files: number, point: ResumePoint | undefined): ResumeStart {
  if (point === undefined) return { fileIndex: 0, delivered: 0, fingerprint: new SequenceFingerprint() };
  // Saved points come back through JSON.parse: anything may arrive, and only an error with a code may leave.
  if (typeof point !== 'object' || point === null) {
    throw new InvalidArgumentError(
      `resumeFrom cannot be used: it is ${point === null ? 'null' : `a ${typeof point}`}, not a resumePoint. Pass the resumePoint of an ExportIncompleteError of this job unchanged.`,
      { jobId },
    );
  }
  const fingerprint = typeof point.fingerprint === 'string' ? SequenceFingerprint.from(point.fingerprint) : undefined;
  const problem =
    point.jobId !== jobId
      ? `it belongs to job ${JSON.stringify(point.jobId)}, not ${JSON.stringify(jobId)}`
      : !fingerprint
        ? 'its fingerprint is not one this client wrote'
        : !Number.isInteger(point.fileIndex) || point.fileIndex < 0 || point.fileIndex >= Math.max(files, 1)
          ? `its fileIndex ${point.fileIndex} is not one of the job's ${files} file(s)`
          : !Number.isInteger(point.eventsDelivered) ||
              point.eventsDelivered < fingerprint.count ||
              (point.fileIndex === 0 && point.eventsDelivered !== fingerprint.count)
            ? `its eventsDelivered ${point.eventsDelivered} does not match its fingerprint`
            : undefined;
  if (problem !== undefined || !fingerprint) {
    throw new InvalidArgumentError(
      `resumeFrom cannot be used: ${problem}. Pass the resumePoint of an ExportIncompleteError of this job unchanged.`,
      { jobId },
    );
  }
  return { fileIndex: point.fileIndex, delivered: point.eventsDelivered, fingerprint };
}
