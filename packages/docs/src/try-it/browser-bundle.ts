import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DocsBuildError } from '../errors.js';

/** The browser entry points under packages/docs/try-it/ and the pages that load them. */
export const BROWSER_ENTRIES = ['panel', 'walkthrough'] as const;

/**
 * Bundles the Try it browser code into `outDir` (ES modules, shared chunks, the in-page mock in a
 * chunk of its own that loads on first use), minified, with no source maps: the site is served as is.
 */
export async function bundleBrowserCode(docsDir: string, outDir: string): Promise<void> {
  try {
    await build({
      absWorkingDir: docsDir,
      entryPoints: BROWSER_ENTRIES.map((name) => join(docsDir, 'try-it', `${name}.ts`)),
      outdir: outDir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      // Beside the entries: the code finds the site and the API modules from its own URL (import.meta.url).
      chunkNames: '[name]-[hash]',
      logLevel: 'silent',
      // MSW reads process.env.NODE_ENV in places; in the page it is a production build.
      define: { 'process.env.NODE_ENV': '"production"' },
    });
  } catch (error) {
    throw new DocsBuildError('TRY_IT_BUNDLE_FAILED', `Bundling the Try it code failed: ${(error as Error).message}`, {
      dir: join(docsDir, 'try-it'),
    });
  }
}

/** Copies MSW's service worker script (the version of the msw the bundle holds) to `target`. */
export function copyMockServiceWorker(target: string): void {
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('msw/mockServiceWorker.js'), target);
}
