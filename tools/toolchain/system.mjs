// System packages the tests need that no npm package can provide: a Chromium for the browser
// tests (Playwright cannot download its own browser on these machines). Debian's package is
// installed when missing and we are allowed to; otherwise the wrapper says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ToolchainError } from './toolchain.mjs';

/** Where the browser tests look for Chromium; overridable for other distributions. */
export const chromiumPath = process.env.AUDIT_EXPORT_CHROMIUM ?? '/usr/bin/chromium';

/** Makes sure Chromium exists, installing Debian's `chromium` package with apt-get when we are root. */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new ToolchainError(
      `The browser tests need Chromium at ${chromiumPath}. Install it (Debian: \`apt-get install -y chromium\`) or point AUDIT_EXPORT_CHROMIUM at one.`,
      'ECHROMIUM',
    );
  }
  process.stderr.write('audit-export: installing Debian chromium for the browser tests (one time)...\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) {
      throw new ToolchainError(
        `\`apt-get ${args.join(' ')}\` failed; install chromium by hand and run again.`,
        'ECHROMIUM',
      );
    }
  }
}
