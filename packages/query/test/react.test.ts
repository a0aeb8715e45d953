// @vitest-environment happy-dom
import { NotFoundError } from '@audit-export/client';
import type { AuditQueryClient } from '@audit-export/client/audit-query';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, createElement, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type UseExportResult, useExport, useJobStatus } from '../src/react/index.js';
import { PERIOD, recordingFetch, startMock } from './helpers/mock.js';

// React asks for this flag before it lets act() flush updates outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

/** Renders `node` into a happy-dom container with a QueryClientProvider. */
function render(node: ReactNode, queryClient = new QueryClient()) {
  const container = document.createElement('div');
  root = createRoot(container);
  act(() => root?.render(createElement(QueryClientProvider, { client: queryClient }, node)));
  return container;
}

/** Waits until `check` passes, re-rendering through act. */
async function until(check: () => boolean, ms = 8_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
  }
}

/** Shows an export's progress; hands the hook's result to the test. */
function Export({ client, report }: { client: AuditQueryClient; report: (result: UseExportResult) => void }) {
  const result = useExport(client);
  report(result);
  return createElement('p', null, `${result.status}: ${result.events} events, ${result.bytes} bytes`);
}

/** Shows a job's status; hands the query's error to the test. */
function Status({
  client,
  jobId,
  report,
}: {
  client: AuditQueryClient;
  jobId: string;
  report: (error: unknown) => void;
}) {
  const status = useJobStatus(client, jobId, { polling: { minDelayMs: 5 } });
  report(status.error);
  return createElement('p', null, status.data?.status ?? 'loading');
}

describe('useExport', () => {
  it('renders an export’s progress and rows as it streams, then done', async () => {
    const { mock, client } = await startMock();
    let result: UseExportResult | undefined;
    const renders: string[] = [];
    const report = (r: UseExportResult) => {
      result = r;
      renders.push(r.status);
    };
    const container = render(createElement(Export, { client, report }));
    expect(container.textContent).toBe('idle: 0 events, 0 bytes');
    act(() => result?.start({ ...PERIOD, attributes: {} }));
    await until(() => result?.status === 'done');
    const truth = mock.expectedEvents(result?.jobId ?? '').length;
    expect(container.textContent).toMatch(new RegExp(`^done: ${truth} events, \\d+ bytes$`));
    expect(result?.items).toHaveLength(truth);
    expect(renders).toContain('polling');
    // Batched: the component rendered far fewer times than there were events.
    expect(renders.length).toBeLessThan(truth / 10);
  });

  it('aborts the export when the component unmounts: no request after it', async () => {
    const paths: string[] = [];
    const { client } = await startMock(
      { auditQuery: { pendingMs: 60_000, processingMs: 40 } },
      { fetch: recordingFetch(paths) },
    );
    let result: UseExportResult | undefined;
    render(createElement(Export, { client, report: (r) => (result = r) }));
    act(() => result?.start({ ...PERIOD, attributes: {} }));
    await until(() => result?.status === 'polling' && paths.filter((p) => p.includes('/status/')).length >= 2);
    act(() => root?.unmount());
    root = undefined;
    const after = paths.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(paths.length).toBe(after);
  });
});

describe('useJobStatus', () => {
  it('polls a job to COMPLETED', async () => {
    const { client } = await startMock();
    const job = await client.createExport({ ...PERIOD, attributes: {} });
    const container = render(createElement(Status, { client, jobId: job.jobId, report: () => undefined }));
    await until(() => container.textContent === 'COMPLETED');
  });

  it('shows the client’s typed error', async () => {
    const { client } = await startMock();
    let error: unknown;
    const jobId = '00000000-0000-4000-8000-000000000000';
    render(createElement(Status, { client, jobId, report: (e) => (error = e) }));
    await until(() => error !== null && error !== undefined);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
