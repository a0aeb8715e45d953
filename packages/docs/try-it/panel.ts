// Try it on an API reference page: a panel beside Redoc that sends any operation of the API to the
// chosen target, checks values before sending and the answer after, and copies the call as curl or
// client code. The page names its API in #try-it-root's data-api.
import type { ApiModel, OperationModel } from '../src/try-it/model.js';
import { readAnswer } from './answer.js';
import { lineCounter, requestLine, showAnswer, showError } from './answer-view.js';
import { authHeaders, forgetCredentials, loadCredentials, saveCredentials } from './credentials.js';
import { el, fill } from './dom.js';
import { TryItError } from './errors.js';
import { fedValues } from './feeds.js';
import { mintDevCredentials, readyTarget } from './mock-session.js';
import { type OperationForm, operationForm } from './operation-form.js';
import { type PanelChrome, panelChrome } from './panel-chrome.js';
import { injectOperationButtons, operationOfHash } from './redoc-hooks.js';
import { checkValues, fieldKey, prepareRequest } from './request.js';
import { type ScenarioPicker, scenarioPicker } from './scenario-picker.js';
import { sendRequest } from './send.js';
import { clientCodeOf, curlOf } from './snippets.js';
import { type TargetPicker, targetPicker } from './target-picker.js';
import { baseUrlFor, isMock, type Target, targetKey } from './targets.js';
import { loadApiModule, type Validator } from './validators.js';

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The panel of one API: its state (values per operation, the operation shown) and what the reader does. */
class TryItPanel {
  private readonly values = new Map<string, Record<string, string>>();
  private readonly picker: TargetPicker;
  private readonly scenarios: ScenarioPicker;
  private readonly ui: PanelChrome;
  private operation: OperationModel;
  private form: OperationForm | undefined;

