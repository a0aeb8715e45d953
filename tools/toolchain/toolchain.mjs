// The pinned toolchain: which Node and pnpm the repo wants, where they live, and how to fetch
// them from the npm registry. Node built-ins only: this runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An error the wrapper prints as one readable paragraph instead of a stack trace. */
export class ToolchainError extends Error {
  /** @param {string} message @param {string} code */
  constructor(message, code) {
    super(message);
    this.name = 'ToolchainError';
    this.code = code;
  }
}

/** Reads the pins: `.node-version` and the `packageManager` field of the root package.json. */
export function readPins() {
  const node = readFileSync(join(root, '.node-version'), 'utf8').trim().replace(/^v/, '');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(manifest.packageManager ?? '');
  if (!match) throw new ToolchainError('package.json "packageManager" must pin pnpm as pnpm@x.y.z.', 'EPINS');
  return { node, pnpm: match[1] };
}

/** Where provisioned toolchains are kept; shared by every clone on the machine. */
export function cacheDir() {
  if (process.env.AUDIT_EXPORT_TOOLCHAIN_DIR) return resolve(process.env.AUDIT_EXPORT_TOOLCHAIN_DIR);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'audit-export', 'toolchain');
}

/** Paths of the pinned binaries, whether or not they exist yet. */
export function toolPaths(pins = readPins()) {
  const dir = cacheDir();
  const nodeDir = join(dir, `node-${pins.node}`);
  const pnpmDir = join(dir, `pnpm-${pins.pnpm}`);
  return {
    nodeDir,
    pnpmDir,
    node: join(nodeDir, 'node_modules', 'node', 'bin', 'node'),
    pnpm: join(pnpmDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs'),
    // A bin dir put first on PATH so every child process sees the pinned `node` and `pnpm`.
    bin: join(dir, `bin-node-${pins.node}-pnpm-${pins.pnpm}`),
  };
}

/** Installs `spec` from the npm registry into `dir`, atomically (a half-finished install is never used). */
function npmInstall(spec, dir, what) {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), '{"private":true}\n');
  process.stderr.write(`audit-export: provisioning ${what} from the npm registry (one time)...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.error || result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const output = (result.stderr || result.error?.message || '').trim();
    const unreachable = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ERR_SOCKET|fetch failed/i.test(output);
    // npm ends with log-file boilerplate; the first lines carry the cause.
    const detail = output.split('\n').slice(0, 2).join('\n  ');
    throw new ToolchainError(
      unreachable
        ? `Could not reach the npm registry to download ${what}.\n  Check your network or \`npm config get registry\`, then run the command again.\n  npm said: ${detail}`
        : `Downloading ${what} with npm failed (exit ${result.status ?? 'unknown'}).\n  npm said: ${detail}`,
      unreachable ? 'EREGISTRY' : 'ENPM',
    );
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/** Makes sure the pinned Node and pnpm exist in the cache, downloading them when missing. */
export function ensureToolchain(pins = readPins()) {
  const paths = toolPaths(pins);
  mkdirSync(cacheDir(), { recursive: true });
  if (!existsSync(paths.node)) npmInstall(`node@${pins.node}`, paths.nodeDir, `Node ${pins.node}`);
  if (!existsSync(paths.pnpm)) npmInstall(`pnpm@${pins.pnpm}`, paths.pnpmDir, `pnpm ${pins.pnpm}`);
  if (!existsSync(join(paths.bin, 'pnpm'))) {
    const staging = `${paths.bin}.partial-${process.pid}`;
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'node'), `#!/bin/sh\nexec "${paths.node}" "$@"\n`);
    writeFileSync(join(staging, 'pnpm'), `#!/bin/sh\nexec "${paths.node}" "${paths.pnpm}" "$@"\n`);
    chmodSync(join(staging, 'node'), 0o755);
    chmodSync(join(staging, 'pnpm'), 0o755);
    rmSync(paths.bin, { recursive: true, force: true });
    renameSync(staging, paths.bin);
  }
  return paths;
}

/** A fingerprint of everything that decides the installed node_modules. */
export function installFingerprint(pins = readPins()) {
  const hash = createHash('sha256').update(`${pins.node}\n${pins.pnpm}\n`);
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json']) {
    const path = join(root, file);
    hash.update(existsSync(path) ? readFileSync(path) : '');
  }
  return hash.digest('hex');
}
