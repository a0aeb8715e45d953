// Audit resource search: `GET /audit` with its filters, through the kit's query options.
import type { AuditFilters, AuditRecord } from '@audit-export/client/audit-resource';
import { formatValue } from '@audit-export/events';
import { getAuditLogOptions } from '@audit-export/query';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Clients } from './clients.js';
import { type Column, DataTable } from './components/DataTable.js';
import { ErrorNotice } from './components/ErrorNotice.js';

// Values go to the table as they are: it shows each through formatValue (bounded, never throwing).
const columns: readonly Column<AuditRecord>[] = [
  { header: 'Occurred', width: '13rem', value: (r) => r.occurredOn },
  { header: 'Event type', width: 'minmax(8rem, 1fr)', value: (r) => r.eventType },
  { header: 'Result', width: '7rem', value: (r) => r.eventResultCode },
  { header: 'User', width: '9rem', value: (r) => r.username },
  { header: 'Entity', width: 'minmax(8rem, 1fr)', value: (r) => r.entityId },
  { header: 'Failure', width: 'minmax(8rem, 1fr)', value: (r) => r.eventResultFailure },
];
const DAY = 86_400_000;
const dayInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The audit resource search panel. */
export function AuditResourcePanel({ clients }: { clients: Clients }) {
  const [startDate, setStartDate] = useState(() => dayInput(Date.now() - 7 * DAY));
  const [stopDate, setStopDate] = useState(() => dayInput(Date.now()));
  const [userName, setUserName] = useState('');
  const [action, setAction] = useState('');
  const [filters, setFilters] = useState<Omit<AuditFilters, 'signal'> | undefined>(undefined);
  const query = useQuery({
    ...getAuditLogOptions(clients.auditResource, filters ?? {}),
    enabled: filters !== undefined,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setFilters({
      startDate,
      stopDate,
      ...(userName.trim() ? { userName: userName.trim() } : {}),
      ...(action.trim() ? { action: action.trim() as NonNullable<AuditFilters['action']> } : {}),
    });
  }

  const rows = query.data ?? [];
  return (
    <section aria-labelledby="audit-resource-heading" className="panel">
      <h2 id="audit-resource-heading">Audit resource search</h2>
      <form onSubmit={submit} className="filters" aria-label="Audit resource filters">
        <label>
          From day
          <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
        </label>
        <label>
          To day
          <input type="date" value={stopDate} onChange={(e) => setStopDate(e.target.value)} />
        </label>
        <label>
          User name
          <input value={userName} onChange={(e) => setUserName(e.target.value)} />
        </label>
        <label>
          Action
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="LOGIN" />
        </label>
        <div className="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      <p role="status" data-testid="search-status">
        {filters === undefined ? 'No search yet.' : query.isFetching ? 'Searching…' : `${rows.length} records found.`}
      </p>
      {query.error && <ErrorNotice error={query.error} />}
      <DataTable
        label="Audit records"
        rows={rows}
        version={rows.length}
        columns={columns}
        rowKey={(record, index) => `${formatValue(record.id)}-${index}`}
      />
    </section>
  );
}
