#!/usr/bin/env node
// The one generation entry point: runs every package's generator (each exports
// `generate({ specDir }) → { '<path in the package>': text }`) and writes the files, or with
// `--check` compares them with the committed ones without writing and lists the stale ones.
// Usage: node tools/generate/generate.mjs [--check] [--spec-dir <dir shaped like spec/dist>] [--out <dir>]
//   --out writes the tree under <dir> (same layout as the repository) instead of into the repository.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a developer runs to refresh every generated file. */
export const GENERATE_COMMAND = 'node tools/toolchain/pnpm.mjs generate';

/** The packages that generate files, by their directory in the repository, in dependency order. */
export const generators = ['spec', 'packages/events', 'packages/client', 'packages/mock', 'packages/query'];

/**
 * Runs every generator against `specDir` (default: the built @audit-export/spec) and returns
 * `{ '<repository-relative path>': text }`. Nothing is written.
 */
export async function generateAll({ specDir } = {}) {
  const files = {};
  for (const dir of generators) {
    const script = pathToFileURL(join(repoRoot, dir, 'scripts', 'generate.mjs')).href;
    const { generate } = await import(script);
    const own = await generate(specDir ? { specDir: resolve(specDir) } : {});
    for (const [path, text] of Object.entries(own)) files[`${dir}/${path}`] = text;
  }
  return files;
}

/** The repository-relative paths whose file under `root` is missing or differs from `files`. */
export function staleFiles(files, root = repoRoot) {
  return Object.entries(files)
    .filter(([path, text]) => {
      const file = join(root, path);
      return !existsSync(file) || readFileSync(file, 'utf8') !== text;
    })
    .map(([path]) => path);
}

/** Writes `files` under `root` (default: the repository). */
export function writeFiles(files, root = repoRoot) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { check: { type: 'boolean' }, 'spec-dir': { type: 'string' }, out: { type: 'string' } },
  });
  const files = await generateAll({ specDir: values['spec-dir'] });
  if (values.check) {
    const stale = staleFiles(files);
    if (stale.length > 0) {
      console.error(`Stale generated files (run \`${GENERATE_COMMAND}\` and commit them):`);
      for (const path of stale) console.error(`  ${path}`);
      process.exit(1);
    }
    console.log(`${Object.keys(files).length} generated files are up to date.`);
  } else {
    const root = values.out ? resolve(values.out) : repoRoot;
    writeFiles(files, root);
    console.log(`generated ${Object.keys(files).length} files under ${root}`);
  }
}
