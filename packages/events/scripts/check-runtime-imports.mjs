#!/usr/bin/env node
// Package-specific lint: src/ must run unchanged in browsers, Deno and Bun, so it may use web
// standards only. Fails on `node:` imports, bare imports (the package has no runtime dependencies)
// and Node-only globals in any src/ file, generated ones included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));
const rules = [
  [
    /\bfrom\s+['"](?!\.{1,2}\/)[^'"]+['"]|\bimport\s*\(\s*['"](?!\.{1,2}\/)/,
    'imports a module outside the package (node: builtins and dependencies are not allowed in src/)',
  ],
  [/(^|[^'"\w.])require\(/m, 'calls require()'],
  [/\b(Buffer|process|__dirname|__filename|setImmediate)\b(?!['"])/, 'uses a Node-only global'],
];
const files = readdirSync(src, { recursive: true }).filter((file) => /\.(ts|js|mjs)$/.test(String(file)));
const problems = [];
for (const file of files) {
  const path = join(src, String(file));
  // Comments may mention Node freely: strip them before looking.
  const code = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const [pattern, problem] of rules)
    if (pattern.test(code)) problems.push(`${relative(process.cwd(), path)}: ${problem}`);
}
if (problems.length > 0) {
  console.error(`events: src/ must use web standards only:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`events: ${files.length} src/ files use web standards only`);
