// Entry point: one QueryClient for the kit's query and mutation options.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { readBrowserMockOptions, startBrowserMock } from './browser-mock.js';
import { applySiteConfig, switchToBrowserMock } from './settings.js';
import './styles.css';

const queryClient = new QueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

/** Starts the in-browser mock when the URL asks for it (else finds `npm start`'s mock), then renders. */
async function start(container: HTMLElement): Promise<void> {
  const browserMock = readBrowserMockOptions(window.location.search);
  if (browserMock) switchToBrowserMock(browserMock.seed, await startBrowserMock(browserMock));
  // The built console is served with a config.json naming the mock (`npm start`); the dev server has none.
  else if (import.meta.env.PROD) void applySiteConfig();
  createRoot(container, {
    // A row the table could not render is shown as such (RowBoundary) and the page goes on: a warning, not an error.
    onCaughtError: (error) => console.warn('A table row could not be rendered:', error),
  }).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

start(root).catch((error: unknown) => {
  // Nothing rendered yet: say what failed where the app would be.
  root.textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
  console.error(error);
});
