// Types of src/spec-mutations.mjs (plain ESM, no build step), for the contract suite.
import type { SpecNode } from '@audit-export/spec';

/** A spec/dist-shaped set being edited: the bundled documents by API id and the event catalog. */
export interface MutableSpecSet {
  docs: Record<string, SpecNode>;
  catalog: SpecNode[];
}

/** One change a vendor makes to its description. */
export interface SpecMutation {
  id: string;
  api: string;
  description: string;
  /** The impact the gate must give it. */
  expected: 'major' | 'minor' | 'patch';
  /** For a breaking one, the rules that must name it. */
  rules?: string[];
  apply(set: MutableSpecSet): void;
}

export declare const NEW_EVENT: {
  name: string;
  lineName: string;
  module: string;
  moduleId: string;
  template: string;
  attributes: Record<string, { type: string; description: string; examples: string[] }>;
};
export declare const NEW_JOB_STATE: string;
export declare const NEW_ZOHO_STATUS: string;
export declare const NEW_ERROR_CODE: string;
export declare const NEW_STATUS_FIELD: string;
export declare const NEW_QUERY_PARAMETER: string;
export declare const compatibleMutations: SpecMutation[];
export declare const breakingMutations: SpecMutation[];
