// Entry point: one QueryClient for the kit's query and mutation options.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { applySiteConfig } from './settings.js';
import './styles.css';

const queryClient = new QueryClient();
// The built console is served with a config.json naming the mock (`npm start`); the dev server has none.
if (import.meta.env.PROD) void applySiteConfig();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
