// The audit query filters: tenant, time range, and the create call's filters as the spec declares them
// (the client's exportFilterFields), so a filter added to the spec shows up here with no edit.
import { type ExportFilters, exportFilterFields } from '@audit-export/client/audit-query';
import { type FormEvent, type ReactNode, useState } from 'react';

/** Datetime-local value (UTC, minutes) of `ms`. */
const localInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const HOUR = 3_600_000;

interface Pair {
  id: number;
  name: string;
  value: string;
}

const valueFilters = exportFilterFields.filter((filter) => filter.match !== 'pairs');
const pairFilters = exportFilterFields.filter((filter) => filter.match === 'pairs');
const labelOf = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

/** The filters form; `children` are its action buttons. */
export function AuditQueryForm({
  onExport,
  children,
}: {
  /** Called with the filters and the window in epoch ms when the reader submits. */
  onExport: (filters: ExportFilters, window: [number, number]) => void;
  children: ReactNode;
}) {
  const [tenantId, setTenantId] = useState('acme');
  const [start, setStart] = useState(() => localInput(Date.now() - 24 * HOUR));
  const [end, setEnd] = useState(() => localInput(Date.now()));
  const [values, setValues] = useState<Record<string, string>>({});
  const [pairs, setPairs] = useState<Pair[]>([]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const filters: ExportFilters = {
      tenantId: tenantId.trim(),
      startTime: new Date(`${start}Z`),
      endTime: new Date(`${end}Z`),
    };
    for (const { field } of valueFilters) {
      const value = values[field]?.trim() ?? '';
      if (value !== '') Object.assign(filters, { [field]: value });
    }
    const entries = Object.fromEntries(pairs.filter((p) => p.name !== '').map((p) => [p.name, p.value]));
    for (const { field } of pairFilters) {
      if (Object.keys(entries).length > 0) Object.assign(filters, { [field]: entries });
    }
    onExport(filters, [Date.parse(`${start}Z`), Date.parse(`${end}Z`)]);
  }

  const setPair = (id: number, change: Partial<Pair>) =>
    setPairs(pairs.map((p) => (p.id === id ? { ...p, ...change } : p)));
  return (
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
      {valueFilters.map(({ field }) => (
        <label key={field}>
          {labelOf(field)}
          <input value={values[field] ?? ''} onChange={(e) => setValues({ ...values, [field]: e.target.value })} />
        </label>
      ))}
      {pairFilters.map(({ field }) => (
        <fieldset key={field} className="pairs">
          <legend>{labelOf(field)}</legend>
          {pairs.map((pair, i) => (
            <div key={pair.id} className="pair">
              <label>
                Name {i + 1}
                <input value={pair.name} onChange={(e) => setPair(pair.id, { name: e.target.value })} />
              </label>
              <label>
                Value {i + 1}
                <input value={pair.value} onChange={(e) => setPair(pair.id, { value: e.target.value })} />
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
      ))}
      {children}
    </form>
  );
}
