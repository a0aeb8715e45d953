#!/usr/bin/env node
// `node tools/toolchain/pnpm.mjs <args>`: the pinned pnpm under the pinned Node, provisioned on demand.
process.argv.splice(2, 0, 'pnpm');
await import('./run.mjs');
