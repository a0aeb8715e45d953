// Headless Chromium for the browser tests, one place for every suite. Playwright cannot download
// its own browser on these machines, so Debian's `chromium` package is used: installed with
// apt-get when it is missing and we run as root (CI on a fresh machine), or taken from
// AUDIT_EXPORT_CHROMIUM. Turbo runs suites in parallel, so a lock file makes one install for all.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';

/** Chromium could not be found or installed; the message says what to do. */
export class ChromiumError extends Error {
  /** Machine-readable reason. */
  readonly code = 'ECHROMIUM';
  /** Where the tests looked for Chromium. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.name = 'ChromiumError';
    this.path = path;
  }
}

/** How {@link ensureChromium} finds or installs the browser; every field has a default. */
export interface ChromiumOptions {
  /** The binary; default AUDIT_EXPORT_CHROMIUM, else Debian's /usr/bin/chromium. */
  path?: string;
  /** Installs the browser at `path`; default `apt-get install chromium` (root only). */
  install?: () => Promise<void>;
  /** The lock file concurrent installs wait on; default one in the OS temp folder. */
  lockFile?: string;
  /** How long to wait for another process's install, in ms; default {@link chromiumInstallTimeoutMs}. */
  waitMs?: number;
}

/** How long an install (or waiting for another suite's) may take: give the test hook that provisions this much. */
export const chromiumInstallTimeoutMs = 600_000;

/** The Chromium binary the browser tests use: AUDIT_EXPORT_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.AUDIT_EXPORT_CHROMIUM || '/usr/bin/chromium';

/** Makes sure Chromium exists (installing it once, under a lock, when missing) and returns its path. */
export async function ensureChromium(options: ChromiumOptions = {}): Promise<string> {
  const path = options.path ?? chromiumPath;
  const lockFile = options.lockFile ?? join(tmpdir(), 'audit-export-chromium.lock');
  const deadline = Date.now() + (options.waitMs ?? chromiumInstallTimeoutMs);
  while (!existsSync(path)) {
    if (takeLock(lockFile)) {
      try {
        // Another process may have finished between our look and our lock.
        if (!existsSync(path)) await (options.install ?? (() => aptInstall(path)))();
      } finally {
        rmSync(lockFile, { force: true });
      }
      if (!existsSync(path)) throw new ChromiumError(`Installing Chromium did not put it at ${path}.`, path);
      break;
    }
    if (Date.now() > deadline) {
      throw new ChromiumError(`Timed out waiting for another process to install Chromium (lock ${lockFile}).`, path);
    }
    await sleep(100);
  }
  return path;
}

/**
 * How long a browser test waits for a page to reach a state. A bound against hangs, not a speed
 * check: on 2 cores shared with the other suites a page can stall for tens of seconds.
 */
export const pageWaitMs = 60_000;

/** Launches headless Chromium (provisioned by {@link ensureChromium}) with no background traffic of its own. */
export async function launchChromium(): Promise<Browser> {
  // Loaded here, not at the top: suites that only need ports or Prism skip playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: await ensureChromium(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: pageWaitMs,
  });
}

/** Creates the lock file holding our pid; false when a live process holds it. A dead holder's lock is taken over. */
function takeLock(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lockFile, 'utf8').trim() || Number.NaN);
  if (Number.isInteger(holder) && isAlive(holder)) return false;
  rmSync(lockFile, { force: true });
  return takeLock(lockFile);
}

/** Whether a process with this pid exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Installs Debian's chromium package with apt-get; only root may, and only where apt-get exists. */
async function aptInstall(path: string): Promise<void> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !(await run('sh', ['-c', 'command -v apt-get']))) {
    throw new ChromiumError(
      `The browser tests need Chromium at ${path}. Install it (Debian: \`apt-get install -y chromium\`) or point AUDIT_EXPORT_CHROMIUM at one.`,
      path,
    );
  }
  process.stderr.write('audit-export: installing Debian chromium for the browser tests (one time)...\n');
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    if (!(await run('apt-get', args))) {
      throw new ChromiumError(`\`apt-get ${args.join(' ')}\` failed; install chromium by hand and run again.`, path);
    }
  }
}

/** Runs a command quietly (stderr shown); true when it exits 0. */
function run(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
