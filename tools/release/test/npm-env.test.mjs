import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmEnvironment } from '../src/stage.mjs';

const dir = mkdtempSync(join(tmpdir(), 'npm-env-'));
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'npm-env-probe', version: '1.0.0' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What npm prints on stderr for a pack dry run under `env`. */
function packWarnings(env) {
  return spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts'], { cwd: dir, env, encoding: 'utf8' }).stderr;
}

// What `pnpm release` hands down: pnpm's own settings beside ones npm knows.
const leaked = {
  ...process.env,
  npm_config_catalog: '{"yaml":"2.9.1"}',
  npm_config_verify_deps_before_run: 'false',
  npm_config_registry: 'http://127.0.0.1:9/',
};

describe('npmEnvironment', () => {
  it('drops the settings npm would warn about and keeps those it knows', () => {
    expect(packWarnings(leaked)).toMatch(/Unknown env config "catalog"/);
    const env = npmEnvironment(leaked);
    expect(packWarnings(env)).not.toMatch(/Unknown env config/);
    expect(env.npm_config_registry).toBe('http://127.0.0.1:9/');
    expect(env.npm_config_catalog).toBeUndefined();
    expect(env.PATH).toBe(process.env.PATH);
  });
});
