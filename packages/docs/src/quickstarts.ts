import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { escapeHtml } from './html.js';
import { DEFAULT_MOCK_URL } from './site-config.js';

/**
 * A quick start: prose plus code files from packages/docs/quickstarts/. The files are the
 * code readers see, typechecked against the packages and run against the mock by the tests.
 */
export interface QuickStart {
  id: string;
  title: string;
  packageName: string;
  intro: string;
  /** File names under quickstarts/, shown in order. */
  files: readonly string[];
}

/** The landing page's quick starts, each calling the mock that `npm start` runs beside the site. */
export const QUICK_STARTS: readonly QuickStart[] = [
  {
    id: 'quick-start-mock',
    title: 'Run the mock',
    packageName: '@audit-export/mock',
    intro:
      'A stateful mock of all three APIs: jobs move through their states, results stream as JSON Lines. `npm start` runs it beside this site; mint dev credentials and call it with curl, or start a private one in a test.',
    files: ['mock.sh', 'mock.ts'],
  },
  {
    id: 'quick-start-client',
    title: 'Export events with the client',
    packageName: '@audit-export/client',
    intro:
      'Create an export, wait for it with backoff and jitter, and stream its events exactly once, every type from the spec. Uses ACCESS_TOKEN and API_TOKEN from the mock quick start.',
    files: ['client.ts'],
  },
  {
    id: 'quick-start-events',
    title: 'Parse a JSON Lines result',
    packageName: '@audit-export/events',
    intro:
      'Turn any result stream (a fetch Response, a web stream, a Node stream) into validated, typed events in constant memory, and render each event\u2019s catalog message. JOB_ID is a COMPLETED job.',
    files: ['events.ts'],
  },
];

/** Reads a quick start's files from `dir`. */
export function readQuickStartFiles(quickStart: QuickStart, dir: string): Map<string, string> {
  return new Map(quickStart.files.map((file) => [file, readFileSync(join(dir, file), 'utf8').trimEnd()]));
}

/** Renders a quick start, with the mock URL in spans the page script fills from config.json. */
export function renderQuickStart(
  quickStart: QuickStart,
  files: ReadonlyMap<string, string>,
  typedocHref: string | undefined,
): string {
  const blocks = [...files.entries()]
    .map(([file, source]) => {
      const language = extname(file) === '.sh' ? 'sh' : 'ts';
      const code = escapeHtml(source).split(DEFAULT_MOCK_URL).join(`<span class="mock-url">${DEFAULT_MOCK_URL}</span>`);
      return `<p class="file-name">${escapeHtml(file)}</p>\n<pre><code class="language-${language}">${code}</code></pre>`;
    })
    .join('\n');
  const reference = typedocHref
    ? `<p><a href="${escapeHtml(typedocHref)}">${escapeHtml(quickStart.packageName)} reference</a></p>`
    : `<p class="muted">The ${escapeHtml(quickStart.packageName)} reference appears here once the package is built.</p>`;
  return `<section class="quick-start" id="${quickStart.id}">
<h3>${escapeHtml(quickStart.title)} <code>${escapeHtml(quickStart.packageName)}</code></h3>
<p>${escapeHtml(quickStart.intro).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>
${blocks}
${reference}
</section>`;
}
