// The job's lifecycle as it happens: every state seen, in order, the current one marked.
import { useEffect, useState } from 'react';

/** Shows the states `state` has gone through since `jobId` changed. */
export function Lifecycle({ jobId, state }: { jobId: string | undefined; state: string | undefined }) {
  const [seen, setSeen] = useState<{ jobId: string | undefined; states: string[] }>({ jobId, states: [] });
  useEffect(() => {
    setSeen((prev) => {
      const states = prev.jobId === jobId ? prev.states : [];
      if (state === undefined || states.at(-1) === state) return prev.jobId === jobId ? prev : { jobId, states };
      return { jobId, states: [...states, state] };
    });
  }, [jobId, state]);
  if (!jobId) return <p className="lifecycle">No job yet.</p>;
  return (
    <div className="lifecycle">
      <span>
        Job <code data-testid="job-id">{jobId}</code>
      </span>
      <ol aria-label="Job lifecycle" data-testid="lifecycle">
        {seen.states.map((one, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows at its end, so a position is an identity.
          <li key={`${one}-${i}`} aria-current={i === seen.states.length - 1 ? 'step' : undefined}>
            {one}
          </li>
        ))}
      </ol>
      <span className="sr-only" aria-live="polite">
        {state ? `Job ${state}` : ''}
      </span>
    </div>
  );
}
