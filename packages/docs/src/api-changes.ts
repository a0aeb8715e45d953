import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Rating, rateDocuments } from '@audit-export/release/spec-diff';
import {
  documentPath,
  extractSpec,
  isShallow,
  type SpecRelease,
  specReleases,
} from '@audit-export/release/spec-history';
import { parse } from 'yaml';
import { DocsBuildError } from './errors.js';

/** One version of an API description on its changes page. */
export interface VersionChanges {
  version: string;
  /** The CHANGELOG's date, else the release's (tag or commit); undefined for an unreleased working tree. */
  date: string | undefined;
  /** A release tag, a commit, or `undefined` for the working tree's version that is not released yet. */
  ref: string | undefined;
  /** The CHANGELOG section of this version (Markdown), empty when it has none. */
  prose: string;
  /** The rated changes from the version before; undefined for the first one. */
  rating: Rating | undefined;
}

/** The changes page of one API: its versions, newest first. */
export interface ApiChanges {
  id: string;
  title: string;
  /** Where the versions were found: release tags, or the git history of `info.version`. */
  source: 'tags' | 'history';
  versions: VersionChanges[];
}

/** `## <version> (<date>)` sections of a CHANGELOG: version → { date, prose }. */
export function changelogSections(markdown: string): Map<string, { date: string | undefined; prose: string }> {
  const sections = new Map<string, { date: string | undefined; prose: string }>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = (newline === -1 ? part : part.slice(0, newline)).trim();
    const match = /^(\S+)(?:\s+\((\d{4}-\d{2}-\d{2})\))?/.exec(heading);
    if (match?.[1])
      sections.set(match[1], { date: match[2], prose: newline === -1 ? '' : part.slice(newline + 1).trim() });
  }
  return sections;
}

/** The working tree's `info` of API `id`. */
function workingInfo(repoRoot: string, id: string): { title?: string; version?: string } {
  return (
    (parse(readFileSync(documentPath(repoRoot, id), 'utf8')) as { info?: { title?: string; version?: string } })
      ?.info ?? {}
  );
}

/**
 * Every version of API `id` with the rated changes between consecutive ones (`redocly diff` through
 * @audit-export/release, offline: each version's spec tree comes from git) and its CHANGELOG prose.
 * Runs in `repoRoot`, a git checkout with its history; a shallow clone is refused, its versions cut off.
 */
export async function collectApiChanges(repoRoot: string, id: string): Promise<ApiChanges> {
  if (isShallow(repoRoot)) {
    throw new DocsBuildError(
      'SPEC_HISTORY_SHALLOW',
      `The changes pages read each API version from git, but ${repoRoot} is a shallow clone: run \`git fetch --unshallow --tags\` (CI: fetch-depth 0).`,
      { dir: repoRoot },
    );
  }
  const info = workingInfo(repoRoot, id);
  const { source, releases } = specReleases(repoRoot, id);
  const entries: (SpecRelease | { version: string; ref: undefined; date: undefined })[] = [...releases];
  if (info.version !== undefined && !releases.some((release) => release.version === info.version)) {
    entries.push({ version: info.version, ref: undefined, date: undefined });
  }
  const changelog = changelogSections(readFileSync(join(repoRoot, 'spec', 'apis', id, 'CHANGELOG.md'), 'utf8'));
  const scratch = mkdtempSync(join(tmpdir(), 'docs-api-changes-'));
  try {
    const rootOf = (entry: (typeof entries)[number]) =>
      entry.ref === undefined ? repoRoot : extractSpec(repoRoot, entry.ref, join(scratch, entry.version));
    const roots = entries.map(rootOf);
    const versions: VersionChanges[] = [];
    for (const [index, entry] of entries.entries()) {
      const before = index > 0 ? (roots[index - 1] as string) : undefined;
      const after = roots[index] as string;
      const trees: [string, string][] = before
        ? [
            [before, entries[index - 1]?.version ?? ''],
            [after, entry.version],
          ]
        : [];
      /** `<file in the spec tree> (<version>)#<pointer>`: the version tells which tree a file comes from. */
      const locate = (file: string, pointer: string) => {
        for (const [root, version] of trees) {
          const inTree = relative(root, file);
          if (!inTree.startsWith('..')) return `${inTree} (${version})${pointer}`;
        }
        return `${relative(repoRoot, file)}${pointer}`;
      };
      const config = join(repoRoot, 'spec', 'redocly.yaml');
      const rating = before
        ? await rateDocuments({
            api: id,
            base: documentPath(before, id),
            revision: documentPath(after, id),
            config,
            locate,
          })
        : undefined;
      const section = changelog.get(entry.version);
      versions.push({
        version: entry.version,
        date: section?.date ?? entry.date,
        ref: entry.ref,
        prose: section?.prose ?? '',
        rating,
      });
    }
    return { id, title: info.title ?? id, source, versions: versions.reverse() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
