import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DocsBuildError } from './errors.js';

const run = promisify(execFile);

/** The CDN address build-docs writes into its page; replaced by the local copy. */
const CDN_BUNDLE = /https:\/\/cdn\.redocly\.com\/redoc\/v([0-9][^/"'\s]*)\/bundles\/redoc\.standalone\.js/g;

/** Where the installed Redocly CLI lives and the Redoc bundle it prerenders with. */
export interface RedoclyInstall {
  cli: string;
  /** The Redoc standalone bundle shipped inside the CLI (what `--inlineBundle` embeds). */
  bundle: string;
  /** Version from the bundle's banner, e.g. 3.0.1. */
  bundleVersion: string;
}

/** Finds the Redocly CLI this package depends on and the Redoc bundle inside it. */
export function locateRedocly(): RedoclyInstall {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@redocly/cli/package.json'));
  // build-docs reads this file for --inlineBundle, so it is the exact Redoc its prerendered HTML expects.
  const bundle = join(root, 'lib', 'chunks', 'redoc.standalone.js');
  const banner = readFileSync(bundle, 'utf8').slice(0, 400);
  const bundleVersion = /Version:\s*([0-9][^\s*]*)/.exec(banner)?.[1];
  if (bundleVersion === undefined) {
    throw new DocsBuildError('REDOC_BUNDLE_MISMATCH', `Cannot read the Redoc version from ${bundle}.`, {
      file: bundle,
    });
  }
  return { cli: join(root, 'bin', 'cli.js'), bundle, bundleVersion };
}

/** Inputs of {@link buildRedocPage}. */
export interface RedocPageOptions {
  redocly: RedoclyInstall;
  /** Bundled OpenAPI document (JSON or YAML). */
  spec: string;
  /** Output HTML file. */
  output: string;
  /** Handlebars template with the site header. */
  template: string;
  /** Directory holding redocly.yaml (telemetry off); the CLI runs there. */
  configDir: string;
  /** Path from the page to the local Redoc bundle, e.g. ../assets/redoc.standalone.js. */
  bundleHref: string;
  /** Subresource integrity of the local bundle, from {@link copyRedocBundle}. */
  bundleIntegrity: string;
}

/**
 * Runs `redocly build-docs` for one API and rewrites the page to load Redoc from the site's own
 * copy instead of the CDN (offline the CDN page stays blank). The version the page asked the CDN
 * for must equal the local bundle's, or hydration would mismatch the prerendered HTML.
 */
export async function buildRedocPage(options: RedocPageOptions): Promise<void> {
  const { redocly } = options;
  try {
    await run(
      process.execPath,
      [redocly.cli, 'build-docs', options.spec, '--output', options.output, '--template', options.template],
      {
        cwd: options.configDir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new DocsBuildError(
      'REDOC_BUILD_FAILED',
      `redocly build-docs failed for ${options.spec}:\n${(stderr || stdout || String(error)).trim()}`,
      { spec: options.spec },
    );
  }
  const html = readFileSync(options.output, 'utf8');
  const versions = new Set([...html.matchAll(CDN_BUNDLE)].map((match) => match[1]));
  if (versions.size !== 1 || !versions.has(redocly.bundleVersion)) {
    throw new DocsBuildError(
      'REDOC_BUNDLE_MISMATCH',
      `build-docs asked for Redoc ${[...versions].join(', ') || '(no CDN reference)'} but the local bundle is ${redocly.bundleVersion}.`,
      { spec: options.spec, bundleVersion: redocly.bundleVersion },
    );
  }
  const local = hashRoutedLinks(html)
    .replace(CDN_BUNDLE, options.bundleHref)
    .replace(/(<link rel="modulepreload"[^>]*integrity=")[^"]*(")/, `$1${options.bundleIntegrity}$2`);
  writeFileSync(options.output, local);
}

/**
 * build-docs prerenders Redoc's section links as paths (`href="/export-jobs"`), but in the browser
 * Redoc routes by hash (`#/export-jobs`), which is what lets the page live at any address of a
 * static site. React does not patch attributes while hydrating, so without this rewrite the
 * prerendered links would stay and lead to pages that do not exist.
 */
export function hashRoutedLinks(html: string): string {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf('<script type="module">', start);
  if (start === -1 || end === -1) return html;
  const prerendered = html.slice(start, end).replace(/href="\/(?!\/)/g, 'href="#/');
  return html.slice(0, start) + prerendered + html.slice(end);
}

/** Redoc's attribution logo, which the bundle fetches from a CDN at view time. */
const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;

/** The same attribution as an inline image: no request leaves the machine. */
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#6b7280">Redocly</text></svg>',
)}`;

/** Rewrites the bundle's view-time CDN fetches (the attribution logo) to inline data. */
export function localizeRedocBundle(source: string): string {
  return source.replace(CDN_LOGO, LOCAL_LOGO);
}

/**
 * Copies the CLI's Redoc bundle into the site (one cached file for every API page), with its CDN
 * logo made local; returns the copy's subresource integrity for the pages' modulepreload links.
 */
export function copyRedocBundle(redocly: RedoclyInstall, target: string): string {
  const code = localizeRedocBundle(readFileSync(redocly.bundle, 'utf8'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
  return `sha384-${createHash('sha384').update(code).digest('base64')}`;
}
