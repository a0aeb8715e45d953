// Types of src/spec-history.mjs (plain ESM, no build step), for the TypeScript packages that call it.

/** One released version of an API description: the ref holding it and its date (YYYY-MM-DD). */
export interface SpecRelease {
  version: string;
  ref: string;
  date: string;
}

export declare const APIS_DIR: string;
export declare function git(cwd: string, args: string[], options?: { encoding?: string }): string;
export declare function baseRef(cwd: string, env?: Record<string, string | undefined>): string | undefined;
export declare function documentPath(treeRoot: string, id: string): string;
export declare function apiIdsIn(treeRoot: string): string[];
export declare function apiIdsAt(cwd: string, ref: string): string[];
export declare function extractSpec(cwd: string, ref: string, target: string): string;
export declare function changedApis(
  cwd: string,
  since: string,
  baseIds: string[],
): { id: string; status: 'added' | 'removed' | 'changed' }[];
export declare function releaseTag(id: string, version: string): string;
export declare function releaseTags(cwd: string, id: string): SpecRelease[];
export declare function versionHistory(cwd: string, id: string): SpecRelease[];
