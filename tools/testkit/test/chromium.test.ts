import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromiumError, ensureChromium } from '../src/chromium.js';

const scratch = mkdtempSync(join(tmpdir(), 'testkit-chromium-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

/** A fresh binary path and lock file, and a fake install that counts its runs. */
function setup(installMs = 50) {
  n += 1;
  const path = join(scratch, `chromium-${n}`);
  const lockFile = join(scratch, `lock-${n}`);
  const installs = { count: 0 };
  const install = async () => {
    installs.count += 1;
    await sleep(installMs);
    writeFileSync(path, '#!/bin/sh\n');
  };
  return { path, lockFile, install, installs };
}

describe('ensureChromium', () => {
  it('returns a browser that exists without installing anything', async () => {
    const { path, lockFile, install, installs } = setup();
    writeFileSync(path, '');
    await expect(ensureChromium({ path, lockFile, install })).resolves.toBe(path);
    expect(installs.count).toBe(0);
  });

  it('installs once when suites ask at the same time, and releases the lock', async () => {
    const { path, lockFile, install, installs } = setup();
    const paths = await Promise.all([1, 2, 3].map(() => ensureChromium({ path, lockFile, install })));
    expect(paths).toEqual([path, path, path]);
    expect(installs.count).toBe(1);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over the lock of a process that died mid-install', async () => {
    const { path, lockFile, install, installs } = setup(0);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lockFile, String(dead));
    await expect(ensureChromium({ path, lockFile, install })).resolves.toBe(path);
    expect(installs.count).toBe(1);
  });

  it('waits for a live holder and gives up with a typed error at its deadline', async () => {
    const { path, lockFile, install } = setup();
    writeFileSync(lockFile, String(process.pid));
    const error = await ensureChromium({ path, lockFile, install, waitMs: 150 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ChromiumError);
    expect(error).toMatchObject({ code: 'ECHROMIUM', path });
    expect(error.message).toContain(lockFile);
  });

  it('fails with a typed error when the install does not produce the browser', async () => {
    const { path, lockFile } = setup();
    const error = await ensureChromium({ path, lockFile, install: async () => {} }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'ECHROMIUM', path });
    expect(existsSync(lockFile)).toBe(false);
  });
});
