import { InvalidArgumentError } from '../core/errors.js';
import { specValues } from '../generated/audit-query.gen.js';

/** A point in time the audit query API accepts: a Date, an ISO-8601 string, or the seed's `yyyy-MM-dd HH:mm:ssZZ`. */
export type AuditTimeInput = Date | string;

// Both patterns come from the spec's AuditDateTime schemas (IsoDateTime, SpringDateTime).
const isoPattern = new RegExp(specValues.patterns.IsoDateTime);
const springPattern = new RegExp(specValues.patterns.SpringDateTime);

/**
 * Normalises a time to the ISO-8601 form the API's samples send (`2024-09-16T05:00:00Z`).
 * ISO strings pass through unchanged (no precision lost: a microsecond fraction stays), the seed's
 * `yyyy-MM-dd HH:mm:ssZZ` becomes ISO with the same offset, and a Date becomes UTC (`.000` dropped).
 */
export function toAuditTime(value: AuditTimeInput, name = 'time'): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidArgumentError(`${name} is an invalid Date.`);
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(`${name} must be a Date or a string, got ${typeof value}.`);
  }
  if (isoPattern.test(value)) return value;
  if (springPattern.test(value)) {
    // 2024-01-01 11:30:00-0800 -> 2024-01-01T11:30:00-08:00
    return `${value.slice(0, 10)}T${value.slice(11, 19)}${value.slice(19, 22)}:${value.slice(22, 24)}`;
  }
  throw new InvalidArgumentError(
    `${name} "${value}" is not a time the API accepts: use a Date, ISO-8601 like 2024-09-16T05:00:00Z, or yyyy-MM-dd HH:mm:ssZZ like 2024-01-01 11:30:00-0800.`,
  );
}

/** Milliseconds since the epoch of a value accepted by toAuditTime (sub-millisecond digits are ignored). */
export function auditTimeToEpoch(value: string): number {
  return Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
}
