/**
 * "Change one rule in the spec and everything follows": a copy of the built spec gets one rule
 * change, then the one generation entry point regenerates every package's files from the copy into
 * a temporary tree and the docs site is built from it, nothing else edited. Callers compare the
 * outputs with the committed ones, or run a package's own sources with the regenerated files in
 * place (`packageCopy`). Never writes into the repository.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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
  /**
   * A copy of a workspace package's `src/` (and manifest) with the regenerated files in place of the
   * committed ones, its `node_modules` linked to the package's own: import its TypeScript entry
   * (e.g. `<dir>/src/index.ts`) to run the package as it would be after `pnpm generate`. Returns the copy's directory.
   */
  packageCopy(name: string): string;
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
  const copiesRoot = mkdtempSync(join(tmpdir(), 'contract-follow-pkg-'));
  const close = () => {
    for (const dir of [set.dir, generatedRoot, siteDir, copiesRoot]) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const entry = await generateEntry();
    const files = await entry.generateAll({ specDir: set.dir });
    entry.writeFiles(files, generatedRoot);
    const docsDir = packageDir('@audit-export/docs');
    const docs = (await import(pathToFileURL(join(docsDir, 'dist', 'build-site.js')).href)) as DocsBuild;
    // No package directories: TypeDoc does not depend on the spec and would only cost time.
    await docs.buildSite({ specDist: set.dir, packageDirs: [], docsDir, outDir: siteDir });
    const packageCopy = (name: string) => copyPackage(packageDir(name), entry.repoRoot, generatedRoot, copiesRoot);
    return {
      set,
      rule: rule as FollowRun['rule'],
      generatedRoot,
      changed: entry.staleFiles(files),
      siteDir,
      packageCopy,
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * Copies `dir`'s `src/` and `package.json` under `copiesRoot` at the same repository-relative place, lays
 * the regenerated files of that package over the copy, and links its `node_modules`. Idempotent per package.
 */
function copyPackage(dir: string, repoRoot: string, generatedRoot: string, copiesRoot: string): string {
  const where = relative(repoRoot, dir);
  const copy = join(copiesRoot, where);
  if (existsSync(copy)) return copy;
  cpSync(join(dir, 'src'), join(copy, 'src'), { recursive: true });
  cpSync(join(dir, 'package.json'), join(copy, 'package.json'));
  // No tsconfig: the package's extends a file outside it; the test runner transpiles without one.
  const regenerated = join(generatedRoot, where);
  if (existsSync(regenerated)) cpSync(regenerated, copy, { recursive: true });
  symlinkSync(join(dir, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}
