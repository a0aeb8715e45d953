import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A JavaScript runtime a smoke test can run a script under: `command ...args script`. */
export interface Runtime {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

// The bun and deno npm packages ship each platform's binary inside an optional dependency, so
// they install from the registry like any package; pnpm links them into this package's .bin.
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin');

/** Bun and Deno, as installed with this package: the runtimes besides Node and browsers that `src/` promises. */
export function otherRuntimes(): Runtime[] {
  const runtimes: Runtime[] = [
    { name: 'Bun', command: join(bin, 'bun'), args: [] },
    // Deno runs the script with every permission: it reads files, the environment and the network.
    { name: 'Deno', command: join(bin, 'deno'), args: ['run', '--allow-all'] },
  ];
  for (const runtime of runtimes) {
    if (!existsSync(runtime.command)) throw new Error(`${runtime.name} is not installed at ${runtime.command}`);
  }
  return runtimes;
}

/**
 * Every runtime a smoke test runs a script under: the pinned Node running the tests, the machine's own
 * Node (`AUDIT_EXPORT_HOST_NODE`, else `/usr/bin/node` when there is one; listed once when it is the
 * same binary), then Bun and Deno.
 */
export function allRuntimes(): Runtime[] {
  const hostNode =
    process.env.AUDIT_EXPORT_HOST_NODE ?? (existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath);
  const nodes = [...new Set([process.execPath, hostNode])].map((command) => ({
    name: command === process.execPath ? `the pinned Node (${process.version})` : `the machine's Node (${command})`,
    command,
    args: [],
  }));
  return [...nodes, ...otherRuntimes()];
}
