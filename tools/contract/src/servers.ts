/** Servers the checks start and stop: Prism validation proxies, on loopback, with their logs kept. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ContractCheckError } from './check.js';

const require = createRequire(import.meta.url);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running `prism proxy <spec> <upstream> --errors`. */
export interface PrismProxy {
  /** Where to send requests, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Everything Prism printed so far. */
  log(): string;
  /** Prism's log lines that report a violation of the spec (request or response). */
  violations(): string[];
  /** Stops the process and waits for it to exit. */
  close(): Promise<void>;
}

/** Starts Prism's validation proxy in front of `upstream`; rejects if it is not listening within 45 s. */
export async function startPrismProxy(specFile: string, upstream: string): Promise<PrismProxy> {
  const cli = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await freePort();
  // Prism 5.16 needs Node >= 24.14: the pinned toolchain's Node runs this suite.
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'proxy', specFile, upstream, '--errors', '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const chunks: string[] = [];
  child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proxy: PrismProxy = {
    url: `http://127.0.0.1:${port}`,
    log: () => chunks.join(''),
    violations: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => /Violation/.test(line))
        .map((line) => line.trim()),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (proxy.log().includes('Prism is listening')) return proxy;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await proxy.close();
  throw new ContractCheckError('prism', `prism proxy for ${specFile} did not start:\n${proxy.log().slice(-2000)}`);
}
