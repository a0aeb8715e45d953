import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative asset paths: the built console works from any folder a static server puts it under
// (`npm start` serves it beside the docs, the browser test from its own server).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1_000 },
  server: { host: '127.0.0.1' },
});
