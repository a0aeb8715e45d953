import type { Change } from '@audit-export/release/spec-diff';
import MarkdownIt from 'markdown-it';
import type { ApiChanges, VersionChanges } from './api-changes.js';
import { escapeHtml } from './html.js';

// CHANGELOG prose is ours, but rendered with raw HTML off all the same: a page must not run what a file holds.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Href of an API's changes page, relative to the site root. */
export function changesPageHref(id: string): string {
  return `changes/${id}.html`;
}

/** Stable id of a version's section (`v2.0.1`). */
export function versionAnchor(version: string): string {
  return `v${version.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

const impactOrder = { major: 0, minor: 1, patch: 2 } as const;

function renderChange(change: Change): string {
  const where = change.operation
    ? `<code class="operation-id">${escapeHtml(change.operation.operationId ?? '')}</code> <span class="method">${escapeHtml(change.operation.method)}</span> <code>${escapeHtml(change.operation.path)}</code>`
    : '<span class="muted">document</span>';
  const pointer = change.operation ? change.pointer.replace(/^#\/paths\/[^/]+\/[a-z]+\/?/, '') : change.pointer;
  return `<tr class="change ${change.impact}"><td><span class="impact impact-${change.impact}">${change.impact}</span></td><td>${where}<br><code class="pointer">${escapeHtml(pointer)}</code></td><td>${escapeHtml(change.message)}</td><td>${change.rule ? `<code>${escapeHtml(change.rule)}</code>` : '<span class="muted">—</span>'}</td></tr>`;
}

function renderVersion(api: ApiChanges, entry: VersionChanges, index: number): string {
  const previous = api.versions[index + 1];
  const rating = entry.rating;
  const badge = rating?.impact ? ` <span class="impact impact-${rating.impact}">${rating.impact}</span>` : '';
  const when = entry.released ? (entry.date ?? '') : 'not released yet';
  const prose = entry.prose ? markdown.render(entry.prose) : '<p class="muted">No CHANGELOG entry.</p>';
  let changes: string;
  if (!rating || !previous) {
    changes = '<p class="muted">First version: nothing to compare with.</p>';
  } else if (rating.changes.length === 0) {
    changes = `<p class="muted">No change to the description since ${escapeHtml(previous.version)}.</p>`;
  } else {
    const counts = (['major', 'minor', 'patch'] as const)
      .map((impact) => `${rating.changes.filter((change) => change.impact === impact).length} ${impact}`)
      .join(', ');
    const rows = rating.changes.toSorted((a, b) => impactOrder[a.impact] - impactOrder[b.impact]).map(renderChange);
    changes = `<details class="rated"${rating.impact === 'major' ? ' open' : ''}>
<summary>Rated changes since ${escapeHtml(previous.version)}: ${counts}</summary>
<table class="changes"><thead><tr><th>Impact</th><th>Where</th><th>Change</th><th>Rule</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</details>`;
  }
  return `<section class="version" id="${versionAnchor(entry.version)}">
<h2>${escapeHtml(entry.version)}${badge} <span class="muted">${escapeHtml(when)}</span></h2>
${prose}
${changes}
</section>`;
}

/** The body of changes/<id>.html: every version, newest first, its CHANGELOG prose and its rated changes. */
export function renderChangesBody(api: ApiChanges, referenceHref: string): string {
  const toc = api.versions
    .map((entry) => `<li><a href="#${versionAnchor(entry.version)}">${escapeHtml(entry.version)}</a></li>`)
    .join('\n');
  return `<h1>${escapeHtml(api.title)}: changes</h1>
<p class="lead">Every released version of this description (kept in <code>spec/releases/</code> by <code>pnpm release --publish</code>), and the current one when it is not released yet, with its CHANGELOG entry and the changes
between consecutive versions as <code>redocly diff</code> rates them under the repository's rule set (major breaks a
client, minor adds, patch touches descriptions and details). The <a href="${escapeHtml(referenceHref)}">reference</a>
shows the current version.</p>
<nav class="toc" aria-label="Versions"><ul>
${toc}
</ul></nav>
${api.versions.map((entry, index) => renderVersion(api, entry, index)).join('\n')}`;
}
