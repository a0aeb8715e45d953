import { readFileSync, writeFileSync } from 'node:fs';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** One link of the site's navigation bar; `href` is relative to the site root. */
export interface NavLink {
  href: string;
  label: string;
  /** A class for the link (a page's own link, styled apart). */
  className?: string;
}

/** Inputs of {@link renderPage}. */
export interface PageOptions {
  title: string;
  /** Prefix from this page to the site root, e.g. '' for index.html, '../' one level down. */
  rootPrefix: string;
  nav: readonly NavLink[];
  /** Already-escaped HTML of the main content. */
  body: string;
  /** Extra scripts, relative to the site root. */
  scripts?: readonly string[];
  /** Extra stylesheets, relative to the site root. */
  styles?: readonly string[];
}

/** The site's icon and header stylesheet, for the `<head>` of every page (ours, Redoc's, TypeDoc's). */
export function siteHeadLinks(rootPrefix: string): string {
  return `<link rel="icon" href="${rootPrefix}assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${rootPrefix}assets/header.css">`;
}

/** The header every page of the site opens with: the brand, then the navigation bar. */
export function siteHeader(rootPrefix: string, nav: readonly NavLink[]): string {
  const links = nav
    .map(
      (link) =>
        `<a${link.className ? ` class="${escapeHtml(link.className)}"` : ''} href="${escapeHtml(rootPrefix + link.href)}">${escapeHtml(link.label)}</a>`,
    )
    .join('\n      ');
  return `<header class="site-header">
    <nav aria-label="Site">
      <a class="brand" href="${rootPrefix}index.html">audit-export</a>
      ${links}
    </nav>
  </header>`;
}

/** Where a page rendered by another tool (Redoc's template) takes the site header. */
export const SITE_HEADER_MARK = '<!-- site-header -->';

/** Puts `header` in the page `file` at {@link SITE_HEADER_MARK}. */
export function addSiteHeader(file: string, header: string): void {
  const html = readFileSync(file, 'utf8');
  if (!html.includes(SITE_HEADER_MARK)) throw new Error(`${file} has no ${SITE_HEADER_MARK} for the site header`);
  writeFileSync(file, html.replace(SITE_HEADER_MARK, header));
}

/** Wraps content in the site's layout: local stylesheet only, nothing fetched from elsewhere. */
export function renderPage(options: PageOptions): string {
  const { rootPrefix } = options;
  const scripts = (options.scripts ?? [])
    .map((src) => `<script type="module" src="${escapeHtml(rootPrefix + src)}"></script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)} · audit-export docs</title>
  ${siteHeadLinks(rootPrefix)}
  <link rel="stylesheet" href="${rootPrefix}assets/site.css">
${(options.styles ?? []).map((href) => `  <link rel="stylesheet" href="${escapeHtml(rootPrefix + href)}">\n`).join('')}</head>
<body>
  ${siteHeader(rootPrefix, options.nav)}
  <main class="page">
${options.body}
  </main>
${scripts}
</body>
</html>
`;
}
