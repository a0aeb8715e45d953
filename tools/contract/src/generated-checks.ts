/**
 * Point 2 (client types fresh), the schema half of point 4 and the mock's spec facts: the committed
 * generated files must be what the one generation entry point (tools/generate/generate.mjs) makes
 * from a SpecSet. The entry point runs every package's own generator; nothing is re-implemented.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CheckResult, ContractCheckError, result } from './check.js';
import type { SpecSet } from './spec-set.js';

/** A workspace package's root directory (found through node_modules: not every package exports ./package.json). */
export function packageDir(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir)
      throw new ContractCheckError('packages', `${name} is not installed: add it to devDependencies`);
  }
}

/** What tools/generate/generate.mjs exports (a plain ESM script without types). */
export interface GenerateEntry {
  /** Repository-relative path → text, generated from `specDir` (a spec/dist-shaped directory). */
  generateAll(options?: { specDir?: string }): Promise<Record<string, string>>;
  /** The paths whose file under `root` (default: the repository) differs from `files`. */
  staleFiles(files: Record<string, string>, root?: string): string[];
  /** Writes `files` under `root`. */
  writeFiles(files: Record<string, string>, root?: string): void;
  /** The package directories that generate, e.g. `packages/client`. */
  readonly generators: readonly string[];
  /** The command that refreshes every generated file. */
  readonly GENERATE_COMMAND: string;
  /** The repository root the generated paths are relative to. */
  readonly repoRoot: string;
}

/** The generation entry point of @audit-export/generate. */
export async function generateEntry(): Promise<GenerateEntry> {
  const href = pathToFileURL(join(packageDir('@audit-export/generate'), 'generate.mjs')).href;
  return (await import(href)) as GenerateEntry;
}

/** The check name for one generating package directory (`packages/client` → `client.generated-from-spec`). */
const checkName = (dir: string): string => `${dir.split('/').pop()}.generated-from-spec`;

/** One result per generating package: its committed generated files equal a generation from `set`. */
export async function checkGenerated(set: SpecSet, only?: readonly string[]): Promise<CheckResult[]> {
  const entry = await generateEntry();
  const dirs = entry.generators.filter((dir) => !only || only.includes(dir));
  let files: Record<string, string>;
  try {
    files = await entry.generateAll({ specDir: set.dir });
  } catch (error) {
    const reason = `generation from ${set.dir} fails: ${(error as Error).message}`;
    return dirs.map((dir) => result(checkName(dir), [reason]));
  }
  const stale = entry.staleFiles(files);
  return dirs.map((dir) =>
    result(
      checkName(dir),
      stale
        .filter((path) => path.startsWith(`${dir}/`))
        .map((path) => `${path} is not what the spec generates (run \`${entry.GENERATE_COMMAND}\`)`),
    ),
  );
}

/** The events package's src/generated (types, catalog, compiled validator) equals a generation from `set`. */
export async function checkEventsGenerated(set: SpecSet): Promise<CheckResult> {
  const [outcome] = await checkGenerated(set, ['packages/events']);
  return outcome as CheckResult;
}

/** The client's src/generated/<api>.gen.ts (openapi-typescript types + spec values) equal a generation from `set`. */
export async function checkClientGenerated(set: SpecSet): Promise<CheckResult> {
  const [outcome] = await checkGenerated(set, ['packages/client']);
  return outcome as CheckResult;
}
