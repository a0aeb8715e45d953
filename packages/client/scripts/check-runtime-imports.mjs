#!/usr/bin/env node
// The client runs in browsers, Deno and Bun too: src/ may use web standards only.
// Fails when a source file imports a Node built-in or touches Node-only globals.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));
const builtin =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:[^'"]+|fs|path|os|http|https|net|stream|zlib|crypto|buffer|child_process|url|util|events)['"]/;
const nodeGlobal = /\b(?:process\.|Buffer\.|__dirname|__filename|require\()/;

/** Lists every .ts file under a folder. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const problems = [];
for (const file of walk(src)) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trimStart().startsWith('//') || line.trimStart().startsWith('*')) return;
      if (builtin.test(line) || nodeGlobal.test(line))
        problems.push(`${relative(src, file)}:${index + 1}: ${line.trim()}`);
    });
}
if (problems.length > 0) {
  console.error(`src/ must use web standards only (no Node built-ins):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check-runtime-imports: src/ uses web standards only');
