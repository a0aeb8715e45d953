import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPins, root } from '../toolchain.mjs';

// The wrapper is entered from the machine's own Node (20 on these machines), as `npm test` does.
const hostNode = process.env.AUDIT_EXPORT_HOST_NODE ?? process.execPath;
const wrapper = join(root, 'tools', 'toolchain', 'run.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'toolchain-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runWrapper(args, env = {}) {
  return spawnSync(hostNode, [wrapper, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AUDIT_EXPORT_HOST_NODE: '', ...env },
  });
}

describe('run.mjs', () => {
  it('re-runs itself under the pinned Node', () => {
    const result = runWrapper(['pnpm', 'exec', 'node', '--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`v${readPins().node}`);
  });

  it('runs the pinned pnpm', () => {
    const result = runWrapper(['pnpm', '--version']);
    expect(result.stdout.trim()).toBe(readPins().pnpm);
  });

  it('explains an unknown command instead of throwing', () => {
    const result = runWrapper(['deploy']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Unknown command "deploy"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('says the registry cannot be reached, without a stack trace', () => {
    // An empty toolchain cache forces a download; port 9 on loopback refuses connections.
    const result = runWrapper(['test'], {
      AUDIT_EXPORT_TOOLCHAIN_DIR: join(scratch, 'empty-cache'),
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: join(scratch, 'npm-cache'),
      npm_config_prefer_online: 'true',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Could not reach the npm registry to download Node');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
