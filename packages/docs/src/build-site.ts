import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ApiChanges, collectApiChanges } from './api-changes.js';
import { renderCatalogBody } from './catalog-page.js';
import { changesPageHref, renderChangesBody } from './changes-page.js';
import { DocsBuildError } from './errors.js';
import { findExternalAssets } from './external-assets.js';
import { addSiteHeader, type NavLink, renderPage, siteHeader } from './html.js';
import { auditQueryLifecycle } from './job-lifecycle.js';
import { apiPageHref, type PackageReference, renderLandingBody } from './landing-page.js';
import { buildRedocPage, copyRedocBundle, locateRedocly } from './redoc-pages.js';
import { DEFAULT_MOCK_URL, type SiteConfig } from './site-config.js';
import { loadSpecDist } from './spec-inputs.js';
import { addTryItToRedocPage, buildTryIt } from './try-it/build-try-it.js';
import { renderWalkthroughsBody, WALKTHROUGHS_HREF } from './try-it/walkthroughs-page.js';
import { buildTypedoc, findPublishedPackages } from './typedoc-pages.js';

/** Inputs of {@link buildSite}: where the spec, the packages and this package live. */
export interface BuildSiteOptions {
  /** spec/dist: bundled documents and event-catalog.json. */
  specDist: string;
  /** Directories of workspace packages that may publish TypeDoc (packages/*, spec). */
  packageDirs: readonly string[];
  /** packages/docs: templates/, assets/, redocly.yaml. */
  docsDir: string;
  /** Output directory (dist/site); emptied first. */
  outDir: string;
  /** The Arazzo workflows the walkthroughs run; default `<specDist>/../arazzo`. Absent: no walkthroughs page. */
  arazzoDir?: string;
  /**
   * The repository, whose `spec/releases/` (the released documents) and CHANGELOGs give each API's versions
   * for the changes pages (`changes/<id>.html`); without it none is built (a site built from a changed
   * copy of the spec).
   */
  repoRoot?: string;
  /** Progress lines (the build script prints them). */
  log?: (line: string) => void;
}

/** What was built, for the build log and the tests. */
export interface BuildSiteResult {
  pages: string[];
  packagesDocumented: string[];
  packagesSkipped: string[];
}

