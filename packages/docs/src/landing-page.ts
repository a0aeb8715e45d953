import { changesPageHref } from './changes-page.js';
import { renderFilterTables } from './filters-table.js';
import { escapeHtml } from './html.js';
import type { Lifecycle } from './job-lifecycle.js';
import { renderLifecycleSvg } from './lifecycle-svg.js';
import { QUICK_STARTS, readQuickStartFiles, renderQuickStart } from './quickstarts.js';
import { type ApiDocument, listOperations } from './spec-inputs.js';

/** A package's TypeDoc reference, or its absence when the package has no src/index.ts yet. */
export interface PackageReference {
  name: string;
  /** Relative to the site root; undefined when not built. */
  href: string | undefined;
  description: string;
}

/** Inputs of {@link renderLandingBody}. */
export interface LandingInputs {
  apis: readonly ApiDocument[];
  lifecycle: Lifecycle;
  catalogSize: number;
  packages: readonly PackageReference[];
  /** Directory of the quick start files (packages/docs/quickstarts). */
  quickStartDir: string;
  /** The walkthroughs page, when the site has one: the quick starts' workflows, runnable in the page. */
  walkthroughsHref?: string;
  /** The APIs that have a changes page (`changes/<id>.html`). */
  changesPages?: ReadonlySet<string>;
}

/** Href of an API's Redoc page, relative to the site root; Redoc routes its sections in the hash. */
export function apiPageHref(id: string): string {
  return `api/${id}.html`;
}

/** The first paragraph of a description, as plain text: the landing page's one-line summary. */
export function firstParagraph(text: string | undefined): string {
  const paragraph = (text ?? '').trim().split(/\n\s*\n/, 1)[0] ?? '';
  return paragraph
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The body of index.html: the APIs and their operations, the job lifecycle, quick starts, references. */
export function renderLandingBody(inputs: LandingInputs): string {
  const apis = inputs.apis.map((api) => renderApi(api, inputs.changesPages?.has(api.id) ?? false)).join('\n');
  const packages = inputs.packages
    .map((reference) =>
      reference.href
        ? `<li><a href="${escapeHtml(reference.href)}"><code>${escapeHtml(reference.name)}</code></a> ${escapeHtml(reference.description)}</li>`
        : `<li><code>${escapeHtml(reference.name)}</code> <span class="muted">(reference not built yet)</span></li>`,
    )
    .join('\n');
  const hrefOf = new Map(inputs.packages.map((reference) => [reference.name, reference.href]));
  const quickStarts = QUICK_STARTS.map((quickStart) =>
    renderQuickStart(
      quickStart,
      readQuickStartFiles(quickStart, inputs.quickStartDir),
      hrefOf.get(quickStart.packageName),
    ),
  ).join('\n');
  const states = inputs.lifecycle.states
    .map((state) => {
      const calls = inputs.lifecycle.transitions
        .filter((transition) => transition.from === state.name && transition.operationId)
        .map((transition) => `<code>${escapeHtml(transition.operationId ?? '')}</code>`);
      return `<tr><td><code>${escapeHtml(state.name)}</code></td><td>${state.terminal ? 'terminal' : 'active'}</td><td>${[...new Set(calls)].join(', ') || '—'}</td></tr>`;
    })
    .join('\n');
  return `<h1>Audit log export APIs</h1>
<p class="lead">Three asynchronous audit-log export APIs, described once in OpenAPI and turned into typed clients,
a JSON Lines event parser, a stateful mock and this site. Everything here is generated from the spec, served
locally and works offline.</p>
<p>Mock API for the quick starts: <code><span class="mock-url">http://127.0.0.1:4010</span></code></p>

<h2 id="apis">The APIs</h2>
${apis}

<h2 id="filters">Filters</h2>
${renderFilterTables(inputs.apis)}

<h2 id="lifecycle">Job lifecycle (audit query service)</h2>
<p>Drawn from the <code>${escapeHtml(inputs.lifecycle.schemaName)}</code> enum of the spec. Solid arrows are moves the
server makes; dashed arrows are operations you call.</p>
<figure class="diagram">${renderLifecycleSvg(inputs.lifecycle)}</figure>
<table class="states"><thead><tr><th>State</th><th>Kind</th><th>Operations allowed</th></tr></thead><tbody>
${states}
</tbody></table>

<h2 id="quick-starts">Quick starts</h2>
${inputs.walkthroughsHref ? `<p class="try-it-callout">Run these workflows in the page, no server needed: <a href="${escapeHtml(inputs.walkthroughsHref)}">walkthroughs</a> (create, poll, result; cancel; resume; Zoho download). Every operation can also be tried from its reference page (<strong>Try it</strong>).</p>` : ''}
${quickStarts}

<h2 id="reference">Reference</h2>
<ul>
<li><a href="events.html">Event catalog</a>: all ${inputs.catalogSize} audit event types, their message templates and attributes.</li>
${inputs.apis.map((api) => `<li><a href="${apiPageHref(api.id)}">${escapeHtml(api.document.info.title)}</a> (OpenAPI reference)</li>`).join('\n')}
${renderConsoleLink(hrefOf.get('@audit-export/query'))}
<li><a href="https://github.com/audit-export/audit-export/blob/main/packages/cli/README.md"><code>audit-export</code> command line</a> (<code>@audit-export/cli</code>): complete, crash-safe, incremental exports for a SIEM, and a conformance check of a server against this spec.</li>
</ul>
<h3>Packages</h3>
<ul>
${packages}
</ul>`;
}

/** The export console (examples/console): `npm start` serves it on its own port (CONSOLE_PORT, default 4020). */
function renderConsoleLink(queryHref: string | undefined): string {
  const kit = queryHref
    ? `<a href="${escapeHtml(queryHref)}"><code>@audit-export/query</code></a>`
    : '<code>@audit-export/query</code>';
  return `<li><a href="http://127.0.0.1:4020/">Export console</a>: the reference front end (<code>examples/console</code>, Vite + React on ${kit}) against the mock; <code>npm start</code> serves it beside this site. With <a href="http://127.0.0.1:4020/?mock=browser"><code>?mock=browser</code></a> it needs no server: the mock runs in the tab, in MSW's service worker.</li>`;
}

function renderApi(api: ApiDocument, hasChanges: boolean): string {
  const { info } = api.document;
  const rows = listOperations(api.document)
    .map(
      (operation) =>
        `<tr><td><span class="method method-${operation.method}">${operation.method.toUpperCase()}</span></td><td><code>${escapeHtml(operation.path)}</code></td><td><code class="operation-id">${escapeHtml(operation.operationId)}</code></td><td>${escapeHtml(operation.summary)}</td></tr>`,
    )
    .join('\n');
  return `<section class="api" id="api-${escapeHtml(api.id)}">
<h3><a href="${apiPageHref(api.id)}">${escapeHtml(info.title)}</a> <span class="muted">v${escapeHtml(info.version)}</span></h3>
<p>${escapeHtml(firstParagraph(info.summary ?? info.description))}</p>
<table class="operations"><thead><tr><th>Method</th><th>Path</th><th>operationId</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table>
<p><a href="${apiPageHref(api.id)}">Full reference</a>${hasChanges ? ` · <a href="${changesPageHref(api.id)}">Changes by version</a>` : ''} · <a href="spec/${escapeHtml(api.id)}.yaml">OpenAPI (YAML)</a> · <a href="spec/${escapeHtml(api.id)}.json">OpenAPI (JSON)</a></p>
</section>`;
}
