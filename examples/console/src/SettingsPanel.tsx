// Where the console points and with which credentials (dev tokens from the mock's CLI).
import { updateSettings, useSettings } from './settings.js';

/** The settings form: every field saves as it is typed. */
export function SettingsPanel() {
  const settings = useSettings();
  return (
    <section aria-labelledby="settings-heading" className="panel">
      <h2 id="settings-heading">Settings</h2>
      <p>
        Against <code>npm start</code>’s mock, mint dev tokens with{' '}
        <code>node packages/mock/dist/cli.js token --tenant acme</code> (audit query) and{' '}
        <code>node packages/mock/dist/cli.js token --zoho</code> (Zoho).
      </p>
      <form className="filters" aria-label="Connection settings" onSubmit={(e) => e.preventDefault()}>
        <label>
          Base URL
          <input type="url" value={settings.baseUrl} onChange={(e) => updateSettings({ baseUrl: e.target.value })} />
        </label>
        <label>
          Access token
          <input
            type="password"
            autoComplete="off"
            value={settings.accessToken}
            onChange={(e) => updateSettings({ accessToken: e.target.value })}
          />
        </label>
        <label>
          API token (api_token)
          <input
            type="password"
            autoComplete="off"
            value={settings.apiToken}
            onChange={(e) => updateSettings({ apiToken: e.target.value })}
          />
        </label>
        <label>
          Zoho token
          <input
            type="password"
            autoComplete="off"
            value={settings.zohoToken}
            onChange={(e) => updateSettings({ zohoToken: e.target.value })}
          />
        </label>
        <label>
          Audit resource user
          <input value={settings.basicUser} onChange={(e) => updateSettings({ basicUser: e.target.value })} />
        </label>
        <label>
          Audit resource password
          <input
            type="password"
            autoComplete="off"
            value={settings.basicPassword}
            onChange={(e) => updateSettings({ basicPassword: e.target.value })}
          />
        </label>
        <label>
          Retries per call
          <input
            type="number"
            min={0}
            max={10}
            value={settings.maxRetries}
            onChange={(e) => updateSettings({ maxRetries: Math.max(0, Number(e.target.value) || 0) })}
          />
        </label>
        <label>
          Automatic download retries
          <input
            type="number"
            min={0}
            max={10}
            value={settings.downloadRetries}
            onChange={(e) => updateSettings({ downloadRetries: Math.max(0, Number(e.target.value) || 0) })}
          />
        </label>
      </form>
    </section>
  );
}
