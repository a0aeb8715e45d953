import type { ValidationIssue } from './errors.js';
import { checkAuditEventSchema, validateAuditEventSchema } from './generated/validate.gen.js';
import type { AuditEvent } from './types.js';

/** The outcome of {@link validateEvent}: the typed event, or the schema violations. */
export type ValidationResult =
  | { readonly valid: true; readonly event: AuditEvent; readonly issues: readonly [] }
  | { readonly valid: false; readonly event?: undefined; readonly issues: readonly ValidationIssue[] };

/** Schema violations of the last failed check, as issues. */
export function lastIssues(): ValidationIssue[] {
  return (validateAuditEventSchema.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    keyword: error.keyword,
    message: error.message ?? error.keyword,
  }));
}

/**
 * Checks a value against the spec's AuditEvent schema (compiled ahead of time, no Ajv at runtime): a
 * generated yes/no check first, and Ajv's standalone validator for the issues when it says no.
 */
export function validateEvent(value: unknown): ValidationResult {
  if (checkAuditEventSchema(value) || validateAuditEventSchema(value))
    return { valid: true, event: value as AuditEvent, issues: [] };
  return { valid: false, issues: lastIssues() };
}

/** Whether a value is a valid AuditEvent (a type guard over {@link validateEvent}). */
export function isAuditEvent(value: unknown): value is AuditEvent {
  return checkAuditEventSchema(value) || validateAuditEventSchema(value);
}
