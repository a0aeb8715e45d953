// The one freshness test: every committed generated file (spec, events, client, mock) is what
// `generate.mjs` makes from the current spec. It runs the entry point's own `--check`, so the
// message a developer sees here is the one the command prints, naming the command to run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../generate.mjs', import.meta.url));

describe('generated files', () => {
  it('are fresh: `generate.mjs --check` finds nothing stale', () => {
    const run = spawnSync(process.execPath, [entry, '--check'], { encoding: 'utf8', timeout: 110_000 });
    expect(run.status, `${run.stderr}${run.stdout}`).toBe(0);
    expect(run.stdout).toMatch(/^\d+ generated files are up to date\.$/m);
  });
});
