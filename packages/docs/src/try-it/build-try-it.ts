import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecNode } from '@audit-export/spec';
import { escapeHtml } from '../html.js';
import type { ApiDocument } from '../spec-inputs.js';
import { bundleBrowserCode, copyMockServiceWorker } from './browser-bundle.js';
import { exampleClock } from './example-clock.js';
import type { ApiModel, WorkflowModel } from './model.js';
import { buildOperationModels } from './operation-model.js';
import { compileValidatorModule, SchemaRegistry } from './schema-registry.js';
import { buildWorkflowModels, feedsOf, readArazzoFiles } from './workflow-model.js';

/** Inputs of {@link buildTryIt}. */
export interface TryItOptions {
  apis: readonly ApiDocument[];
  /** Folder of the Arazzo workflows (spec/arazzo); missing: no walkthroughs. */
  arazzoDir: string;
  /** packages/docs (its try-it/ sources and node_modules). */
  docsDir: string;
  /** The site being built (dist/site). */
  outDir: string;
}

/** What the rest of the build needs: the workflows (for the walkthroughs page) and the API models. */
export interface TryItResult {
  apis: ApiModel[];
  workflows: WorkflowModel[];
}

/**
 * Writes Try it into the site: per API `assets/try-it/api/<id>.js` (model and compiled validators),
 * `assets/try-it/workflows.js`, the bundled browser code and MSW's worker at the site root.
 */
export async function buildTryIt(options: TryItOptions): Promise<TryItResult> {
  const assets = join(options.outDir, 'assets', 'try-it');
  mkdirSync(join(assets, 'api'), { recursive: true });
  const registries = new Map<string, SchemaRegistry>();
  const apis: ApiModel[] = options.apis.map((api) => {
    const registry = new SchemaRegistry();
    registries.set(api.id, registry);
    const operations = buildOperationModels(api.id, api.document as SpecNode, registry);
    const clock = exampleClock(operations);
    return {
      id: api.id,
      title: api.document.info.title,
      operations,
      feeds: [],
      ...(clock ? { mockClock: clock } : {}),
    };
  });
  const workflows = buildWorkflowModels(readArazzoFiles(options.arazzoDir), apis);
  for (const api of apis) api.feeds = feedsOf(workflows, api.id);
  await Promise.all(
    apis.map(async (api) => {
      const document = options.apis.find((candidate) => candidate.id === api.id)?.document as SpecNode;
      const code = await compileValidatorModule(
        api.id,
        document,
        registries.get(api.id) as SchemaRegistry,
        options.docsDir,
        `export const model = ${JSON.stringify(api)};`,
      );
      writeFileSync(join(assets, 'api', `${api.id}.js`), code);
    }),
  );
  writeFileSync(join(assets, 'workflows.js'), `export const workflows = ${JSON.stringify(workflows)};\n`);
  await bundleBrowserCode(options.docsDir, assets);
  copyMockServiceWorker(join(options.outDir, 'mockServiceWorker.js'));
  return { apis, workflows };
}

/**
 * Adds Try it to a built Redoc page: its stylesheet, the element naming the API, and the panel's
 * script. Nothing runs until the page has loaded; the panel's own code loads its API module.
 */
export function addTryItToRedocPage(file: string, apiId: string): void {
  const html = readFileSync(file, 'utf8');
  const head = '<link rel="stylesheet" href="../assets/try-it.css">\n</head>';
  const body = `<div id="try-it-root" data-api="${escapeHtml(apiId)}" hidden></div>\n<script type="module" src="../assets/try-it/panel.js"></script>\n</body>`;
  writeFileSync(file, html.replace(/<\/head>/, head).replace(/<\/body>(?![\s\S]*<\/body>)/, body));
}
