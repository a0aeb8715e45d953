#!/usr/bin/env node
// `pnpm --filter @audit-export/release lint`: fails when a changed package has no changeset, or when
// a changed spec document's info.version or the changesets do not move as far as `redocly diff`
// rates its changes. The base is AUDIT_EXPORT_BASE_REF, else the merge-base with origin/main; with
// neither (a fresh clone in CI has no origin/main) there is nothing to compare against and the check
// says so. `--cwd <dir>` checks another checkout (the tests use it).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkChangesets } from './check-changesets.mjs';
import { baseRef } from './spec-history.mjs';
import { root } from './workspace.mjs';

const { values } = parseArgs({ options: { cwd: { type: 'string' } } });
const cwd = values.cwd ? resolve(values.cwd) : root;

const since = baseRef(cwd);
if (!since) {
  console.log(
    'check-changesets: no origin/main and no AUDIT_EXPORT_BASE_REF; nothing to compare against (set AUDIT_EXPORT_BASE_REF to the branch a change goes to).',
  );
} else {
  const { ok, problems, changed, ratings } = await checkChangesets({ cwd, since });
  for (const rating of ratings) {
    const versions = `${rating.versions.base ?? '(new)'} → ${rating.versions.revision ?? '(removed)'}`;
    console.log(
      `check-changesets: spec ${rating.api} ${versions}: ${rating.changes.length} change(s), ${rating.impact ?? 'none'} rated.`,
    );
  }
  if (ok) {
    console.log(
      `check-changesets: ${changed.length ? `changesets cover ${changed.join(', ')}` : 'no package changed'} (since ${since.slice(0, 12)}).`,
    );
  } else {
    for (const problem of problems) console.error(`check-changesets: ${problem}`);
    process.exit(1);
  }
}
