// A real npm registry on loopback for the release test: Verdaccio in a child process, with its
// own storage in a temporary folder, proxying everything but @audit-export/* to the registry
// npm is configured with. It stops when `close()` is called or when the parent exits.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@audit-export/testkit';

const here = dirname(fileURLToPath(import.meta.url));
const verdaccioBin = join(here, '..', 'node_modules', '.bin', 'verdaccio');

/** The registry npm would use on this machine; Verdaccio's uplink for third-party packages. */
export function upstreamRegistry() {
  const result = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  return result.stdout.trim() || 'https://registry.npmjs.org/';
}

async function waitForPing(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/-/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`Verdaccio did not answer ${url}/-/ping in time`);
}

/** Creates a user on the registry and returns its auth token. */
async function addUser(url, name, password) {
  const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  if (!response.ok) throw new Error(`Could not add a user to Verdaccio: HTTP ${response.status}`);
  const { token } = await response.json();
  return token;
}

/**
 * Starts Verdaccio on 127.0.0.1 with storage under `dir`. `timeoutMs` bounds a hang, not its speed: beside
 * the other suites on 2 cores it has taken over 30 s to answer its first ping.
 * @param {{ dir: string, timeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, token: string, npmrc: string, close(): Promise<void> }>}
 */
export async function startRegistry({ dir, timeoutMs = 120_000, log = () => {} }) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(upstreamRegistry())}`,
      '    timeout: 60s',
      'packages:',
      "  '@audit-export/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: upstream',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(verdaccioBin, ['--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => log(String(chunk)));
  child.stderr.on('data', (chunk) => log(String(chunk)));
  const stop = () => child.exitCode === null && child.kill('SIGTERM');
  process.once('exit', stop);
  try {
    await waitForPing(url, child, Date.now() + timeoutMs);
  } catch (error) {
    stop();
    throw error;
  }
  const token = await addUser(url, 'release-test', 'release-test-password');
  const npmrc = join(dir, '.npmrc');
  writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    token,
    npmrc,
    close: () =>
      new Promise((resolveClose) => {
        process.off('exit', stop);
        if (child.exitCode !== null) return resolveClose();
        child.once('exit', () => resolveClose());
        child.kill('SIGTERM');
      }),
  };
}
