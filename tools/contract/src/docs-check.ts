/**
 * Point 5: every operationId, filter parameter and catalog event appears in the built docs site. A
 * static check over the HTML files (the docs package's own test renders the same pages in Chromium):
 * the landing page's operation table and filter tables of each API, the definition its Redoc page
 * embeds, and the event catalog page. Sets must be equal: a page that documents something the spec lacks is a drift too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiIds, filterParameters, operations, queryFilters } from '@audit-export/spec';
import { type CheckResult, ContractCheckError, result } from './check.js';
import { packageDir } from './generated-checks.js';
import type { Doc, SpecSet } from './spec-set.js';

/** The built site of @audit-export/docs. */
export function docsSiteDir(): string {
  return join(packageDir('@audit-export/docs'), 'dist', 'site');
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The HTML of `<section … id="id">` up to the next section (the landing page's per-API block). */
function sectionOf(html: string, id: string): string | undefined {
  const start = html.search(new RegExp(`<section[^>]*\\bid="${id}"`));
  if (start < 0) return undefined;
  const end = html.indexOf('</section>', start);
  return html.slice(start, end < 0 ? undefined : end);
}

/** The JSON object literal assigned to `name` in an inline script (strings and braces honoured). */
export function embeddedJson(html: string, name: string): Doc | undefined {
  const at = html.indexOf(`${name} =`);
  if (at < 0) return undefined;
  const start = html.indexOf('{', at);
  let depth = 0;
  let inString = false;
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return JSON.parse(html.slice(start, i + 1)) as Doc;
  }
  return undefined;
}

function diff(what: string, want: Iterable<string>, have: Iterable<string>): string[] {
  const w = new Set(want);
  const h = new Set(have);
  return [
    ...[...w].filter((x) => !h.has(x)).map((x) => `${what} lacks ${x}`),
    ...[...h].filter((x) => !w.has(x)).map((x) => `${what} shows ${x}, which the spec does not have`),
  ];
}

/** The landing page's filter parameters of each operation, against the spec's `x-filter` ones. */
function filterProblems(index: string, id: string, doc: Doc): string[] {
  const shownSections = new Set(
    [...index.matchAll(new RegExp(`<section[^>]*\\bid="filters-${id}-([^"]+)"`, 'g'))].map((m) => m[1] ?? ''),
  );
  const problems: string[] = [];
  for (const { operationId } of operations(doc)) {
    const wanted = queryFilters(doc, operationId).flatMap(filterParameters);
    if (wanted.length === 0) continue;
    shownSections.delete(operationId);
    const section = sectionOf(index, `filters-${id}-${operationId}`) ?? '';
    const listed = [...section.matchAll(/<code class="filter-parameter">([^<]*)<\/code>/g)].map((m) =>
      decode(m[1] ?? ''),
    );
    problems.push(...diff(`index.html (${id} ${operationId} filters)`, wanted, listed));
  }
  for (const operationId of shownSections)
    problems.push(`index.html shows filters of ${id} ${operationId}, which has none`);
  return problems;
}

/** Checks the built site against the spec set: operationIds and filters per API, and the event catalog. */
export function checkDocsSite(set: SpecSet, siteDir: string = docsSiteDir()): CheckResult {
  const indexFile = join(siteDir, 'index.html');
  if (!existsSync(indexFile))
    throw new ContractCheckError('docs.site-matches-spec', `no ${indexFile}: build @audit-export/docs`);
  const index = readFileSync(indexFile, 'utf8');
  const problems: string[] = [];
  for (const id of apiIds) {
    const wanted = operations(set.docs[id]).map((o) => o.operationId);
    const section = sectionOf(index, `api-${id}`);
    if (!section) {
      problems.push(`index.html has no section for API ${id}`);
      continue;
    }
    const listed = [...section.matchAll(/<code class="operation-id">([^<]*)<\/code>/g)].map((m) => decode(m[1] ?? ''));
    problems.push(...diff(`index.html (${id} operations)`, wanted, listed));
    problems.push(...filterProblems(index, id, set.docs[id]));
    // The API's reference page: wherever the landing page links it.
    const href = /<a href="([^"#]+)"/.exec(section)?.[1];
    const page = href ? resolve(siteDir, href, href.endsWith('/') ? 'index.html' : '') : undefined;
    if (!page || !existsSync(page)) {
      problems.push(`the reference page of ${id} (${href ?? 'no link'}) is missing`);
      continue;
    }
    const embedded = embeddedJson(readFileSync(page, 'utf8'), '__redoc_definition');
    const rel = page.slice(siteDir.length + 1);
    if (!embedded) problems.push(`${rel} embeds no API definition`);
    else
      problems.push(
        ...diff(
          `${rel} (Redoc definition)`,
          wanted,
          operations(embedded).map((o) => o.operationId),
        ),
      );
  }
  const eventsFile = join(siteDir, 'events.html');
  if (!existsSync(eventsFile)) problems.push('events.html (the event catalog page) is missing');
  else {
    const html = readFileSync(eventsFile, 'utf8');
    const shown = [
      ...html.matchAll(/<article class="event" id="event-([^"]+)"[^>]*>\s*<h3><code>([^<]+)<\/code>/g),
    ].map((m) => `${decode(m[2] ?? '')} (${m[1]})`);
    problems.push(
      ...diff(
        'events.html',
        set.catalog.map((e) => `${e.name} (${e.lineName})`),
        shown,
      ),
    );
  }
  return result('docs.site-matches-spec', problems);
}
