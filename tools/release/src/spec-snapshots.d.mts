// Types of src/spec-snapshots.mjs (plain ESM, no build step), for the TypeScript packages that call it.

/** One released version of an API description and the file holding its bundled document. */
export interface KeptRelease {
  version: string;
  file: string;
}

export declare const RELEASES_DIR: string;
export declare function releaseFile(root: string, id: string, version: string): string;
export declare function releasedVersions(root: string, id: string): KeptRelease[];
export declare function workingVersion(root: string, id: string): string | undefined;
export declare function keepReleases(root: string): string[];
export declare function keepHistory(root: string): string[];
export declare function bundleInto(treeRoot: string, id: string, target: string): void;
