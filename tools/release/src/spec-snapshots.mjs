// The released spec descriptions, kept in the repository: `spec/releases/<id>/<version>.json` is the
// bundled document (Redocly's bundle, as the spec build makes) of each released version. The docs' changes pages and the
// release dry run compare against these files, so neither needs git history: a shallow clone or a
// source archive builds the same site. `pnpm release --publish` adds the versions it releases;
// `node tools/release/src/spec-snapshots.mjs --from-history` rebuilds them from git once, for the
// versions released before the store existed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compareVersions } from './semver.mjs';
import { redoclyCli } from './spec-diff.mjs';
import { apiIdsIn, documentPath, extractSpec, versionHistory } from './spec-history.mjs';

/** Where the released descriptions live, from the repository root. */
export const RELEASES_DIR = 'spec/releases';

/** The file of API `id`'s released `version`. */
export function releaseFile(root, id, version) {
  return join(root, RELEASES_DIR, id, `${version}.json`);
}

/** The released versions of API `id`, oldest first: `{ version, file }`. */
export function releasedVersions(root, id) {
  const dir = join(root, RELEASES_DIR, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ version: name.slice(0, -'.json'.length), file: join(dir, name) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** `info.version` of API `id` in the working tree. */
export function workingVersion(root, id) {
  return parse(readFileSync(documentPath(root, id), 'utf8'))?.info?.version;
}

/**
 * Bundles API `id` of the spec tree under `treeRoot` with Redocly into `target`: how every kept release is made,
 * and so how a working tree is made comparable with them (two documents bundled alike differ only where the
 * descriptions do).
 */
export function bundleInto(treeRoot, id, target) {
  const bundled = spawnSync(
    process.execPath,
    [redoclyCli, 'bundle', documentPath(treeRoot, id), '--ext', 'json', '-o', target],
    {
      cwd: join(treeRoot, 'spec'),
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    },
  );
  if (bundled.status !== 0) throw new Error(`redocly bundle of ${id} failed: ${bundled.stderr}`);
  writeFileSync(target, `${JSON.stringify(JSON.parse(readFileSync(target, 'utf8')), null, 2)}\n`);
}

/**
 * Keeps the working tree's version of every API as released, unless it is kept already. Returns the
 * files written (the maintainer commits them with the release).
 */
export function keepReleases(root) {
  const written = [];
  for (const id of apiIdsIn(root)) {
    const version = workingVersion(root, id);
    const target = releaseFile(root, id, version);
    if (version === undefined || existsSync(target)) continue;
    mkdirSync(join(root, RELEASES_DIR, id), { recursive: true });
    bundleInto(root, id, target);
    written.push(target);
  }
  return written;
}

/**
 * Writes the bundled document of each version in the git history of every API's `info.version` but the
 * working tree's (which is not released yet): the store's first fill. Each version's spec tree is taken
 * with git archive and bundled by Redocly, as the spec build does.
 */
export function keepHistory(root) {
  const scratch = mkdtempSync(join(tmpdir(), 'spec-snapshots-'));
  const written = [];
  try {
    for (const id of apiIdsIn(root)) {
      const current = workingVersion(root, id);
      for (const { version, ref } of versionHistory(root, id)) {
        const target = releaseFile(root, id, version);
        if (version === current || existsSync(target)) continue;
        const tree = extractSpec(root, ref, join(scratch, `${id}-${version}`));
        mkdirSync(join(root, RELEASES_DIR, id), { recursive: true });
        bundleInto(tree, id, target);
        written.push(target);
      }
    }
    return written;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--from-history')) {
    console.error('Usage: node tools/release/src/spec-snapshots.mjs --from-history');
    process.exit(2);
  }
  const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  for (const file of keepHistory(root)) console.log(`wrote ${file}`);
}
