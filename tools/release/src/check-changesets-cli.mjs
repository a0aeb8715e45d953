#!/usr/bin/env node
// `pnpm --filter @audit-export/release lint`: fails when a changed package has no changeset.
// The base is AUDIT_EXPORT_BASE_REF, else the merge-base with origin/main; with neither (a
// repository with no remote) there is nothing to compare against and the check says so.
import { spawnSync } from 'node:child_process';
import { checkChangesets } from './check-changesets.mjs';
import { root } from './workspace.mjs';

function baseRef() {
  if (process.env.AUDIT_EXPORT_BASE_REF) return process.env.AUDIT_EXPORT_BASE_REF;
  const result = spawnSync('git', ['merge-base', 'HEAD', 'origin/main'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const since = baseRef();
if (!since) {
  console.log('check-changesets: no origin/main and no AUDIT_EXPORT_BASE_REF; nothing to compare against.');
} else {
  const { ok, problems, changed } = await checkChangesets({ cwd: root, since });
  if (ok) {
    console.log(
      `check-changesets: ${changed.length ? `changesets cover ${changed.join(', ')}` : 'no package changed'} (since ${since.slice(0, 12)}).`,
    );
  } else {
    for (const problem of problems) console.error(`check-changesets: ${problem}`);
    process.exit(1);
  }
}
