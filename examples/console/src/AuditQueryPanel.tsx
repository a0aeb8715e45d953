// Audit query export: filters → job → live lifecycle → events streamed into a virtualized table.
// Built on @audit-export/query: `useExport` streams (batched per frame), `useJobStatus` polls,
// the mutation options cancel and delete (and invalidate the job's status).
import { cancelExportJobMutation, deleteExportJobMutation } from '@audit-export/query';
import { useExport, useJobStatus } from '@audit-export/query/react';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AuditQueryForm } from './AuditQueryForm.js';
import { AuditQueryStatus } from './AuditQueryStatus.js';
import { auditEventColumns, timeOf } from './audit-query-columns.js';
import type { Clients } from './clients.js';
import { DataTable } from './components/DataTable.js';
import { downloadJsonl } from './download.js';
import { pacedExports } from './paced-client.js';
import { useSettings } from './settings.js';

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
  const [range, setRange] = useState<[number, number]>([0, 1]);

  const jobState = status.data?.status ?? run.jobStatus;
  const last = timeOf(run.items.at(-1));
  const fraction =
    Number.isFinite(last) && range[1] > range[0]
      ? Math.min(1, Math.max(0, (last - range[0]) / (range[1] - range[0])))
      : undefined;
  const active = run.status === 'creating' || run.status === 'polling' || run.status === 'streaming';
  const terminal = jobState === 'COMPLETED' || jobState === 'FAILED' || jobState === 'CANCELLED';
  const gone = deleted !== undefined && deleted === run.jobId;

  return (
    <section aria-labelledby="audit-query-heading" className="panel">
      <h2 id="audit-query-heading">Audit query export</h2>
      <AuditQueryForm
        onExport={(filters, window) => {
          setDeleted(undefined);
          setRange(window);
          run.start({ ...filters, downloadRetries });
        }}
      >
        <div className="actions">
          <button type="submit">Export</button>
          <button type="button" onClick={run.abort} disabled={!active}>
            Stop
          </button>
          <button
            type="button"
            onClick={() => run.jobId && cancel.mutate({ jobId: run.jobId })}
            disabled={!run.jobId || terminal || gone}
          >
            Cancel job
          </button>
          <button
            type="button"
            onClick={() => run.jobId && remove.mutate({ jobId: run.jobId }, { onSuccess: () => setDeleted(run.jobId) })}
            disabled={!run.jobId || !terminal || active || gone}
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
      </AuditQueryForm>
      <AuditQueryStatus
        run={run}
        jobState={jobState}
        deleted={deleted}
        fraction={fraction}
        mutationError={cancel.error ?? remove.error}
        onContinue={(jobId) => run.start({ jobId, downloadRetries })}
      />
      <DataTable
        label="Exported events"
        rows={run.items}
        version={run.events}
        columns={auditEventColumns}
        rowKey={(event) => event.eventId}
      />
    </section>
  );
}
