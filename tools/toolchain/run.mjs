#!/usr/bin/env node
// The repo's wrapper, in the spirit of the Gradle wrapper: `npm start` and `npm test` land here
// under whatever Node >= 20 the machine has. It provisions the pinned Node and pnpm from the
// npm registry when missing, re-runs itself under the pinned Node, installs with the frozen
// lockfile when the lockfile changed, and then runs the real work through turbo.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain, installFingerprint, readPins, root, ToolchainError } from './toolchain.mjs';

const commands = {
  test: [['turbo', 'run', 'build', 'lint', 'typecheck', 'test']],
  start: [
    ['turbo', 'run', 'build', '--output-logs=errors-only'],
    ['node', 'tools/start/start.mjs'],
  ],
};

/** Runs a command with inherited stdio, forwarding termination signals, resolving to its exit code. */
function run(command, args, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stderr.write(`audit-export: could not start ${command}: ${error.message}\n`);
      resolvePromise(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 128 + 15 : 1));
    });
  });
}

/** Installs dependencies with the frozen lockfile unless the last install used the same inputs. */
function ensureInstalled(pins, env) {
  const stamp = join(root, 'node_modules', '.audit-export-install');
  const fingerprint = installFingerprint(pins);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return;
  const result = spawnSync('pnpm', ['install', '--frozen-lockfile'], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new ToolchainError(
      'pnpm install --frozen-lockfile failed (see above). If you changed a package.json, run `node tools/toolchain/run.mjs pnpm install` and commit pnpm-lock.yaml.',
      'EINSTALL',
    );
  }
  writeFileSync(stamp, fingerprint);
}

async function main() {
  const [name = 'test', ...rest] = process.argv.slice(2);
  const pins = readPins();
  const paths = ensureToolchain(pins);
  const env = {
    ...process.env,
    // Smoke tests run the built packages under the machine's own Node as well as the pinned one.
    AUDIT_EXPORT_HOST_NODE: process.env.AUDIT_EXPORT_HOST_NODE || process.execPath,
    TURBO_TELEMETRY_DISABLED: '1',
    PATH: [paths.bin, join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  };
  if (process.versions.node !== pins.node) {
    process.exit(await run(paths.node, [fileURLToPath(import.meta.url), name, ...rest], env));
  }
  if (name === 'pnpm') process.exit(await run('pnpm', rest, env));
  ensureInstalled(pins, env);
  const steps = commands[name];
  if (!steps)
    throw new ToolchainError(
      `Unknown command "${name}". Use one of: ${Object.keys(commands).join(', ')}, pnpm.`,
      'EUSAGE',
    );
  for (const [command, ...args] of steps) {
    const code = await run(command, [...args, ...(command === 'turbo' ? rest : [])], env);
    if (code !== 0) process.exit(code);
  }
}

main().catch((error) => {
  if (error instanceof ToolchainError) {
    process.stderr.write(`audit-export: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
