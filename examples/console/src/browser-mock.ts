// The console's one switch for working with no server at all: `?mock=browser` in its URL starts MSW's
// service worker in this tab with `@audit-export/mock/msw`'s handlers (the same engine as `npm start`'s
// mock) and points the clients at it. Loaded on demand, so the default build carries neither MSW nor the mock.
import type { Settings } from './settings.js';

/** What `?mock=browser[&seed=N][&scenario=NAME]` asks for. */
export interface BrowserMockOptions {
  /** The mock's data seed (default 1): the same seed gives the same events. */
  seed: number;
  /** A named scenario of the mock (`happy`, `flaky-download`…); the mock's default when absent. */
  scenario?: string;
}

/** The in-browser mock the page's URL asks for, or undefined when it names none. */
export function readBrowserMockOptions(search: string): BrowserMockOptions | undefined {
  const params = new URLSearchParams(search);
  if (params.get('mock') !== 'browser') return undefined;
  const seed = Number(params.get('seed') ?? '1');
  if (!Number.isSafeInteger(seed)) throw new RangeError(`?seed= must be an integer, got "${params.get('seed')}".`);
  const scenario = params.get('scenario');
  return { seed, ...(scenario ? { scenario } : {}) };
}

/**
 * Starts the service worker with the mock's handlers under `./mock-api` (beside the page, inside the
 * worker's scope) and returns the settings that point the clients at it, with freshly minted dev tokens.
 */
export async function startBrowserMock(options: BrowserMockOptions): Promise<Partial<Settings>> {
  const [{ setupWorker }, { createHandlers, mintDevToken, mintZohoToken }] = await Promise.all([
    import('msw/browser'),
    import('@audit-export/mock/msw'),
  ]);
  const baseUrl = new URL('./mock-api', window.location.href).href;
  const mock = createHandlers({
    seed: options.seed,
    baseUrl,
    ...(options.scenario ? { config: { scenario: options.scenario } } : {}),
  });
  await setupWorker(...mock.handlers).start({
    // Vite's `msw({ mode: 'worker-only' })` plugin serves and emits the worker script beside the page.
    serviceWorker: { url: new URL('./mockServiceWorker.js', window.location.href).pathname },
    onUnhandledFrame: 'bypass',
    quiet: true,
  });
  const audit = mintDevToken({ tenant: 'acme' });
  return { baseUrl, accessToken: audit.accessToken, apiToken: audit.idToken, zohoToken: mintZohoToken() };
}
