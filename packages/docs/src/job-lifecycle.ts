import { jobLifecycle } from '@audit-export/spec';
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
  if (!Array.isArray(declared) || declared.length === 0) {
    throw new DocsBuildError('LIFECYCLE_DRIFT', `components.schemas.${schemaName} has no x-transitions list to draw.`, {
      schema: schemaName,
    });
  }
  // In the spec a transition without `from` creates the job and one without `to` deletes it.
  const transitions = (declared as Partial<LifecycleTransition>[]).map(({ from, to, operationId }) => ({
    from: from ?? START,
    to: to ?? DELETED,
    ...(operationId === undefined ? {} : { operationId }),
  }));
  const enumNames = new Set(names as string[]);
  const operationIds = new Set(listOperations(document).map((operation) => operation.operationId));
  for (const transition of transitions) {
    for (const end of [transition.from, transition.to]) {
      if (end !== START && end !== DELETED && !enumNames.has(end)) {
        throw new DocsBuildError(
          'LIFECYCLE_DRIFT',
          `The lifecycle moves through ${end}, which ${schemaName}'s enum no longer lists; update its x-transitions.`,
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
  // Which states are terminal is the spec package's rule, the same one the mock and client are generated with.
  const { terminal } = jobLifecycle(document, schemaName);
  const states = (names as string[]).map((name) => {
    if (!transitions.some((transition) => transition.to === name)) {
      throw new DocsBuildError(
        'LIFECYCLE_DRIFT',
        `${schemaName} lists ${name}, but no transition leads there; add it to x-transitions.`,
        { schema: schemaName, state: name },
      );
    }
    return { name, terminal: terminal.includes(name) };
  });
  return { schemaName, states, transitions };
}
