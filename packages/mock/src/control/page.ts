/**
 * The control page at `GET /`: the active scenario and a way to switch it, the live jobs with
 * their states, and the dev-token commands. One self-contained document (no external assets);
 * its script talks to the control API on the same origin.
 */

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
code,pre{font-family:ui-monospace,monospace;background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}
pre{padding:.6rem;overflow:auto}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
#sees{color:#444}.error{color:#a00}`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
async function call(method, path, body) {
  // Every change carries Content-Type: application/json, with or without a body (the control API's rule).
  const change = method !== 'GET';
  const res = await fetch(path, { method, headers: change ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json();
  if (!res.ok) throw new Error(data.message || res.status);
  return data;
}
function showScenario(s) {
  $('current').textContent = s.name;
  $('sees').textContent = s.sees;
  $('clock-factor').textContent = String(s.clockFactor);
  const select = $('scenario');
  if (select.options.length === 0)
    for (const o of s.scenarios) select.add(new Option(o.name, o.name));
  select.value = s.name;
}
async function refreshJobs() {
  const { jobs } = await call('GET', '/__mock/jobs');
  const body = $('jobs');
  body.replaceChildren(...jobs.map((j) => {
    const tr = document.createElement('tr');
    for (const v of [j.api, j.jobId, j.state, j.createdAt]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    tr.dataset.jobId = j.jobId;
    return tr;
  }));
  $('no-jobs').hidden = jobs.length > 0;
}
function report(error) { $('message').textContent = error ? String(error.message || error) : ''; }
$('switch').addEventListener('submit', async (event) => {
  event.preventDefault();
  try { showScenario(await call('PUT', '/__mock/scenario', { name: $('scenario').value })); report(); } catch (e) { report(e); }
});
$('reset').addEventListener('click', async () => {
  try { showScenario(await call('POST', '/__mock/reset')); await refreshJobs(); report(); } catch (e) { report(e); }
});
$('advance').addEventListener('click', async () => {
  try { await call('POST', '/__mock/clock', { advanceMs: 60000 }); await refreshJobs(); report(); } catch (e) { report(e); }
});
$('origin').textContent = location.origin;
call('GET', '/__mock/scenario').then(showScenario, report);
refreshJobs().catch(report);
setInterval(() => refreshJobs().catch(report), 1000);`;

/** The control page's HTML. */
export function controlPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>audit-export mock</title>
<style>${STYLE}</style>
</head>
<body>
<h1>audit-export mock</h1>
<p>Serving the audit query, Zoho CRM audit log export and audit resource APIs at <code id="origin"></code>.</p>
<h2>Scenario</h2>
<p>Active: <strong id="current">…</strong> (clock factor <span id="clock-factor">…</span>)</p>
<p id="sees"></p>
<form id="switch">
<label for="scenario">Switch to</label>
<select id="scenario" name="scenario"></select>
<button type="submit">Switch</button>
<button type="button" id="reset">Reset mock</button>
<button type="button" id="advance">Advance clock 1 min</button>
</form>
<p id="message" class="error" role="alert"></p>
<h2>Jobs</h2>
<table>
<thead><tr><th>API</th><th>Job id</th><th>State</th><th>Created</th></tr></thead>
<tbody id="jobs"></tbody>
</table>
<p id="no-jobs">No jobs yet.</p>
<h2>Dev tokens</h2>
<p>Audit query credentials (a Bearer token and an <code>api_token</code>) for tenant <code>acme</code>:</p>
<pre id="token-audit">npx audit-export-mock token --tenant acme</pre>
<p>A Zoho-oauthtoken with every scope:</p>
<pre id="token-zoho">npx audit-export-mock token --zoho</pre>
<p>In this repository, <code>node packages/mock/dist/cli.js token --tenant acme</code> does the same. Per request, the
<code>x-mock-scenario</code> and <code>x-mock-fault</code> headers (or <code>?__scenario=</code> and <code>?__fault=</code>)
override what is set here.</p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
