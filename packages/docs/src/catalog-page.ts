import { escapeHtml } from './html.js';
import type { CatalogEntry } from './spec-inputs.js';

/** Renders a template with its `{placeholder}`s marked up, so readers see which attribute goes where. */
export function renderTemplate(template: string): string {
  return template
    .split(/(\{[^{}]+\})/)
    .map((part) =>
      /^\{[^{}]+\}$/.test(part) ? `<var class="placeholder">${escapeHtml(part)}</var>` : escapeHtml(part),
    )
    .join('');
}

/** Stable HTML id of an event's section, from its catalog name. */
export function eventAnchor(entry: CatalogEntry): string {
  return `event-${entry.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** The body of events.html: every catalog event grouped by module, with both name spellings. */
export function renderCatalogBody(catalog: readonly CatalogEntry[]): string {
  const modules = new Map<string, CatalogEntry[]>();
  for (const entry of catalog) {
    const list = modules.get(entry.module) ?? [];
    list.push(entry);
    modules.set(entry.module, list);
  }
  const toc = [...modules.entries()]
    .map(
      ([module, entries]) =>
        `<li><a href="#module-${escapeHtml(entries[0]?.moduleId ?? module)}">${escapeHtml(module)}</a> (${entries.length})</li>`,
    )
    .join('\n');
  const sections = [...modules.entries()].map(([module, entries]) => {
    const events = entries.map(renderEvent).join('\n');
    return `<section class="module" id="module-${escapeHtml(entries[0]?.moduleId ?? module)}">
<h2>${escapeHtml(module)} <code class="module-id">${escapeHtml(entries[0]?.moduleId ?? '')}</code></h2>
${events}
</section>`;
  });
  return `<h1>Event catalog</h1>
<p>Every event type an audit query export can contain: ${catalog.length} events in ${modules.size} modules.
This page is generated from the spec's <code>event-catalog.json</code> (the document's <code>x-event-catalog</code>),
so it always matches it. The catalog names events in upper case (<code>USER_LOGIN</code>); result lines carry the
kebab-case spelling (<code>user-login</code>). Attributes are exactly the placeholders of the message template.</p>
<p><label>Filter events <input id="event-filter" type="search" placeholder="name, module or attribute" autocomplete="off"></label></p>
<nav class="toc" aria-label="Modules"><ul>
${toc}
</ul></nav>
${sections.join('\n')}`;
}

function renderEvent(entry: CatalogEntry): string {
  const rows = Object.entries(entry.attributes)
    .map(
      ([name, attribute]) =>
        `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(attribute.type ?? '')}</td><td>${escapeHtml(attribute.description ?? '')}</td></tr>`,
    )
    .join('\n');
  const attributes = rows
    ? `<table class="attributes"><thead><tr><th>Attribute</th><th>Type</th><th>Description</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : '<p class="muted">No attributes.</p>';
  return `<article class="event" id="${eventAnchor(entry)}" data-search="${escapeHtml(
    [entry.name, entry.lineName, entry.module, ...Object.keys(entry.attributes)].join(' ').toLowerCase(),
  )}">
<h3><code>${escapeHtml(entry.name)}</code> <span class="line-name">result lines: <code>${escapeHtml(entry.lineName)}</code></span></h3>
<p class="template">${renderTemplate(entry.template)}</p>
${attributes}
</article>`;
}
