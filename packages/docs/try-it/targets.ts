// Where Try it sends requests: the mock inside the page (default), the local mock of `npm start`,
// or a server the reader names. Only the choice is stored (sessionStorage), never a credential.

import type { OperationModel } from '../src/try-it/model.js';
import { TryItError } from './errors.js';

/** The three kinds of target. */
export type TargetKind = 'page' | 'local' | 'custom';

/** A chosen target: for the mocks, the mock's root URL; for another server, the API base URL typed. */
export interface Target {
  kind: TargetKind;
  root: string;
}

/** Where the local mock listens when the site's server does not say (`npm start`'s default). */
export const DEFAULT_LOCAL_MOCK = 'http://127.0.0.1:4010';

/** The site's root folder, from where this script is served (assets/try-it/). */
export function siteRoot(): URL {
  return new URL('../../', import.meta.url);
}

/**
 * The in-page mock answers at the page's own origin, at the APIs' real paths (`/audit-query-service/…`,
 * `/crm/…`, `/audit`): the service worker sees every request of the pages it controls, whatever the
 * URL, and the answers then look as the real ones do (Zoho's download links included, which the spec
 * requires to be `/v2/crm/…` at the root of their host).
 */
export function pageMockRoot(site: URL = siteRoot()): string {
  return site.origin;
}

/** The local mock's URL: what the docs server's config.json names, else the default. */
export async function localMockUrl(site: URL = siteRoot()): Promise<string> {
  try {
    const response = await fetch(new URL('config.json', site), { cache: 'no-store' });
    if (response.ok) {
      const { mockUrl } = (await response.json()) as { mockUrl?: unknown };
      if (typeof mockUrl === 'string' && /^https?:\/\//.test(mockUrl)) return mockUrl.replace(/\/+$/, '');
    }
  } catch {
    // A plain static server (or file://) has no config.json: the default stands.
  }
  return DEFAULT_LOCAL_MOCK;
}

/** Checks a base URL the reader typed: http(s), no credentials, query or fragment in it. */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TryItError(
      'TARGET_INVALID',
      `"${text}" is not a URL: type the API's base URL, e.g. https://api.example.com/audit-query-service.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TryItError('TARGET_INVALID', `The base URL must start with http:// or https://, not ${url.protocol}.`);
  }
  if (url.username || url.password) {
    throw new TryItError(
      'TARGET_INVALID',
      'Put no user or password in the URL: credentials go in their own fields, never in a URL.',
    );
  }
  if (url.search || url.hash)
    throw new TryItError('TARGET_INVALID', 'The base URL takes no query (?…) or fragment (#…).');
  return url.href.replace(/\/+$/, '');
}

/** The URL an operation's path is appended to on this target. */
export function baseUrlFor(target: Target, operation: Pick<OperationModel, 'serverPath'>): string {
  return target.kind === 'custom' ? target.root : `${target.root}${operation.serverPath}`;
}

/** Whether a target is one of the mocks (dev credentials can be minted, scenarios picked). */
export function isMock(target: Target): boolean {
  return target.kind !== 'custom';
}

/** A key tying stored credentials to one target: they are never offered to another. */
export function targetKey(target: Target): string {
  return target.kind === 'custom' ? `custom:${new URL(target.root).origin}` : target.kind;
}

/** True for hosts on this machine. */
export function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const CHOICE_KEY = 'try-it:target';

/** The target picked earlier in this tab. */
export function loadTargetChoice(): { kind: TargetKind; custom: string } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(CHOICE_KEY) ?? 'null') as { kind?: string; custom?: string } | null;
    if (saved && (saved.kind === 'page' || saved.kind === 'local' || saved.kind === 'custom')) {
      return { kind: saved.kind, custom: typeof saved.custom === 'string' ? saved.custom : '' };
    }
  } catch {
    // Storage refused (privacy mode) or damaged: start from the default.
  }
  return { kind: 'page', custom: '' };
}

/** Remembers the target for this tab. */
export function saveTargetChoice(choice: { kind: TargetKind; custom: string }): void {
  try {
    sessionStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
  } catch {
    // Not stored: the choice lasts as long as the page.
  }
}
