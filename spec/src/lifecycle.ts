/**
 * A job lifecycle as a schema's `x-transitions` declares it: which states are terminal or active
 * and which operation moves a job from where to where. The mock, the client and the docs read
 * these facts from here (through their generated files) instead of listing states by hand.
 */
import { resolveRef, type SpecNode, SpecReadError } from './reader.js';

/** One declared move: no `from` creates the job, no `to` removes it, no `operationId` is the server's own move. */
export interface Transition {
  readonly from?: string;
  readonly to?: string;
  readonly operationId?: string;
}

/** The lifecycle facts of one state enum. */
export interface JobLifecycle {
  /** The enum, in the spec's order. */
  readonly states: readonly string[];
  /** `x-transitions`, as declared. */
  readonly transitions: readonly Transition[];
  /** States the server never leaves on its own (only a call moves a job out of them). */
  readonly terminal: readonly string[];
  /** The other states: the server still moves the job. */
  readonly active: readonly string[];
  /** Per operation: the states it acts on (`from`) and the states it may answer (`to`), in declaration order. */
  readonly operations: Readonly<Record<string, { readonly from: readonly string[]; readonly to: readonly string[] }>>;
}

const unique = (values: Iterable<string | undefined>): string[] =>
  [...new Set(values)].filter((v): v is string => v !== undefined);

/** Reads `components.schemas[schemaName]` (its `enum` and `x-transitions`) and checks every transition names a state. */
export function jobLifecycle(doc: SpecNode, schemaName = 'JobState'): JobLifecycle {
  const where = `#/components/schemas/${schemaName}`;
  const schema = resolveRef(doc, doc.components?.schemas?.[schemaName]);
  const states = schema?.enum as unknown;
  const declared = schema?.['x-transitions'] as unknown;
  if (!Array.isArray(states) || !states.every((s) => typeof s === 'string') || !Array.isArray(declared))
    throw new SpecReadError('SPEC_REF_UNRESOLVED', `${where} needs a string enum and an x-transitions list`, where);
  const transitions = declared as Transition[];
  for (const t of transitions)
    for (const end of [t.from, t.to])
      if (end !== undefined && !states.includes(end))
        throw new SpecReadError('SPEC_REF_UNRESOLVED', `${where} x-transitions names ${end}, not in its enum`, where);
  const moves = (state: string) => transitions.some((t) => t.from === state && t.to && t.operationId === undefined);
  const operations: Record<string, { from: string[]; to: string[] }> = {};
  for (const id of unique(transitions.map((t) => t.operationId))) {
    const own = transitions.filter((t) => t.operationId === id);
    operations[id] = { from: unique(own.map((t) => t.from)), to: unique(own.map((t) => t.to)) };
  }
  return {
    states,
    transitions,
    terminal: states.filter((s) => !moves(s)),
    active: states.filter(moves),
    operations,
  };
}
