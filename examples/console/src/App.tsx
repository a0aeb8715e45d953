// The console: one view per API, all kept mounted so a running export survives switching views.
import { useState } from 'react';
import { AuditQueryPanel } from './AuditQueryPanel.js';
import { AuditResourcePanel } from './AuditResourcePanel.js';
import { useActivity } from './activity.js';
import { useClients } from './clients.js';
import { SettingsPanel } from './SettingsPanel.js';
import { getBrowserMockSeed } from './settings.js';
import { ZohoPanel } from './ZohoPanel.js';

const VIEWS = [
  ['audit-query', 'Audit query'],
  ['zoho', 'Zoho'],
  ['audit-resource', 'Audit resource'],
  ['settings', 'Settings'],
] as const;
type View = (typeof VIEWS)[number][0];

/** The whole console. */
export function App() {
  const clients = useClients();
  const [view, setView] = useState<View>('audit-query');
  const activity = useActivity();
  const mockSeed = getBrowserMockSeed();
  return (
    <>
      <header>
        <h1>Audit export console</h1>
        <nav aria-label="Views">
          {VIEWS.map(([id, name]) => (
            <button key={id} type="button" aria-current={view === id ? 'page' : undefined} onClick={() => setView(id)}>
              {name}
            </button>
          ))}
        </nav>
        {mockSeed === undefined ? null : (
          <p className="mode" data-testid="browser-mock">
            In-browser mock (MSW service worker, seed {mockSeed}): no server, nothing leaves this tab.
          </p>
        )}
      </header>
      <main>
        <div hidden={view !== 'audit-query'}>
          <AuditQueryPanel clients={clients} />
        </div>
        <div hidden={view !== 'zoho'}>
          <ZohoPanel clients={clients} />
        </div>
        <div hidden={view !== 'audit-resource'}>
          <AuditResourcePanel clients={clients} />
        </div>
        <div hidden={view !== 'settings'}>
          <SettingsPanel />
        </div>
        <section aria-labelledby="activity-heading" className="activity">
          <h2 id="activity-heading">Client activity</h2>
          {activity.length === 0 ? (
            <p>No retries so far.</p>
          ) : (
            <ul data-testid="activity">
              {activity.map((line) => (
                <li key={line.id}>
                  <time dateTime={line.at.toISOString()}>{line.at.toISOString().slice(11, 19)}</time> {line.text}
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
