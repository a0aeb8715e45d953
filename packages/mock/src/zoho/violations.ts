/** Turns the create body's schema errors into the vendor's error code, as the spec's `x-violation-codes` say. */

import type { zoho } from '../generated/spec-facts.gen.js';
import { type CreateBodyError, createFacts, validateCreateBody } from '../generated/zoho-create.gen.js';

/** A Zoho error code the spec lists. */
export type ZohoErrorCode = keyof typeof zoho.errors;

/** Why a create body was refused: the vendor code and where (`details` of the answer). */
export interface Violation {
  code: ZohoErrorCode;
  details: Record<string, unknown>;
}

// Keywords that say "this branch of a oneOf is about another shape" rather than "this shape is wrong".
const OTHER_SHAPE = new Set(['const', 'additionalProperties']);
const SUMMARY = new Set(['oneOf', 'anyOf', 'if']);

/**
 * The oneOf branch an error belongs to, with the instance object that branch validated. The
 * generated validator inlines every non-recursive `$ref`, so a `schemaPath` names its branch.
 */
function branchOf(error: CreateBodyError): string {
  const segments = error.schemaPath.split('/');
  let start = segments.lastIndexOf('oneOf');
  start = start >= 0 ? start + 2 : 1; // after the last `oneOf/<n>`, or from the schema's root
  let descents = 0;
  for (let i = start; i < segments.length - 1; i++) {
    if (segments[i] === 'properties') {
      i++; // the property name
      descents++;
    } else if (segments[i] === 'items') descents++;
  }
  const instance = error.instancePath.split('/').slice(0, descents === 0 ? undefined : -descents);
  return `${instance.join('/')}|${segments.slice(0, start).join('/')}`;
}

function jsonPath(pointer: string, extra?: unknown): string {
  const parts = pointer.split('/').slice(1);
  if (typeof extra === 'string') parts.push(extra);
  return `$${parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')}`;
}

function rank(keyword: string): number {
  const at = createFacts.violationCodes.findIndex((v) => v.keyword === keyword);
  return at >= 0 ? at : createFacts.violationCodes.length - 1;
}

/** The vendor's answer to the errors of a refused body: the most telling error of the branch the body meant. */
export function violationOf(errors: readonly CreateBodyError[]): Violation {
  const otherShape = new Set(errors.filter((e) => OTHER_SHAPE.has(e.keyword)).map(branchOf));
  const meant = errors.filter((e) => !SUMMARY.has(e.keyword) && !otherShape.has(branchOf(e)));
  // Every branch about another shape: no shape fits, and the oneOf itself is the violation.
  const candidates = meant.length > 0 ? meant : errors.filter((e) => SUMMARY.has(e.keyword));
  const [error] = candidates.toSorted(
    (a, b) => rank(a.keyword) - rank(b.keyword) || b.instancePath.length - a.instancePath.length,
  );
  if (!error) return { code: 'INVALID_DATA', details: {} };
  const parent = error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/'));
  const overrides = (createFacts.overrides as Record<string, Record<string, string>>)[parent];
  const code = (overrides?.[error.keyword] ??
    createFacts.violationCodes[rank(error.keyword)]?.code ??
    'INVALID_DATA') as ZohoErrorCode;
  const path = jsonPath(error.instancePath, error.params.missingProperty);
  const apiName =
    path
      .split('.')
      .at(-1)
      ?.replace(/\[\d+\]$/, '') ?? '';
  const limit = error.keyword === 'maxItems' ? { limit: error.params.limit } : {};
  return { code, details: { api_name: apiName, json_path: path, ...limit } };
}

/** Validates a create body; `undefined` when the spec accepts it. */
export function checkCreateBody(body: unknown): Violation | undefined {
  return validateCreateBody(body) ? undefined : violationOf(validateCreateBody.errors ?? []);
}
