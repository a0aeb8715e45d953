/** @audit-export/testkit: helpers the workspace's tests share. */
export {
  ChromiumError,
  type ChromiumOptions,
  chromiumInstallTimeoutMs,
  chromiumPath,
  ensureChromium,
  launchChromium,
  pageWaitMs,
} from './chromium.js';
export { type DocumentedMember, documentedMembers, errorCodeTable, tableStartingWith } from './code-table.js';
export { type LoopbackServer, listenOnLoopback } from './loopback.js';
export { bundleForBrowser, type PageResult, readPageResult } from './page-result.js';
export { type Page, type PageServer, servePages } from './pages.js';
export { freePort } from './ports.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export { type RewritingProxy, startRewritingProxy } from './rewriting-proxy.js';
export { allRuntimes, otherRuntimes, type Runtime } from './runtimes.js';
