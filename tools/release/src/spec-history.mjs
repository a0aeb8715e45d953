// The spec documents in git: the spec tree at a ref (the base a diff compares with), the documents
// that changed since a ref, the release tags `pnpm release --publish` sets (`spec/<id>@<version>`)
// and the versions the git history of each `info.version` holds (which filled spec/releases once).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compareVersions } from './semver.mjs';

/** Where the API descriptions live, from the repository root: `spec/apis/<id>/openapi.yaml`. */
export const APIS_DIR = 'spec/apis';
/** Files a change to which changes no document (prose beside the descriptions). */
const proseOnly = /(^|\/)(CHANGELOG|README)\.md$/;

/** Runs git in `cwd`; its stdout, or an error naming the command. */
export function git(cwd, args, options = {}) {
  const result = spawnSync('git', args, { cwd, encoding: options.encoding ?? 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${String(result.stderr).trim()}`);
  return result.stdout;
}

/**
 * The ref changes are checked against: AUDIT_EXPORT_BASE_REF, else the merge-base of HEAD with
 * origin/main; undefined when there is neither (a fresh CI clone has no origin/main).
 */
export function baseRef(cwd, env = process.env) {
  if (env.AUDIT_EXPORT_BASE_REF) return env.AUDIT_EXPORT_BASE_REF;
  const result = spawnSync('git', ['merge-base', 'HEAD', 'origin/main'], { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The root document of API `id` under a tree holding `spec/`. */
export function documentPath(treeRoot, id) {
  return join(treeRoot, APIS_DIR, id, 'openapi.yaml');
}

/** The API ids of a tree: every folder of spec/apis with an openapi.yaml. */
export function apiIdsIn(treeRoot) {
  const dir = join(treeRoot, APIS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'openapi.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** The API ids of `ref`: every folder of spec/apis holding an openapi.yaml there. */
export function apiIdsAt(cwd, ref) {
  return git(cwd, ['ls-tree', '-r', '--name-only', ref, '--', APIS_DIR])
    .split('\n')
    .map((file) => new RegExp(`^${APIS_DIR}/([^/]+)/openapi\\.yaml$`).exec(file)?.[1])
    .filter(Boolean)
    .sort();
}

/** Writes the `spec/` folder of `ref` under `target` (git archive, no checkout: the repository is untouched). */
export function extractSpec(cwd, ref, target) {
  mkdirSync(target, { recursive: true });
  const archive = git(cwd, ['archive', '--format=tar', ref, 'spec'], { encoding: 'buffer' });
  const untar = spawnSync('tar', ['-x', '-C', target], { input: archive });
  if (untar.status !== 0) throw new Error(`tar -x of ${ref}:spec failed: ${String(untar.stderr).trim()}`);
  return target;
}

/**
 * The documents that changed since `since` (working tree, untracked files included), with whether
 * each was added, removed or changed. A change under spec/shared counts for every document.
 */
export function changedApis(cwd, since, baseIds) {
  const paths = [APIS_DIR, 'spec/shared'];
  const files = [
    ...git(cwd, ['diff', '--name-only', since, '--', ...paths]).split('\n'),
    ...git(cwd, ['ls-files', '--others', '--exclude-standard', '--', ...paths]).split('\n'),
  ].filter((file) => file !== '' && !proseOnly.test(file));
  const now = apiIdsIn(cwd);
  const shared = files.some((file) => file.startsWith('spec/shared/'));
  const touched = (id) => shared || files.some((file) => file.startsWith(`${APIS_DIR}/${id}/`));
  return [...new Set([...now, ...baseIds])]
    .sort()
    .filter(touched)
    .map((id) => ({ id, status: !baseIds.includes(id) ? 'added' : !now.includes(id) ? 'removed' : 'changed' }));
}

/** The tag that marks API `id`'s release `version`. */
export function releaseTag(id, version) {
  return `spec/${id}@${version}`;
}

/** The release tags of API `id`, oldest version first: `{ version, ref, date }`. */
export function releaseTags(cwd, id) {
  const prefix = `spec/${id}@`;
  return git(cwd, ['tag', '--list', `${prefix}*`, '--format=%(refname:short)%09%(creatordate:short)'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref, date] = line.split('\t');
      return { version: ref.slice(prefix.length), ref, date };
    })
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** `info.version` of a root document as committed at `ref`, or undefined. */
function versionAt(cwd, ref, id) {
  const result = spawnSync('git', ['show', `${ref}:${APIS_DIR}/${id}/openapi.yaml`], { cwd, encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  try {
    return parse(result.stdout)?.info?.version;
  } catch {
    return undefined;
  }
}

/** Each `info.version` of API `id` in the git history, at the first commit that carries it, oldest first. */
export function versionHistory(cwd, id) {
  const commits = git(cwd, ['log', '--reverse', '--format=%H%x09%cs', '--', `${APIS_DIR}/${id}/openapi.yaml`])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
  const found = [];
  for (const [sha, date] of commits) {
    const version = versionAt(cwd, sha, id);
    if (typeof version === 'string' && !found.some((entry) => entry.version === version))
      found.push({ version, ref: sha, date });
  }
  return found;
}
