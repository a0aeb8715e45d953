/**
 * "Change one rule in the spec and everything follows": a copy of the built spec gets one rule
 * change, then the one generation entry point regenerates every package's files from the copy into
 * a temporary tree and the docs site is built from it, nothing else edited. Callers compare the
 * outputs with the committed ones. Never writes into the repository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateEntry, packageDir } from './generated-checks.js';
import type { RuleChange } from './rule-changes.js';
import { copySpecSet, type SpecSet } from './spec-set.js';

/** What one rule change produced. */
export interface FollowRun {
  /** The changed copy of spec/dist. */
  readonly set: SpecSet;
  /** The rule before and after the change. */
  readonly rule: { readonly pointer: string; readonly before: readonly string[]; readonly after: readonly string[] };
  /** A repository-shaped tree holding every generated file, regenerated from the copy. */
  readonly generatedRoot: string;
  /** Repository-relative paths of the generated files that differ from the committed ones. */
  readonly changed: readonly string[];
  /** The docs site built from the copy. */
  readonly siteDir: string;
  /** Removes every temporary directory. */
  close(): void;
}

interface DocsBuild {
  buildSite(options: {
    specDist: string;
    packageDirs: readonly string[];
    docsDir: string;
    outDir: string;
  }): Promise<unknown>;
}

/** Applies `change` to a copy of the spec, regenerates every generated file and builds the docs site from it. */
export async function followRuleChange(change: RuleChange): Promise<FollowRun> {
  let rule: FollowRun['rule'] | undefined;
  const set = copySpecSet(({ docs }) => {
    const doc = docs[change.api];
    const pointer = change.locate(doc);
    rule = { pointer, ...change.apply(doc) };
  });
  const generatedRoot = mkdtempSync(join(tmpdir(), 'contract-follow-gen-'));
  const siteDir = mkdtempSync(join(tmpdir(), 'contract-follow-site-'));
  const close = () => {
    for (const dir of [set.dir, generatedRoot, siteDir]) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const entry = await generateEntry();
    const files = await entry.generateAll({ specDir: set.dir });
    entry.writeFiles(files, generatedRoot);
    const docsDir = packageDir('@audit-export/docs');
    const docs = (await import(pathToFileURL(join(docsDir, 'dist', 'build-site.js')).href)) as DocsBuild;
    // No package directories: TypeDoc does not depend on the spec and would only cost time.
    await docs.buildSite({ specDist: set.dir, packageDirs: [], docsDir, outDir: siteDir });
    return { set, rule: rule as FollowRun['rule'], generatedRoot, changed: entry.staleFiles(files), siteDir, close };
  } catch (error) {
    close();
    throw error;
  }
}
