#!/usr/bin/env node
// Package lint: the Arazzo workflow documents beside the spec (spec/arazzo/*.arazzo.yaml) pass
// `redocly lint` (Arazzo 1.0.1 structure and Respect's rules) with zero errors and zero warnings.
// The spec's own lint (spec/redocly.yaml) covers the OpenAPI documents only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const specDir = dirname(require.resolve('@audit-export/spec/package.json'));
const arazzoDir = join(specDir, 'arazzo');
const files = readdirSync(arazzoDir)
  .filter((f) => f.endsWith('.arazzo.yaml'))
  .map((f) => join(arazzoDir, f));
if (files.length === 0) {
  console.error(`contract lint: no *.arazzo.yaml in ${arazzoDir}`);
  process.exit(1);
}
const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const run = spawnSync(process.execPath, [cli, 'lint', ...files], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
});
const output = `${run.stdout}\n${run.stderr}`;
const clean = run.status === 0 && /valid/.test(output) && !/warning/i.test(output);
if (!clean) process.stdout.write(output);
console.log(
  clean ? `contract lint: ${files.length} Arazzo documents valid` : 'contract lint: Arazzo documents FAILED (above)',
);
process.exit(clean ? 0 : 1);
