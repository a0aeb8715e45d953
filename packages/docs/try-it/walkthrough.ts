// The walkthroughs page: each Arazzo workflow run step by step against the chosen target, each
// request and answer shown, the job's state highlighted in the lifecycle diagram as it moves.
import type { CredentialModel, WorkflowModel } from '../src/try-it/model.js';
import { showAnswer, showError } from './answer-view.js';
import { type RunOptions, runWorkflow, type StepReport } from './arazzo-runner.js';
import { el, fill, uid } from './dom.js';
import { TryItError } from './errors.js';
import { mintDevCredentials, readyTarget } from './mock-session.js';
import { type ScenarioPicker, scenarioPicker } from './scenario-picker.js';
import { sendRequest } from './send.js';
import { type TargetPicker, targetPicker } from './target-picker.js';
import { isMock, type Target } from './targets.js';
import { type ApiModule, loadApiModule } from './validators.js';

/** What every walkthrough of the page shares: the pickers, the in-page mock's clock, the mint buttons. */
interface PageContext {
  picker: TargetPicker;
  scenarios: ScenarioPicker;
  clock: string | undefined;
  mintButtons: HTMLButtonElement[];
}

/** One walkthrough's parts: its workflow and API, its input fields, step log and result area. */
interface Walkthrough {
  section: HTMLElement;
  workflow: WorkflowModel;
  api: ApiModule;
  inputs: Map<string, HTMLInputElement>;
  log: HTMLOListElement;
  result: HTMLElement;
}

async function main(): Promise<void> {
  const root = document.getElementById('walkthroughs');
  if (!root) return;
  const { workflows } = (await import(/* @vite-ignore */ new URL('./workflows.js', import.meta.url).href)) as {
    workflows: WorkflowModel[];
  };
  const apis = new Map<string, ApiModule>();
  for (const id of new Set(workflows.map((workflow) => workflow.apiId))) apis.set(id, await loadApiModule(id));
  // One mock serves every walkthrough: its clock is the latest of the APIs' example clocks.
  const clock =
    [...apis.values()]
      .map((api) => api.model.mockClock ?? '')
      .sort()
      .pop() || undefined;
  const scenarios = scenarioPicker(clock);
  const page: PageContext = {
    picker: targetPicker(() => void targetChanged(page), 'https://api.example.com'),
    scenarios,
    clock,
    mintButtons: [],
  };
  fill(document.getElementById('walkthrough-controls') as HTMLElement, page.picker.element, scenarios.element);
  for (const section of root.querySelectorAll<HTMLElement>('section.walkthrough[data-workflow]')) {
    const workflow = workflows.find((candidate) => candidate.workflowId === section.dataset.workflow);
    const api = workflow && apis.get(workflow.apiId);
    if (workflow && api) wire(page, section, workflow, api);
  }
  await targetChanged(page);
  root.dataset.ready = 'true';
}

function currentTarget(page: PageContext): Target | undefined {
  try {
    return page.picker.current();
  } catch {
    return undefined;
  }
}

async function targetChanged(page: PageContext): Promise<void> {
  const current = currentTarget(page);
  for (const button of page.mintButtons) button.hidden = !current || !isMock(current);
  if (current) await page.scenarios.load(current);
}

/** Builds a walkthrough's inputs (from the examples they feed), its buttons, log and result area. */
function wire(page: PageContext, section: HTMLElement, workflow: WorkflowModel, api: ApiModule): void {
  const inputs = new Map<string, HTMLInputElement>();
  const fields = workflow.inputs.map((input) => {
    const id = uid('walkthrough-input');
    const control = el('input', {
      id,
      type: input.secret ? 'password' : 'text',
      value: input.example,
      autocomplete: 'off',
      spellcheck: 'false',
      'data-input': input.name,
    });
    inputs.set(input.name, control);
    return el(
      'div',
      { class: 'try-it-field' },
      el('label', { for: id }, el('code', {}, input.name), input.required ? ' required' : ''),
      control,
      el('p', { class: 'try-it-hint' }, input.description),
    );
  });
  const walkthrough: Walkthrough = {
    section,
    workflow,
    api,
    inputs,
    log: el('ol', { class: 'walkthrough-log', 'aria-label': `Steps of ${workflow.workflowId}` }),
    result: el('section', { class: 'try-it-answer walkthrough-result', 'aria-live': 'polite', 'aria-label': 'Result' }),
  };
  const mint = el('button', { type: 'button', class: 'try-it-mint' }, 'Mint dev credentials');
  page.mintButtons.push(mint);
  mint.addEventListener('click', () => void mintInto(walkthrough));
  const run = el('button', { type: 'submit', class: 'walkthrough-run-button' }, 'Run the walkthrough');
  const form = el(
    'form',
    { class: 'try-it-form', novalidate: true },
    el('fieldset', {}, el('legend', {}, 'Inputs'), ...fields),
    el('div', { class: 'try-it-actions' }, run, mint),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run.disabled = true;
    void execute(page, walkthrough).finally(() => {
      run.disabled = false;
    });
  });
  fill(section.querySelector('.walkthrough-run') as HTMLElement, form, walkthrough.log, walkthrough.result);
}

