// The error as a person reads it (see errors.ts), with a live countdown for a 429's wait.
import type { AuditExportError } from '@audit-export/client';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { describeError } from '../errors.js';

/** Shows `error` with what to do, and the buttons (`children`) that do it. */
export function ErrorNotice({ error, children }: { error: AuditExportError | Error; children?: ReactNode }) {
  const view = useMemo(() => describeError(error), [error]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (view.retryAt === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [view.retryAt]);
  const left = view.retryAt === undefined ? 0 : Math.max(0, view.retryAt - now);
  return (
    <div role="alert" className="notice" data-testid="error" data-code={view.code}>
      <p className="notice-title">{view.title}</p>
      <p>{view.action}</p>
      {view.retryAt !== undefined && (
        <p data-testid="retry-wait">
          {left > 0 ? `You can try again in ${Math.ceil(left / 1000)} s.` : 'You can try again now.'}
        </p>
      )}
      <div className="actions">{children}</div>
      <p className="code">
        code <code>{view.code}</code>
      </p>
    </div>
  );
}