  constructor(
    private readonly model: ApiModel,
    private readonly validators: Record<string, Validator>,
    root: HTMLElement,
  ) {
    this.operation = model.operations[0] as OperationModel;
    this.picker = targetPicker(() => this.targetChanged(), this.operation.serverUrl || 'https://api.example.com');
    this.scenarios = scenarioPicker(model.mockClock);
    this.ui = panelChrome(model, this.picker, this.scenarios);
    const { ui } = this;
    ui.select.addEventListener('change', () => this.show(ui.select.value));
    ui.sendButton.addEventListener('click', () => void this.send());
    ui.copyCurl.addEventListener('click', () => void this.copy(ui.curlText, 'curl'));
    ui.copyCode.addEventListener('click', () => void this.copy(ui.codeText, 'client code'));
    ui.toggle.addEventListener('click', () => this.open(ui.panel.hidden));
    ui.closeButton.addEventListener('click', () => this.open(false));
    ui.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.open(false);
    });
    document.querySelector('header.site-header nav')?.append(ui.toggle);
    root.append(ui.panel);
    root.hidden = false;
    this.show(operationOfHash(model, window.location.hash)?.operationId ?? this.operation.operationId);
    window.addEventListener('hashchange', () => {
      const routed = operationOfHash(model, window.location.hash);
      if (routed) this.show(routed.operationId);
    });
    injectOperationButtons(model, (operationId) => {
      this.show(operationId);
      this.open(true);
    });
  }

  private get apiId(): string {
    return this.model.id;
  }

  private get currentForm(): OperationForm {
    return this.form as OperationForm;
  }

  private currentTarget(): Target | undefined {
    try {
      return this.picker.current();
    } catch {
      return undefined;
    }
  }

  /** Where the credentials of the current target are kept. */
  private credentialsKey(): string {
    const target = this.currentTarget();
    return target ? targetKey(target) : 'none';
  }

  private open(visible: boolean, focus = true): void {
    const { panel, toggle } = this.ui;
    panel.hidden = !visible;
    toggle.setAttribute('aria-expanded', String(visible));
    document.body.classList.toggle('try-it-open', visible);
    if (visible) {
      void this.loadScenarios();
      if (focus) (panel.querySelector('h2') as HTMLElement).focus();
    } else if (focus) toggle.focus();
  }

  /** Called in the order targets change: the picker drops a late answer for an older target. */
  private async loadScenarios(): Promise<void> {
    const target = this.currentTarget();
    if (target && !this.ui.panel.hidden) await this.scenarios.load(target);
  }

  private show(operationId: string): void {
    const next = this.model.operations.find((candidate) => candidate.operationId === operationId);
    if (!next) return;
    this.remember();
    this.operation = next;
    this.ui.select.value = next.operationId;
    const form = operationForm(
      next,
      this.values.get(next.operationId) ?? {},
      loadCredentials(this.apiId, this.credentialsKey()),
    );
    this.form = form;
    form.element.addEventListener('input', () => {
      saveCredentials(this.apiId, this.credentialsKey(), {
        ...loadCredentials(this.apiId, this.credentialsKey()),
        ...form.credentials(),
      });
      this.updateSnippets();
    });
    form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    form.mintButton.addEventListener('click', () => void this.mint());
    form.forgetButton.addEventListener('click', () => {
      forgetCredentials(this.apiId, this.credentialsKey());
      form.setCredentials({});
      this.updateSnippets();
    });
    form.mintButton.hidden = !this.isMockTarget();
    fill(this.ui.formHolder, form.element);
    this.updateSnippets();
  }

  /** Keeps what the reader typed for the operation shown, for when it is shown again. */
  private remember(): void {
    if (!this.form) return;
    const body = this.form.bodyText();
    this.values.set(this.operation.operationId, { ...this.form.values(), ...(body !== undefined ? { body } : {}) });
  }

  private isMockTarget(): boolean {
    const target = this.currentTarget();
    return target !== undefined && isMock(target);
  }

  private targetChanged(): void {
    this.currentForm.setCredentials(loadCredentials(this.apiId, this.credentialsKey()));
    this.currentForm.mintButton.hidden = !this.isMockTarget();
    this.updateSnippets();
    void this.loadScenarios();
  }

  private updateSnippets(): void {
    const { operation } = this;
    const form = this.currentForm;
    const target = this.currentTarget();
    const base = target ? baseUrlFor(target, operation) : operation.serverUrl;
    const extra = { ...optional('bodyText', form.bodyText()), ...optional('accept', form.accept()) };
    const request = prepareRequest(operation, base, form.values(), this.validators, { unchecked: true, ...extra });
    const file = operation.responses.some((response) =>
      response.contents.some((c) => c.kind === 'csv' || c.kind === 'zip'),
    );
    const saveAs = operation.path.split('/').pop()?.replace(/[{}]/g, '');
    this.ui.curlText.textContent = curlOf(request, operation.credentials, file ? saveAs : undefined);
    this.ui.codeText.textContent = clientCodeOf(this.apiId, operation, base, form.values(), extra);
  }

  private async copy(source: HTMLElement, what: string): Promise<void> {
    this.updateSnippets();
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      this.ui.copyStatus.textContent = `Copied the ${what}.`;
    } catch {
      // No clipboard (an insecure page, a refused permission): show the text selected instead.
      (this.ui.panel.querySelector('details.try-it-snippets') as HTMLDetailsElement).open = true;
      getSelection()?.selectAllChildren(source);
      this.ui.copyStatus.textContent = `Select and copy the ${what} below (the clipboard is not available).`;
    }
  }

  private async mint(): Promise<void> {
    const target = this.currentTarget();
    if (!target || !isMock(target)) return;
    const minted = await mintDevCredentials(this.operation.credentials);
    // The tokens' company owns one tenant id: every tenant field takes it.
    for (const candidate of this.model.operations) {
      for (const parameter of candidate.parameters.filter((p) => p.name === minted.tenantField)) {
        const key = fieldKey(parameter);
        this.values.set(candidate.operationId, { ...this.values.get(candidate.operationId), [key]: minted.tenant });
        if (candidate === this.operation) this.currentForm.setValue(key, minted.tenant);
      }
    }
    const stored = { ...loadCredentials(this.apiId, targetKey(target)), ...minted.values };
    saveCredentials(this.apiId, targetKey(target), stored);
    this.currentForm.setCredentials(stored);
    this.updateSnippets();
    this.ui.copyStatus.textContent = `Dev credentials minted in this tab, for tenant ${minted.tenant}.`;
  }

  private async send(): Promise<void> {
    const { operation, ui } = this;
    const form = this.currentForm;
    const before: Node[] = [];
    try {
      const target = this.picker.current();
      const bodyText = form.bodyText();
      form.showProblems(checkValues(operation, form.values(), this.validators, bodyText));
      const request = prepareRequest(operation, baseUrlFor(target, operation), form.values(), this.validators, {
        ...optional('bodyText', bodyText),
        ...optional('accept', form.accept()),
      });
      before.push(requestLine(request.method, request.url));
      ui.answer.dataset.status = 'sending';
      const counter = lineCounter();
      fill(ui.answer, ...before, counter.element);
      ui.sendButton.disabled = true;
      await readyTarget(target, this.model.mockClock);
      const headers = {
        ...authHeaders(operation.credentials, form.credentials()),
        ...(isMock(target) ? this.scenarios.headers() : {}),
      };
      const result = await readAnswer(await sendRequest(request, headers), operation, this.validators, counter.update);
      const fed = this.feed(target, result.json);
      if (fed.length > 0)
        before.push(el('p', { class: 'try-it-fed' }, `Filled in from this answer for: ${fed.join(', ')}.`));
      showAnswer(ui.answer, result, before);
    } catch (error) {
      const known = error instanceof TryItError;
      const message = known ? error.message : `The request failed: ${(error as Error).message}`;
      showError(ui.answer, message, known ? error.code : 'FAILED', before);
    } finally {
      ui.sendButton.disabled = false;
    }
  }

  /** Stores the values an answer gives other operations; returns their ids. */
  private feed(target: Target, json: unknown): string[] {
    const baseOf = (id: string) =>
      baseUrlFor(target, this.model.operations.find((candidate) => candidate.operationId === id) as OperationModel);
    const fed = fedValues(this.model, this.operation.operationId, json, baseOf);
    for (const [id, update] of fed) this.values.set(id, { ...this.values.get(id), ...update });
    return [...fed.keys()];
  }
}

async function main(): Promise<void> {
  const root = document.getElementById('try-it-root');
  const apiId = root?.dataset.api;
  if (!root || !apiId) return;
  // The reference comes first: the API's model and validators load once the page has.
  if (document.readyState !== 'complete')
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  const { model, validators } = await loadApiModule(apiId);
  new TryItPanel(model, validators, root);
}

void main();
