import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './ports.js';

const require = createRequire(import.meta.url);

/** A Prism process on 127.0.0.1, started by a test and stopped by it. */
export interface PrismServer {
  /** Where to send requests, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Everything Prism printed so far. */
  log(): string;
  /** Prism's log lines that report a violation of the spec (request or response). */
  violations(): string[];
  /** Stops the process and waits for it to exit (SIGKILL after 5 s). */
  close(): Promise<void>;
}

/** How to start Prism: `mock` answers from the spec's examples; `proxy` validates traffic to `upstream`. */
export type PrismOptions =
  | { readonly mode: 'mock'; readonly spec: string; readonly timeoutMs?: number }
  | { readonly mode: 'proxy'; readonly spec: string; readonly upstream: string; readonly timeoutMs?: number };

/** Prism 5.16 refuses Node < 24.18; the wrapper's pinned Node runs every test, so say so plainly. */
function assertNodeForPrism(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 24 || (major === 24 && minor < 18)) {
    throw new Error(
      `Prism needs Node >= 24.18 and this is ${process.version}: run the tests through \`npm test\` or \`node tools/toolchain/pnpm.mjs\`.`,
    );
  }
}

/**
 * Starts `prism mock <spec>` or `prism proxy <spec> <upstream> --errors` on a free loopback port and
 * resolves once Prism says it is listening; rejects with its log if it does not within `timeoutMs`.
 */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  assertNodeForPrism();
  const cli = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await freePort();
  const args = options.mode === 'mock' ? ['mock', options.spec] : ['proxy', options.spec, options.upstream, '--errors'];
  const child: ChildProcess = spawn(process.execPath, [cli, ...args, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (data: Buffer) => chunks.push(data.toString()));
  child.stderr?.on('data', (data: Buffer) => chunks.push(data.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const server: PrismServer = {
    url: `http://127.0.0.1:${port}`,
    log: () => chunks.join(''),
    violations: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.includes('Violation'))
        .map((line) => line.trim()),
    async close() {
      if (running()) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (running()) child.kill('SIGKILL');
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  while (Date.now() < deadline && running()) {
    if (server.log().includes('Prism is listening')) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.close();
  throw new Error(`prism ${options.mode} for ${options.spec} did not start:\n${server.log().slice(-2000)}`);
}
