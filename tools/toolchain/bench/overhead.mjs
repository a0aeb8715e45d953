// What the wrapper adds before the real work, when everything is already in place.
// Baseline: the pinned pnpm started directly. Measured: the same command through
// `node tools/toolchain/run.mjs pnpm` from the machine's Node (two Node start-ups, the pin
// check and the re-exec). Usage: node tools/toolchain/bench/overhead.mjs [runs]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureToolchain, root } from '../toolchain.mjs';

const runs = Number(process.argv[2] ?? 10);
const paths = ensureToolchain();
const hostNode = process.env.AUDIT_EXPORT_HOST_NODE || process.execPath;

function median(command, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const direct = median(paths.node, [paths.pnpm, '--version']);
const wrapped = median(hostNode, [join(root, 'tools/toolchain/run.mjs'), 'pnpm', '--version']);
console.log(`entered from ${hostNode}, ${runs} runs, median`);
console.log(`pnpm --version directly        ${direct.toFixed(0)} ms`);
console.log(`through the wrapper            ${wrapped.toFixed(0)} ms`);
console.log(`wrapper overhead               ${(wrapped - direct).toFixed(0)} ms`);
