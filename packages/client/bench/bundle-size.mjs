#!/usr/bin/env node
// Bundle size of each entry point (esbuild, browser ESM, minified, then gzip -9) beside openapi-fetch alone.
// Run after `build`: `pnpm --filter @audit-export/client bench:size`.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entries = {
  'openapi-fetch alone': "export { default } from 'openapi-fetch';",
  '@audit-export/client': "export * from '@audit-export/client';",
  '@audit-export/client/audit-query': "export * from '@audit-export/client/audit-query';",
  '@audit-export/client/zoho': "export * from '@audit-export/client/zoho';",
  '@audit-export/client/audit-resource': "export * from '@audit-export/client/audit-resource';",
  'audit-query: createAuditQueryClient only':
    "export { createAuditQueryClient } from '@audit-export/client/audit-query';",
};
const rows = [];
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  rows.push({
    entry: name,
    minifiedKb: +(code.length / 1024).toFixed(1),
    gzipKb: +(gzipSync(code, { level: 9 }).length / 1024).toFixed(1),
  });
}
console.table(rows);
