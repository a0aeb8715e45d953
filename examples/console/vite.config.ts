import react from '@vitejs/plugin-react';
import { msw } from 'msw/vite';
import { defineConfig } from 'vite';

// Relative asset paths in the build: the console works from any folder a static server puts it under
// (`npm start` serves it beside the docs, the browser test from its own server). The dev server keeps
// `/`, where MSW's plugin serves the worker script (it matches the path literally).
export default defineConfig(({ command }) => ({
  base: command === 'build' ? './' : '/',
  // worker-only: the plugin serves `mockServiceWorker.js` in dev and emits it beside the build; the
  // console starts the worker itself (`src/browser-mock.ts`) with the mock's handlers.
  plugins: [react(), msw({ mode: 'worker-only' })],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1_000 },
  server: { host: '127.0.0.1' },
}));
