#!/usr/bin/env node
// `pnpm mock:prism`: Prism's static mock on each bundled document of @audit-export/spec, one port
// each (audit-query 4011, zoho 4012, audit-resource 4013; PRISM_PORT_BASE moves them), answering
// every operation with the spec's examples. Ctrl+C stops all three.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const prism = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'prism');
const base = Number(process.env.PRISM_PORT_BASE ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';
const children = ['audit-query', 'zoho', 'audit-resource'].map((id, i) => {
  const spec = require.resolve(`@audit-export/spec/${id}.json`);
  const port = base + 1 + i;
  console.log(`prism mock ${id.padEnd(15)} http://${host}:${port}  (${spec})`);
  const child = spawn(prism, ['mock', spec, '--host', host, '--port', String(port)], { stdio: 'inherit' });
  child.on('exit', (code) => {
    if (code) console.error(`prism for ${id} exited with ${code}`);
  });
  return child;
});
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
