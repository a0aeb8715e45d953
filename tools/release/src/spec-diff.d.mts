// Types of src/spec-diff.mjs (plain ESM, no build step), for the TypeScript packages that call it.

/** A semver impact. */
export type Impact = 'major' | 'minor' | 'patch';

/** One rated change between two descriptions. */
export interface Change {
  impact: Impact;
  kind: 'added' | 'removed' | 'modified';
  /** The rule that judged it: a Redocly diff rule, or one of ours (extension rules); undefined when none did. */
  rule: string | undefined;
  message: string;
  /** The operation it belongs to, when it is inside one. */
  operation: { method: string; path: string; operationId: string | undefined } | undefined;
  /** Where in the (resolved) document: a JSON pointer, operations' parameters named. */
  pointer: string;
  /** The file and pointer a maintainer edits, when known. */
  location: string | undefined;
}

/** The changes of one API description from one version to the next. */
export interface Rating {
  api: string | undefined;
  versions: { base: string | undefined; revision: string | undefined };
  /** The strongest impact; undefined when nothing was rated. */
  impact: Impact | undefined;
  changes: Change[];
}

export declare const redoclyCli: string;
export declare const redoclyVersion: string;
export declare const operationSurfaceRules: ReadonlySet<string>;
export declare function readReport(
  report: unknown,
  options: { docs: unknown[]; locate: (file: string, pointer: string) => string },
): Change[];
export declare function rateDocuments(options: {
  api?: string;
  base: string;
  revision: string;
  config?: string;
  locate?: (file: string, pointer: string) => string;
}): Promise<Rating>;
export declare function formatChange(change: Change): string;
