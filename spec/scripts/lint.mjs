#!/usr/bin/env node
// `pnpm lint`: Redocly lint of the three APIs; fails on any error OR warning.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let cli = join(specDir, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
if (!existsSync(cli)) cli = join(specDir, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const run = spawnSync(process.execPath, [cli, 'lint', '--max-problems', '1000'], {
  cwd: specDir,
  env,
  encoding: 'utf8',
});
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const output = `${run.stdout}\n${run.stderr}`;
const clean = run.status === 0 && /Your API descriptions are valid/.test(output) && !/warning/i.test(output);
console.log(clean ? 'spec lint: 0 errors, 0 warnings' : 'spec lint: FAILED (errors or warnings above)');
process.exit(clean ? 0 : 1);
