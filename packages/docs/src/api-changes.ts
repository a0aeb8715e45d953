import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Rating, rateDocuments } from '@audit-export/release/spec-diff';
import { bundleInto, releasedVersions } from '@audit-export/release/spec-snapshots';

/** One version of an API description on its changes page. */
export interface VersionChanges {
  version: string;
  /** The CHANGELOG's date; undefined when its section has none. */
  date: string | undefined;
  /** Whether the version is released (kept in spec/releases) or only the working tree's, not released yet. */
  released: boolean;
  /** The CHANGELOG section of this version (Markdown), empty when it has none. */
  prose: string;
  /** The rated changes from the version before; undefined for the first one. */
  rating: Rating | undefined;
}

/** The changes page of one API: its versions, newest first. */
export interface ApiChanges {
  id: string;
  title: string;
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

/**
 * Every version of API `id` with the rated changes between consecutive ones (`redocly diff` through
 * @audit-export/release, offline) and its CHANGELOG prose. The released versions are the documents kept
 * in `spec/releases/<id>/` (no git history is read, so a shallow clone or a source archive builds the same
 * page); the working tree's version is added when it is not released yet.
 */
export async function collectApiChanges(repoRoot: string, id: string): Promise<ApiChanges> {
  const scratch = mkdtempSync(join(tmpdir(), 'docs-api-changes-'));
  try {
    return await collectFrom(repoRoot, id, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function collectFrom(repoRoot: string, id: string, scratch: string): Promise<ApiChanges> {
  // The working tree bundled as the kept releases are, so that only the descriptions' differences show.
  const working = join(scratch, `${id}.json`);
  bundleInto(repoRoot, id, working);
  const current = JSON.parse(readFileSync(working, 'utf8')) as { info?: { title?: string; version?: string } };
  const entries = releasedVersions(repoRoot, id).map((kept) => ({ ...kept, released: true }));
  const version = current.info?.version;
  if (version !== undefined && !entries.some((entry) => entry.version === version)) {
    entries.push({ version, file: working, released: false });
  }
  const changelog = changelogSections(readFileSync(join(repoRoot, 'spec', 'apis', id, 'CHANGELOG.md'), 'utf8'));
  const config = join(repoRoot, 'spec', 'redocly.yaml');
  const versions: VersionChanges[] = [];
  for (const [index, entry] of entries.entries()) {
    const before = entries[index - 1];
    const rating = before
      ? await rateDocuments({
          api: id,
          base: before.file,
          revision: entry.file,
          config,
          locate: (_file, pointer) => `${id} ${entry.version}${pointer}`,
        })
      : undefined;
    const section = changelog.get(entry.version);
    versions.push({
      version: entry.version,
      date: section?.date,
      released: entry.released,
      prose: section?.prose ?? '',
      rating,
    });
  }
  return { id, title: current.info?.title ?? id, versions: versions.reverse() };
}
