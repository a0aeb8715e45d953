/**
 * Rule changes made to a copy of the spec: one rule the issue names, found where the spec keeps it
 * (a JSON pointer checked to exist, never a guessed position), changed in place. The mutation check
 * uses them to show the suite notices stale generated files; the follow test regenerates from the
 * changed copy to show the mock, the client and the docs follow without any other edit.
 */
import {
  type ApiId,
  filterParameters,
  operationById,
  queryFilters,
  resolvePointer,
  resolveRef,
} from '@audit-export/spec';
import { ContractCheckError } from './check.js';
import type { Doc } from './spec-set.js';

/** One rule of one API, and how a copy of the spec changes it. */
export interface RuleChange {
  readonly id: string;
  readonly api: ApiId;
  /** What changes, in words. */
  readonly description: string;
  /** The JSON pointer of the rule in the bundled document; throws when the spec no longer keeps it there. */
  locate(doc: Doc): string;
  /** Changes the rule in `doc` (a copy) and returns it before and after. */
  apply(doc: Doc): { readonly before: readonly string[]; readonly after: readonly string[] };
}

const CREATE = 'createExportJob';
const TOGGLED = 'PROCESSING';

/** The states `createExportJob` may answer, by the lifecycle's `x-transitions`. */
export function createAnswers(doc: Doc): string[] {
  const transitions = resolvePointer(doc, createAnswersChange.locate(doc)) as Doc[];
  return transitions.filter((t) => t.operationId === CREATE && t.to).map((t) => t.to as string);
}

/** Audit query: create may answer PROCESSING, or no longer may (whichever the spec says today, the other). */
export const createAnswersChange: RuleChange = {
  id: 'create-answers',
  api: 'audit-query',
  description: `a copy of the spec toggles ${TOGGLED} among the states ${CREATE} may answer (JobState x-transitions)`,
  locate(doc) {
    const pointer = '#/components/schemas/JobState/x-transitions';
    const found = (() => {
      try {
        return resolvePointer(doc, pointer);
      } catch {
        return undefined;
      }
    })();
    if (!Array.isArray(found) || !found.some((t: Doc) => t.operationId === CREATE))
      throw new ContractCheckError('rule-change', `${pointer} lists no transition of ${CREATE}`);
    return pointer;
  },
  apply(doc) {
    const transitions = resolvePointer(doc, this.locate(doc)) as Doc[];
    const before = createAnswers(doc);
    const at = transitions.findIndex((t) => t.operationId === CREATE && t.to === TOGGLED);
    if (at >= 0) transitions.splice(at, 1);
    else
      transitions.splice(transitions.findIndex((t) => t.operationId === CREATE) + 1, 0, {
        to: TOGGLED,
        operationId: CREATE,
      });
    const after = createAnswers(doc);
    if (after.length === 0) throw new ContractCheckError('rule-change', `${CREATE} would answer no state`);
    return { before, after };
  },
};

/** Every component schema property named `name` that holds an enum (or const), as pointers. */
function enumProperties(doc: Doc, name: string): string[] {
  const schemas = (doc.components?.schemas ?? {}) as Doc;
  return Object.entries(schemas)
    .filter(([, schema]) => {
      const property = resolveRef(doc, (schema as Doc)?.properties?.[name]);
      return Array.isArray(property?.enum) || typeof property?.const === 'string';
    })
    .map(
      ([schemaName]) =>
        `#/components/schemas/${schemaName.replace(/~/g, '~0').replace(/\//g, '~1')}/properties/${name}`,
    );
}

const OR = 'or';

/** Zoho: `group_operator` accepts `or` again (the vendor allows only `and`). */
export const groupOperatorChange: RuleChange = {
  id: 'group-operator-or',
  api: 'zoho',
  description: 'a copy of the spec lets a Zoho criteria group_operator be "or" again',
  locate(doc) {
    const found = enumProperties(doc, 'group_operator');
    if (found.length !== 1)
      throw new ContractCheckError(
        'rule-change',
        `expected one schema with an enum group_operator, found ${found.length}`,
      );
    return found[0] as string;
  },
  apply(doc) {
    const property = resolveRef(doc, resolvePointer(doc, this.locate(doc)));
    const before: string[] = Array.isArray(property.enum) ? [...property.enum] : [property.const];
    if (before.includes(OR)) throw new ContractCheckError('rule-change', 'group_operator already accepts "or"');
    delete property.const;
    property.enum = [...before, OR];
    return { before, after: property.enum };
  },
};

/** The filter parameters of `createExportJob`, in order, by the spec's `x-filter`. */
export function createFilterParameters(doc: Doc): string[] {
  return queryFilters(doc, CREATE).flatMap(filterParameters);
}

/** The event field the added filter compares, and its parameter. */
export const ADDED_FILTER = { field: 'name', parameter: 'f.name' } as const;

/** Audit query: create takes one more filter, `f.name`, matching the event name exactly (a new parameter with `x-filter`). */
export const addFilterChange: RuleChange = {
  id: 'add-filter',
  api: 'audit-query',
  description: `a copy of the spec adds the filter parameter ${ADDED_FILTER.parameter} (x-filter on the event's ${ADDED_FILTER.field}) to ${CREATE}`,
  locate(doc) {
    const { path, method, parameters } = operationById(doc, CREATE);
    if (parameters.some((p) => p.name === ADDED_FILTER.parameter || p['x-filter']?.field === ADDED_FILTER.field))
      throw new ContractCheckError('rule-change', `${CREATE} already filters ${ADDED_FILTER.field}`);
    const pointer = `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/parameters`;
    if (!Array.isArray(resolvePointer(doc, pointer)))
      throw new ContractCheckError('rule-change', `${pointer} is not the parameter list of ${CREATE}`);
    return pointer;
  },
  apply(doc) {
    const parameters = resolvePointer(doc, this.locate(doc)) as Doc[];
    const before = createFilterParameters(doc);
    parameters.push({
      name: ADDED_FILTER.parameter,
      in: 'query',
      required: false,
      description: `Filter by the event name (its \`${ADDED_FILTER.field}\`, exact), e.g. \`user-login\`.`,
      schema: { type: 'string', minLength: 1 },
      example: 'user-login',
      'x-filter': { field: ADDED_FILTER.field, match: 'exact' },
    });
    return { before, after: createFilterParameters(doc) };
  },
};

/** The rule changes the issue names, by id. */
export const ruleChanges: readonly RuleChange[] = [createAnswersChange, groupOperatorChange, addFilterChange];
