import type { JsonlErrorCode, ValidationIssue } from './errors.js';
import { checkAuditEventSchema, validateAuditEventSchema } from './generated/validate.gen.js';
import type { AuditEvent } from './types.js';
import { lastIssues } from './validate.js';

/** Why one line is not an event: a code and the problem, worded to follow "Line N (byte offset B)". */
export class LineFault {
  constructor(
    readonly code: JsonlErrorCode,
    readonly problem: string,
    readonly issues?: readonly ValidationIssue[],
  ) {}
}

/**
 * Reads one decoded line (line break, CR and BOM removed) as an event: the event, a LineFault, or
 * undefined for a whitespace-only line. Knows nothing of bytes, offsets or policies.
 */
export function readEventLine(text: string, validate: boolean): AuditEvent | LineFault | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Whitespace-only lines are rare: trim only once JSON.parse has refused the line.
    if (text.trim() === '') return undefined;
    return new LineFault('MALFORMED_JSON', `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new LineFault('INVALID_EVENT', 'is not a JSON object');
  }
  // The yes/no check is the fast path; Ajv's validator decides a no and says why.
  if (validate && !checkAuditEventSchema(value) && !validateAuditEventSchema(value)) {
    const issues = lastIssues();
    const summary = issues
      .slice(0, 3)
      .map((issue) => `${issue.path} ${issue.message}`)
      .join('; ');
    return new LineFault('INVALID_EVENT', `is not a valid AuditEvent (${summary})`, issues);
  }
  return value as AuditEvent;
}