/** Builds the whole static site from the spec and the packages' sources. */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const log = options.log ?? (() => {});
  const { outDir } = options;
  const { apis, catalog } = loadSpecDist(options.specDist);
  const auditQuery = apis.find((api) => api.id === 'audit-query');
  if (auditQuery === undefined) {
    throw new DocsBuildError('SPEC_DIST_MISSING', `No audit-query.json in ${options.specDist}.`, {
      dir: options.specDist,
    });
  }
  const lifecycle = auditQueryLifecycle(auditQuery.document);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'api'), { recursive: true });
  cpSync(join(options.docsDir, 'assets'), join(outDir, 'assets'), { recursive: true });
  const config: SiteConfig = { mockUrl: DEFAULT_MOCK_URL };
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

  // The bundled documents themselves, linked from the landing page for download.
  mkdirSync(join(outDir, 'spec'), { recursive: true });
  for (const api of apis) {
    for (const extension of ['json', 'yaml']) {
      const source = join(options.specDist, `${api.id}.${extension}`);
      if (existsSync(source)) copyFileSync(source, join(outDir, 'spec', `${api.id}.${extension}`));
    }
  }
  copyFileSync(join(options.specDist, 'event-catalog.json'), join(outDir, 'spec', 'event-catalog.json'));

  const tryIt = await buildTryIt({
    apis,
    arazzoDir: options.arazzoDir ?? join(options.specDist, '..', 'arazzo'),
    docsDir: options.docsDir,
    outDir,
  });
  log(`Try it    ${tryIt.apis.length} APIs, ${tryIt.workflows.length} walkthroughs (assets/try-it)`);
  // One API at a time: each rating already runs Redocly in parallel.
  const changes = new Map<string, ApiChanges>();
  for (const api of options.repoRoot === undefined ? [] : apis) {
    const found = await collectApiChanges(options.repoRoot as string, api.id);
    changes.set(api.id, found);
    log(`Changes   ${changesPageHref(api.id)} (${found.versions.length} versions)`);
  }

  // The site's navigation, once: every page's header (ours, Redoc's, TypeDoc's) is made from it.
  const nav: NavLink[] = [
    ...apis.map((api) => ({ href: apiPageHref(api.id), label: api.document.info.title })),
    { href: 'events.html', label: 'Event catalog' },
    ...(tryIt.workflows.length > 0 ? [{ href: WALKTHROUGHS_HREF, label: 'Walkthroughs' }] : []),
    { href: 'index.html#reference', label: 'Packages' },
  ];
  const redocly = locateRedocly();
  const bundleIntegrity = copyRedocBundle(redocly, join(outDir, 'assets', 'redoc.standalone.js'));
  await Promise.all(
    apis.map(async (api) => {
      await buildRedocPage({
        redocly,
        spec: api.file,
        output: join(outDir, apiPageHref(api.id)),
        template: join(options.docsDir, 'templates', 'redoc.hbs'),
        configDir: options.docsDir,
        bundleHref: '../assets/redoc.standalone.js',
        bundleIntegrity,
      });
      const changesLink = { href: changesPageHref(api.id), label: 'Changes', className: 'changes-link' };
      addSiteHeader(
        join(outDir, apiPageHref(api.id)),
        siteHeader('../', changes.has(api.id) ? [...nav, changesLink] : nav),
      );
      addTryItToRedocPage(join(outDir, apiPageHref(api.id)), api.id);
      log(`Redoc     ${apiPageHref(api.id)} (Redoc ${redocly.bundleVersion}, local bundle)`);
    }),
  );

  const packages = findPublishedPackages(options.packageDirs);
  const references: PackageReference[] = [];
  const documented: string[] = [];
  const skipped: string[] = [];
  // One TypeDoc at a time: the machine's two cores are shared with the other builds.
  for (const pkg of packages) {
    if (pkg.entryPoints.length === 0) {
      log(`TypeDoc   skipped ${pkg.name}: no src/ entry point behind its exports yet`);
      skipped.push(pkg.name);
      references.push({ name: pkg.name, href: undefined, description: pkg.description });
      continue;
    }
    const href = `packages/${pkg.slug}/index.html`;
    await buildTypedoc(pkg, join(outDir, 'packages', pkg.slug), nav);
    log(`TypeDoc   ${href} (${pkg.entryPoints.map((entry) => relative(pkg.dir, entry)).join(', ')})`);
    documented.push(pkg.name);
    references.push({ name: pkg.name, href, description: pkg.description });
  }

  const landing = renderLandingBody({
    apis,
    lifecycle,
    catalogSize: catalog.length,
    packages: references,
    quickStartDir: join(options.docsDir, 'quickstarts'),
    ...(tryIt.workflows.length > 0 ? { walkthroughsHref: WALKTHROUGHS_HREF } : {}),
    changesPages: new Set(changes.keys()),
  });
  writeFileSync(
    join(outDir, 'index.html'),
    renderPage({ title: 'Audit log export APIs', rootPrefix: '', nav, body: landing, scripts: ['assets/site.js'] }),
  );
  writeFileSync(
    join(outDir, 'events.html'),
    renderPage({
      title: 'Event catalog',
      rootPrefix: '',
      nav,
      body: renderCatalogBody(catalog),
      scripts: ['assets/site.js'],
    }),
  );
  if (tryIt.workflows.length > 0) {
    writeFileSync(
      join(outDir, WALKTHROUGHS_HREF),
      renderPage({
        title: 'Walkthroughs',
        rootPrefix: '',
        nav,
        body: renderWalkthroughsBody(tryIt.workflows, tryIt.apis, lifecycle),
        scripts: ['assets/try-it/walkthrough.js'],
        styles: ['assets/try-it.css'],
      }),
    );
  } else log('Note: no Arazzo workflows found, so no walkthroughs page.');
  log(`Pages     index.html, events.html (${catalog.length} events)`);
  if (changes.size > 0) mkdirSync(join(outDir, 'changes'), { recursive: true });
  for (const api of apis) {
    const found = changes.get(api.id);
    if (!found) continue;
    writeFileSync(
      join(outDir, changesPageHref(api.id)),
      renderPage({
        title: `${api.document.info.title}: changes`,
        rootPrefix: '../',
        nav,
        body: renderChangesBody(found, `../${apiPageHref(api.id)}`),
        scripts: [],
      }),
    );
  }

  const pages = listHtml(outDir).map((file) => relative(outDir, file));
  assertOffline(outDir, pages);
  return { pages, packagesDocumented: documented, packagesSkipped: skipped };
}

/** Fails the build when any page would load something from the internet. */
function assertOffline(outDir: string, pages: readonly string[]): void {
  for (const page of pages) {
    const external = findExternalAssets(readFileSync(join(outDir, page), 'utf8'));
    if (external.length > 0) {
      throw new DocsBuildError(
        'EXTERNAL_ASSET',
        `${page} would load ${external.join(', ')} from the internet; the site must work offline.`,
        { page, url: external[0] ?? '' },
      );
    }
  }
}

function listHtml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
