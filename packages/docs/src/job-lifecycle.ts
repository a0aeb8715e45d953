import { DocsBuildError } from './errors.js';
import { listOperations, type OpenApiDocument } from './spec-inputs.js';

/** A state of the job lifecycle; `terminal` states have no transition the server makes on its own. */
export interface LifecycleState {
  name: string;
  terminal: boolean;
}

/** A move between states: made by the server (no operation) or by calling an operation. */
export interface LifecycleTransition {
  from: string;
  to: string;
  operationId?: string;
}

/** The lifecycle the landing page draws. `START` and `DELETED` are pseudo-states around the enum. */
export interface Lifecycle {
  schemaName: string;
  states: LifecycleState[];
  transitions: LifecycleTransition[];
}

/** Pseudo-state before a job exists. */
export const START = '(start)';
/** Pseudo-state after a job was deleted. */
export const DELETED = '(deleted)';

/**
 * Who moves a job where, for the audit query service, as the spec's JobState description and
 * the operations' descriptions state it. The states come from the spec's enum and every name
 * here is checked against it (and every operationId against the document), so a renamed or
 * added state fails the build instead of drawing a stale diagram. A spec that carries
 * `x-transitions` on the schema replaces this table.
 */
const AUDIT_QUERY_TRANSITIONS: readonly LifecycleTransition[] = [
  { from: START, to: 'PENDING', operationId: 'createExportJob' },
  { from: 'PENDING', to: 'PROCESSING' },
  { from: 'PROCESSING', to: 'COMPLETED' },
  { from: 'PROCESSING', to: 'FAILED' },
  { from: 'PENDING', to: 'CANCELLED', operationId: 'cancelExportJob' },
  { from: 'PROCESSING', to: 'CANCELLED', operationId: 'cancelExportJob' },
  { from: 'FAILED', to: 'PENDING', operationId: 'resumeExportJob' },
  { from: 'CANCELLED', to: 'PENDING', operationId: 'resumeExportJob' },
  { from: 'COMPLETED', to: DELETED, operationId: 'deleteExportJob' },
  { from: 'FAILED', to: DELETED, operationId: 'deleteExportJob' },
  { from: 'CANCELLED', to: DELETED, operationId: 'deleteExportJob' },
];

/** Builds the audit query job lifecycle from the spec's `JobState` enum, failing on any drift. */
export function auditQueryLifecycle(document: OpenApiDocument, schemaName = 'JobState'): Lifecycle {
  const schema = document.components?.schemas?.[schemaName];
  const names = schema?.enum;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string') || names.length === 0) {
    throw new DocsBuildError('LIFECYCLE_DRIFT', `components.schemas.${schemaName} has no string enum to draw.`, {
      schema: schemaName,
    });
  }
  const declared = schema?.['x-transitions'];
  const transitions = Array.isArray(declared) ? (declared as LifecycleTransition[]) : [...AUDIT_QUERY_TRANSITIONS];
  const enumNames = new Set(names as string[]);
  const operationIds = new Set(listOperations(document).map((operation) => operation.operationId));
  for (const transition of transitions) {
    for (const end of [transition.from, transition.to]) {
      if (end !== START && end !== DELETED && !enumNames.has(end)) {
        throw new DocsBuildError(
          'LIFECYCLE_DRIFT',
          `The lifecycle moves through ${end}, which ${schemaName}'s enum no longer lists; update src/job-lifecycle.ts.`,
          { schema: schemaName, state: end },
        );
      }
    }
    if (transition.operationId !== undefined && !operationIds.has(transition.operationId)) {
      throw new DocsBuildError(
        'LIFECYCLE_DRIFT',
        `The lifecycle names operation ${transition.operationId}, which the document does not define.`,
        { schema: schemaName, operationId: transition.operationId },
      );
    }
  }
  const states = (names as string[]).map((name) => {
    if (!transitions.some((transition) => transition.to === name)) {
      throw new DocsBuildError(
        'LIFECYCLE_DRIFT',
        `${schemaName} lists ${name}, but no transition leads there; describe it in src/job-lifecycle.ts.`,
        { schema: schemaName, state: name },
      );
    }
    const serverMoves = transitions.some((transition) => transition.from === name && !transition.operationId);
    return { name, terminal: !serverMoves };
  });
  return { schemaName, states, transitions };
}
