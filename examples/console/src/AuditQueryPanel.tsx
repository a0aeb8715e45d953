// Audit query export: filters → job → live lifecycle → events streamed into a virtualized table.
// Built on @audit-export/query: `useExport` streams (batched per frame), `useJobStatus` polls,
// the mutation options cancel and delete (and invalidate the job's status).
import { AuthError, NetworkError, RateLimitError, ServerError, TimeoutError } from '@audit-export/client';
import type { AuditEvent, ExportFilters } from '@audit-export/client/audit-query';
import { formatValue } from '@audit-export/events';
import { cancelExportJobMutation, deleteExportJobMutation } from '@audit-export/query';
import { useExport, useJobStatus } from '@audit-export/query/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import type { Clients } from './clients.js';
import { type Column, DataTable } from './components/DataTable.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { Lifecycle } from './components/Lifecycle.js';
import { Progress } from './components/Progress.js';
import { downloadJsonl } from './download.js';
import { pacedExports } from './paced-client.js';
import { useSettings } from './settings.js';

// Values go to the table as they are: it shows each through formatValue (bounded, never throwing), so an
// attribute nested 100,000 deep or a megabyte long is a short cell ending in `[…]`.
const columns: readonly Column<AuditEvent>[] = [
  { header: 'Time', width: '13rem', value: (event) => event.timestamp },
  { header: 'Event', width: 'minmax(10rem, 1fr)', value: (event) => event.name },
  { header: 'Category', width: '8rem', value: (event) => event.category },
  { header: 'Application', width: '8rem', value: (event) => event.application },
  { header: 'User', width: '10rem', value: (event) => event.username },
  { header: 'Attributes', width: 'minmax(10rem, 2fr)', value: (event) => attributesText(event.attributes) },
  { header: 'Event id', width: '19rem', value: (event) => event.eventId },
];

/** `name=value, …` with each value as formatValue shows it (the cell then bounds the whole). */
function attributesText(attributes: unknown): string {
  if (typeof attributes !== 'object' || attributes === null) return formatValue(attributes);
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(', ');
}

