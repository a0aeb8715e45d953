import { describeFilterMatch, filterParameters, operations, queryFilters } from '@audit-export/spec';
import { escapeHtml } from './html.js';
import type { ApiDocument } from './spec-inputs.js';

/** Escapes `text` and renders its backticked parts as code (the spec's descriptions use Markdown code spans). */
const prose = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/**
 * The landing page's filter tables: one per operation whose parameters declare `x-filter`, one row per
 * filter (its parameters, the client option, what matches), read from the spec so a new filter appears here.
 */
export function renderFilterTables(apis: readonly ApiDocument[]): string {
  const sections: string[] = [];
  for (const api of apis) {
    for (const { operationId } of operations(api.document)) {
      const filters = queryFilters(api.document, operationId);
      if (filters.length === 0) continue;
      const rows = filters
        .map((filter) => {
          const parameters = filterParameters(filter)
            .map((name) => `<code class="filter-parameter">${escapeHtml(name)}</code>`)
            .join(' + ');
          return `<tr><td>${parameters}</td><td><code>${escapeHtml(filter.field)}</code></td><td>An event matches when ${prose(describeFilterMatch(filter))}.</td></tr>`;
        })
        .join('\n');
      sections.push(`<section class="filters" id="filters-${escapeHtml(api.id)}-${escapeHtml(operationId)}">
<p>${escapeHtml(api.document.info.title)}, <code>${escapeHtml(operationId)}</code>: every filter given narrows the result (AND). The client takes each as the option named after its event field.</p>
<table class="filters"><thead><tr><th>Query parameter</th><th>Event field and client option</th><th>Match</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`);
    }
  }
  return sections.join('\n');
}