/** Fills the credential inputs with minted dev credentials, and the tenant input with the tenant they own. */
async function mintInto({ workflow, api, inputs }: Walkthrough): Promise<void> {
  const credentials = api.model.operations.flatMap((operation) => operation.credentials);
  const minted = await mintDevCredentials(uniqueSchemes(credentials));
  for (const input of workflow.inputs.filter((candidate) => candidate.secret)) {
    const credential = credentialFor(workflow, input.name, credentials);
    const control = inputs.get(input.name);
    if (credential && control) control.value = minted.values[credential.scheme] ?? '';
  }
  const tenant = inputs.get(minted.tenantField);
  if (tenant) tenant.value = minted.tenant;
}

/** Runs the workflow against the chosen target, showing each step as it goes and the result at the end. */
async function execute(page: PageContext, walkthrough: Walkthrough): Promise<void> {
  const { section, workflow, api, inputs, log, result } = walkthrough;
  log.replaceChildren();
  section.dataset.result = 'running';
  result.dataset.status = 'sending';
  fill(result, 'Running…');
  const items = new Map<string, HTMLLIElement>();
  let last: StepReport | undefined;
  try {
    const target = page.picker.current();
    await readyTarget(target, page.clock);
    const options: RunOptions = {
      target,
      inputs: Object.fromEntries([...inputs].map(([name, control]) => [name, control.value])),
      secrets: new Set(workflow.inputs.filter((input) => input.secret).map((input) => input.name)),
      headers: isMock(target) ? page.scenarios.headers() : {},
      send: (request, secretHeaders) => sendRequest(request, secretHeaders),
      onReport: (report) => {
        last = report;
        showReport(items, log, report);
      },
      onLines: (step, count) => {
        const item = items.get(step.stepId);
        if (item) item.dataset.lines = String(count);
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const outcome = await runWorkflow(workflow, api, options);
    section.dataset.result = outcome.ok ? 'completed' : 'failed';
    if (last?.answer) showAnswer(result, last.answer, [el('p', { class: 'walkthrough-outcome' }, outcome.note)]);
    else fill(result, outcome.note);
  } catch (error) {
    section.dataset.result = 'failed';
    const known = error instanceof TryItError;
    const message = known ? error.message : `The walkthrough stopped: ${(error as Error).message}`;
    showError(result, message, known ? error.code : 'FAILED');
  }
}

/** One entry per step, updated on every attempt (a poll shows its attempts and the state it saw). */
function showReport(items: Map<string, HTMLLIElement>, log: HTMLOListElement, report: StepReport) {
  let item = items.get(report.step.stepId);
  if (!item) {
    item = el('li', { class: 'walkthrough-step', 'data-step': report.step.stepId });
    items.set(report.step.stepId, item);
    log.append(item);
  }
  item.dataset.outcome = report.outcome;
  item.dataset.attempts = String(report.attempt);
  const answer = el('div', { class: 'try-it-answer' });
  if (report.answer) showAnswer(answer, report.answer);
  const headers = Object.entries(report.request.headers).map(([name, value]) => `${name}: ${value}`);
  fill(
    item,
    el('p', {}, el('strong', {}, report.step.stepId), ` · ${report.step.description}`),
    el(
      'p',
      { class: 'try-it-request' },
      el('code', {}, `${report.request.method} ${report.request.url}`),
      report.attempt > 1 ? ` (attempt ${report.attempt})` : '',
    ),
    headers.length ? el('pre', { class: 'walkthrough-headers' }, headers.join('\n')) : undefined,
    report.state ? el('p', { class: 'walkthrough-state' }, 'State: ', el('code', {}, report.state)) : undefined,
    el('p', { class: `walkthrough-note ${report.outcome}` }, report.note),
    el('details', {}, el('summary', {}, `Answer ${report.answer?.status ?? ''}`), answer),
  );
  if (report.state) highlight(report.state);
}

/** Marks the job's current state in the lifecycle diagram (states are the JobState enum's names). */
function highlight(state: string) {
  const nodes = [...document.querySelectorAll('svg.lifecycle [data-state]')];
  // Another API's states (Zoho's `finished`) are not in the diagram: it keeps showing the audit query's last one.
  if (!nodes.some((node) => node.getAttribute('data-state') === state)) return;
  for (const node of nodes) {
    node.classList.toggle('current', node.getAttribute('data-state') === state);
  }
  const caption = document.querySelector('.walkthrough-current-state');
  if (caption) caption.textContent = `Current state: ${state}`;
}

function uniqueSchemes(credentials: CredentialModel[]): CredentialModel[] {
  return [...new Map(credentials.map((credential) => [credential.scheme, credential])).values()];
}

/** The credential an input stands for: the header it is sent in, with the same prefix (`Bearer {$inputs.accessToken}`). */
function credentialFor(
  workflow: WorkflowModel,
  input: string,
  credentials: CredentialModel[],
): CredentialModel | undefined {
  for (const step of workflow.steps) {
    for (const parameter of step.parameters.filter((candidate) => candidate.in === 'header')) {
      const raw = String(parameter.value);
      const at = raw.indexOf(`$inputs.${input}`);
      if (at === -1) continue;
      const prefix = raw.slice(0, at).replace(/\{$/, '');
      const found = credentials.find(
        (credential) =>
          credential.header.toLowerCase() === parameter.name.toLowerCase() && credential.prefix === prefix,
      );
      if (found) return found;
    }
  }
  return undefined;
}

void main();
