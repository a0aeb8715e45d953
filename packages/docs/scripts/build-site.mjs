// `pnpm build` step two: generate dist/site from spec/dist and the packages' sources
// (step one, tsc, compiled src/ into dist/ — including dist/serve.js that `npm start` imports).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite } from '../dist/build-site.js';

const docsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(docsDir, '..', '..');
const specDist = process.env.AUDIT_EXPORT_SPEC_DIST ?? join(root, 'spec', 'dist');
const packageDirs = [
  join(root, 'spec'),
  ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)),
];

const started = performance.now();
try {
  const result = await buildSite({
    specDist,
    packageDirs,
    docsDir,
    outDir: join(docsDir, 'dist', 'site'),
    repoRoot: root,
    log: (line) => console.log(line),
  });
  if (result.packagesSkipped.length > 0) {
    console.log(`Note: no TypeDoc yet for ${result.packagesSkipped.join(', ')} (no source entry point).`);
  }
  console.log(`Built ${result.pages.length} pages in ${Math.round(performance.now() - started)} ms.`);
} catch (error) {
  console.error(`docs build failed${error.code ? ` [${error.code}]` : ''}: ${error.message}`);
  process.exitCode = 1;
}