/** When the event happened, ms; NaN when its time cannot be read. */
function timeOf(event: AuditEvent | undefined): number {
  try {
    return event ? Date.parse(String(event.timestamp)) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Datetime-local value (UTC, minutes) of `ms`. */
const localInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const HOUR = 3_600_000;

interface Pair {
  id: number;
  name: string;
  value: string;
}

/** Errors after which the same job can be attached to again (the job itself is fine). */
const canContinue = (error: unknown) =>
  error instanceof AuthError ||
  error instanceof RateLimitError ||
  error instanceof NetworkError ||
  error instanceof ServerError ||
  error instanceof TimeoutError;

/** The audit query export panel. */
export function AuditQueryPanel({ clients }: { clients: Clients }) {
  const client = clients.auditQuery;
  const { downloadRetries } = useSettings();
  // Repeated strings are shared as batches arrive (a million rows fit the heap), and the stream yields every
  // few ms (the page stays responsive): see paced-client.ts.
  const paced = useMemo(() => pacedExports(client), [client]);
  const run = useExport(paced);
  const [deleted, setDeleted] = useState<string | undefined>(undefined);
  // A deleted job has no status to poll (the delete mutation removed its query).
  const status = useJobStatus(client, deleted === run.jobId ? undefined : run.jobId);
  const cancel = useMutation(cancelExportJobMutation(client));
  const remove = useMutation(deleteExportJobMutation(client));
  const [tenantId, setTenantId] = useState('acme');
  const [start, setStart] = useState(() => localInput(Date.now() - 24 * HOUR));
  const [end, setEnd] = useState(() => localInput(Date.now()));
  const [category, setCategory] = useState('');
  const [application, setApplication] = useState('');
  const [username, setUsername] = useState('');
  const [pairs, setPairs] = useState<Pair[]>([]);
  const [range, setRange] = useState<[number, number]>([0, 1]);

  function filters(): ExportFilters {
    const optional = { category, application, username };
    const attributes = Object.fromEntries(pairs.filter((p) => p.name !== '').map((p) => [p.name, p.value]));
    return {
      tenantId: tenantId.trim(),
      startTime: new Date(`${start}Z`),
      endTime: new Date(`${end}Z`),
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value.trim() !== '')),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDeleted(undefined);
    setRange([Date.parse(`${start}Z`), Date.parse(`${end}Z`)]);
    run.start({ ...filters(), downloadRetries });
  }

  const jobState = status.data?.status ?? run.jobStatus;
  const last = timeOf(run.items.at(-1));
  const fraction =
    Number.isFinite(last) && range[1] > range[0]
      ? Math.min(1, Math.max(0, (last - range[0]) / (range[1] - range[0])))
      : undefined;
  const active = run.status === 'creating' || run.status === 'polling' || run.status === 'streaming';
  const terminal = jobState === 'COMPLETED' || jobState === 'FAILED' || jobState === 'CANCELLED';
  const mutationError = cancel.error ?? remove.error;

  return (
    <section aria-labelledby="audit-query-heading" className="panel">
      <h2 id="audit-query-heading">Audit query export</h2>
      <form onSubmit={submit} className="filters" aria-label="Audit query filters">
        <label>
          Tenant
          <input required value={tenantId} onChange={(e) => setTenantId(e.target.value)} />
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" required value={end} onChange={(e) => setEnd(e.target.value)} />
        </label>
        <label>
          Category
          <input value={category} onChange={(e) => setCategory(e.target.value)} placeholder="security" />
        </label>
        <label>
          Application
          <input value={application} onChange={(e) => setApplication(e.target.value)} placeholder="express" />
        </label>
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <fieldset className="pairs">
          <legend>Attributes</legend>
          {pairs.map((pair, i) => (
            <div key={pair.id} className="pair">
              <label>
                Name {i + 1}
                <input
                  value={pair.name}
                  onChange={(e) => setPairs(pairs.map((p) => (p.id === pair.id ? { ...p, name: e.target.value } : p)))}
                />
              </label>
              <label>
                Value {i + 1}
                <input
                  value={pair.value}
                  onChange={(e) => setPairs(pairs.map((p) => (p.id === pair.id ? { ...p, value: e.target.value } : p)))}
                />
              </label>
              <button type="button" onClick={() => setPairs(pairs.filter((p) => p.id !== pair.id))}>
                Remove attribute {i + 1}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setPairs([...pairs, { id: Date.now(), name: '', value: '' }])}>
            Add attribute
          </button>
        </fieldset>
        <div className="actions">
          <button type="submit">Export</button>
          <button type="button" onClick={run.abort} disabled={!active}>
            Stop
          </button>
          <button
            type="button"
            onClick={() => run.jobId && cancel.mutate({ jobId: run.jobId })}
            disabled={!run.jobId || terminal || deleted === run.jobId}
          >
            Cancel job
          </button>
          <button
            type="button"
            onClick={() => run.jobId && remove.mutate({ jobId: run.jobId }, { onSuccess: () => setDeleted(run.jobId) })}
            disabled={!run.jobId || !terminal || active || deleted === run.jobId}
          >
            Delete job
          </button>
          <button
            type="button"
            onClick={() => downloadJsonl(run.items, `audit-events-${run.jobId ?? 'export'}.jsonl`)}
            disabled={run.items.length === 0}
          >
            Download JSON Lines
          </button>
        </div>
      </form>
      <Lifecycle jobId={run.jobId} state={deleted === run.jobId && run.jobId ? 'DELETED' : jobState} />
      <Progress run={run} fraction={fraction} noun="events" />
      {run.error && run.status === 'error' && (
        <ErrorNotice error={run.error}>
          {run.resumable && (
            <button type="button" onClick={run.resume}>
              Resume
            </button>
          )}
          {!run.resumable && run.jobId && canContinue(run.error) && (
            <button type="button" onClick={() => run.jobId && run.start({ jobId: run.jobId, downloadRetries })}>
              Continue
            </button>
          )}
        </ErrorNotice>
      )}
      {mutationError && <ErrorNotice error={mutationError} />}
      {deleted && deleted === run.jobId && <p role="status">Job {deleted} deleted.</p>}
      <DataTable
        label="Exported events"
        rows={run.items}
        version={run.events}
        columns={columns}
        rowKey={(event) => event.eventId}
      />
    </section>
  );
}
