/**
 * "Tomorrow's server" for the forward-compatibility test: the stateful mock rebuilt from a changed
 * copy of the spec, nothing in the repository rebuilt or written. The one generation entry point
 * regenerates every generated module from the copy into a temporary tree, and esbuild bundles the
 * mock's sources (with the events package's, which hold the catalog it draws events from) against
 * those modules: the mock then follows the copy wherever it reads the spec (job states, Zoho
 * statuses, error codes, the event catalog). What a schema cannot tell a mock (when a new status
 * shows, what a new field holds, when a new error code is answered) a thin vendor layer in front of
 * it adds; a Prism proxy of the changed document validates every answer the client gets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listenOnLoopback } from '@audit-export/testkit';
import { build, type Plugin } from 'esbuild';
import { generateEntry, packageDir } from './generated-checks.js';
import type { SpecSet } from './spec-set.js';

/** What the bundled mock exports (the same API as the installed @audit-export/mock). */
export type MockModule = typeof import('@audit-export/mock');

/** A mock module built from a spec copy, and the folder holding it. */
export interface BuiltMock {
  readonly module: MockModule;
  /** Repository-relative paths of the generated files that differ from the committed ones. */
  readonly regenerated: readonly string[];
  close(): void;
}

/** Points the mock's and the events package's `./generated/*.gen.js` imports at the regenerated tree, and `@audit-export/events` at its sources. */
function regeneratedModules(repoRoot: string, generatedRoot: string): Plugin {
  const eventsDir = packageDir('@audit-export/events');
  return {
    name: 'regenerated-modules',
    setup(builder) {
      builder.onResolve({ filter: /^@audit-export\/events$/ }, () => ({ path: join(eventsDir, 'src', 'index.ts') }));
      builder.onResolve({ filter: /\/generated\/[^/]+\.gen\.js$/ }, (args) => {
        const source = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return { path: join(generatedRoot, relative(repoRoot, source)) };
      });
    },
  };
}

/** Regenerates every generated module from `set` and bundles the mock against them; imports the bundle. */
export async function buildMockFrom(set: SpecSet): Promise<BuiltMock> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-next-mock-'));
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
    const entry = await generateEntry();
    const files = await entry.generateAll({ specDir: set.dir });
    const generatedRoot = join(dir, 'generated');
    entry.writeFiles(files, generatedRoot);
    const mockDir = packageDir('@audit-export/mock');
    const repoRoot = dirname(dirname(mockDir));
    const outfile = join(dir, 'mock.mjs');
    await build({
      entryPoints: [join(mockDir, 'src', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      plugins: [regeneratedModules(repoRoot, generatedRoot)],
    });
    const module = (await import(pathToFileURL(outfile).href)) as MockModule;
    return { module, regenerated: entry.staleFiles(files), close };
  } catch (error) {
    close();
    throw error;
  }
}

/** One request the vendor layer sees. */
export interface VendorRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
}

/** What the vendor layer does: answer a request itself, or pass the mock's answer on, rewritten. */
export interface VendorBehaviour {
  /** An answer of its own (status and JSON body), or undefined to ask the mock. */
  answer?(request: VendorRequest): { status: number; body: unknown } | undefined;
  /** The mock's JSON answer, changed as the next server would send it. */
  rewrite?(request: VendorRequest, body: unknown): unknown;
  /** Called before each request is forwarded (the test's stepped clock moves here). */
  onRequest?(request: VendorRequest): void;
}

/** A running vendor layer. */
export interface VendorLayer {
  readonly url: string;
  close(): Promise<void>;
}

const hopHeaders = ['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'keep-alive'];

async function relay(upstream: string, behaviour: VendorBehaviour, req: IncomingMessage, res: ServerResponse) {
  const request = { method: req.method ?? 'GET', url: req.url ?? '/' };
  behaviour.onRequest?.(request);
  const own = behaviour.answer?.(request);
  if (own) {
    res.writeHead(own.status, { 'content-type': 'application/json' }).end(JSON.stringify(own.body));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers))
    if (typeof value === 'string' && key !== 'host') headers.set(key, value);
  const answer = await fetch(`${upstream}${request.url}`, {
    method: request.method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : null,
  });
  let body = Buffer.from(await answer.arrayBuffer());
  // JSON answers only: a JSON Lines result (`application/jsonl`) streams through as the mock wrote it.
  if (behaviour.rewrite && /^application\/json\s*(;|$)/.test(answer.headers.get('content-type') ?? '')) {
    body = Buffer.from(JSON.stringify(behaviour.rewrite(request, JSON.parse(body.toString('utf8')))));
  }
  answer.headers.forEach((value, key) => {
    if (!hopHeaders.includes(key)) res.setHeader(key, value);
  });
  res.setHeader('content-length', body.length);
  res.writeHead(answer.status).end(body);
}

/** Starts the vendor layer on loopback in front of `upstream` (the mock). */
export async function startVendorLayer(upstream: string, behaviour: VendorBehaviour): Promise<VendorLayer> {
  const server: Server = createServer((req, res) => {
    relay(upstream, behaviour, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`vendor layer: ${(error as Error).message}`);
    });
  });
  return listenOnLoopback(server);
}
