// Zoho CRM audit log export: criteria → job (Scheduled → In Progress → Finished) → CSV or ZIP entries
// streamed into the same virtualized table.
import { type AuditAction, criteria, type ZohoAuditEntry } from '@audit-export/client/zoho';
import { useStreamStore } from '@audit-export/query/react';
import { type FormEvent, useState } from 'react';
import type { Clients } from './clients.js';
import { type Column, DataTable } from './components/DataTable.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { Lifecycle } from './components/Lifecycle.js';
import { Progress } from './components/Progress.js';
import { downloadJsonl } from './download.js';
import { useSettings } from './settings.js';
import { createZohoExportStore, type ZohoExportStore } from './zoho-store.js';

const HEADERS = ['Audited Time', 'Done By', 'Action', 'Module', 'Record Name', 'Record Id', 'Source', 'IP Address'];
const columns: readonly Column<ZohoAuditEntry>[] = HEADERS.map((header) => ({
  header,
  width: header === 'Record Name' ? 'minmax(10rem, 2fr)' : 'minmax(7rem, 1fr)',
  value: (entry) => entry[header] ?? '',
}));
const DAY = 86_400_000;
const dayInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Zoho export panel. */
export function ZohoPanel({ clients }: { clients: Clients }) {
  const { downloadRetries } = useSettings();
  const [store, setStore] = useState<ZohoExportStore | undefined>(undefined);
  const run = useStreamStore(store);
  const [from, setFrom] = useState(() => dayInput(Date.now() - 2 * DAY));
  const [to, setTo] = useState(() => dayInput(Date.now()));
  const [action, setAction] = useState<'' | AuditAction>('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const time = criteria.auditedTimeBetween(new Date(`${from}T00:00:00Z`), new Date(`${to}T23:59:59Z`));
    const chosen = action === '' ? time : criteria.and(time, criteria.action(action));
    setStore(createZohoExportStore(clients.zoho, { criteria: chosen, downloadRetries }));
  }

  const active = run.status === 'creating' || run.status === 'polling' || run.status === 'streaming';
  return (
    <section aria-labelledby="zoho-heading" className="panel">
      <h2 id="zoho-heading">Zoho CRM audit log export</h2>
      <form onSubmit={submit} className="filters" aria-label="Zoho export criteria">
        <label>
          From (UTC day)
          <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (UTC day)
          <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value as '' | AuditAction)}>
            <option value="">any</option>
            <option value="added">added</option>
            <option value="updated">updated</option>
            <option value="deleted">deleted</option>
          </select>
        </label>
        <div className="actions">
          <button type="submit">Export</button>
          <button type="button" onClick={() => store?.abort()} disabled={!active}>
            Stop
          </button>
          <button
            type="button"
            onClick={() => downloadJsonl(run.items, `zoho-audit-${run.jobId ?? 'export'}.jsonl`)}
            disabled={run.items.length === 0}
          >
            Download JSON Lines
          </button>
        </div>
      </form>
      <Lifecycle jobId={run.jobId} state={run.jobStatus} />
      <Progress run={run} fraction={undefined} noun="entries" />
      {run.error && run.status === 'error' && (
        <ErrorNotice error={run.error}>
          {run.resumable && (
            <button type="button" onClick={() => store?.resume()}>
              Resume
            </button>
          )}
        </ErrorNotice>
      )}
      <DataTable
        label="Exported Zoho entries"
        rows={run.items}
        version={run.events}
        columns={columns}
        rowKey={(_entry, index) => String(index)}
      />
    </section>
  );
}
