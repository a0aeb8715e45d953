// Try it on an API reference page: a panel beside Redoc that sends any operation of the API to the
// chosen target, checks values before sending and the answer after, and copies the call as curl or
// client code. The page names its API in #try-it-root's data-api.

import type { OperationModel } from '../src/try-it/model.js';
import { readAnswer } from './answer.js';
import { lineCounter, requestLine, showAnswer, showError } from './answer-view.js';
import { authHeaders, forgetCredentials, loadCredentials, saveCredentials } from './credentials.js';
import { el, fill } from './dom.js';
import { TryItError } from './errors.js';
import { fedValues } from './feeds.js';
import { mintDevCredentials, readyTarget } from './mock-session.js';
import { type OperationForm, operationForm } from './operation-form.js';
import { injectOperationButtons, operationOfHash } from './redoc-hooks.js';
import { checkValues, fieldKey, prepareRequest } from './request.js';
import { scenarioPicker } from './scenario-picker.js';
import { sendRequest } from './send.js';
import { clientCodeOf, curlOf } from './snippets.js';
import { targetPicker } from './target-picker.js';
import { baseUrlFor, isMock, type Target, targetKey } from './targets.js';
import { loadApiModule } from './validators.js';

async function main(): Promise<void> {
  const root = document.getElementById('try-it-root');
  const apiId = root?.dataset.api;
  if (!root || !apiId) return;
  // The reference comes first: the API's model and validators load once the page has.
  if (document.readyState !== 'complete')
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  const { model, validators } = await loadApiModule(apiId);
  const values = new Map<string, Record<string, string>>();
  let operation = model.operations[0] as OperationModel;
  let form: OperationForm;

  const picker = targetPicker(targetChanged, operation.serverUrl || 'https://api.example.com');
  const scenarios = scenarioPicker(model.mockClock);
  const select = el(
    'select',
    { id: 'try-it-operation' },
    ...model.operations.map((candidate) =>
      el(
        'option',
        { value: candidate.operationId },
        `${candidate.method.toUpperCase()} ${candidate.path} · ${candidate.summary}`,
      ),
    ),
  );
  select.addEventListener('change', () => show(select.value));
  const formHolder = el('div', { class: 'try-it-form-holder' });
  const copyStatus = el('span', { class: 'try-it-copy-status', role: 'status' });
  const curlText = el('pre', { class: 'try-it-curl', tabindex: '0', 'aria-label': 'curl command' });
  const codeText = el('pre', { class: 'try-it-code', tabindex: '0', 'aria-label': 'Client code' });
  const answer = el('section', {
    class: 'try-it-answer',
    'aria-live': 'polite',
    'aria-label': 'Answer',
    'data-status': 'idle',
  });
  const sendButton = el('button', { type: 'button', class: 'try-it-send' }, 'Send');
  sendButton.addEventListener('click', () => void send());
  const closeButton = el('button', { type: 'button', class: 'try-it-close', 'aria-label': 'Close Try it' }, '×');
  const panel = el(
    'aside',
    { id: 'try-it-panel', class: 'try-it', 'aria-labelledby': 'try-it-title', hidden: true },
    el('div', { class: 'try-it-head' }, el('h2', { id: 'try-it-title' }, `Try it · ${model.title}`), closeButton),
    picker.element,
    scenarios.element,
    el('label', { for: 'try-it-operation', class: 'try-it-operation-label' }, 'Operation'),
    select,
    formHolder,
    el(
      'div',
      { class: 'try-it-actions' },
      sendButton,
      el(
        'button',
        { type: 'button', class: 'try-it-copy-curl', onclick: () => void copy(curlText, 'curl') },
        'Copy as curl',
      ),
      el(
        'button',
        { type: 'button', class: 'try-it-copy-code', onclick: () => void copy(codeText, 'client code') },
        'Copy as client code',
      ),
      copyStatus,
    ),
    el('details', { class: 'try-it-snippets' }, el('summary', {}, 'curl and client code'), curlText, codeText),
    answer,
  );
  const toggle = el(
    'button',
    { type: 'button', class: 'try-it-toggle', 'aria-expanded': 'false', 'aria-controls': 'try-it-panel' },
    'Try it',
  );
  toggle.addEventListener('click', () => open(panel.hidden));
  closeButton.addEventListener('click', () => open(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') open(false);
  });
  document.querySelector('header.site-header nav')?.append(toggle);
  root.append(panel);
  root.hidden = false;

  function currentTarget(): Target | undefined {
    try {
      return picker.current();
    } catch {
      return undefined;
    }
  }

  function open(visible: boolean, focus = true) {
    panel.hidden = !visible;
    toggle.setAttribute('aria-expanded', String(visible));
    document.body.classList.toggle('try-it-open', visible);
    if (visible) {
      void scenariosFor(currentTarget());
      if (focus) (panel.querySelector('h2') as HTMLElement).focus();
    } else if (focus) toggle.focus();
  }

  async function scenariosFor(target: Target | undefined) {
    // Called in the order targets change: the picker drops a late answer for an older target.
    if (target && !panel.hidden) await scenarios.load(target);
  }

  function keyOf(target: Target | undefined): string {
    return target ? targetKey(target) : 'none';
  }

  function show(operationId: string) {
    const next = model.operations.find((candidate) => candidate.operationId === operationId);
    if (!next) return;
    if (form)
      values.set(operation.operationId, {
        ...form.values(),
        ...(form.bodyText() !== undefined ? { body: form.bodyText() as string } : {}),
      });
    operation = next;
    select.value = next.operationId;
    form = operationForm(
      next,
      values.get(next.operationId) ?? {},
      loadCredentials(apiId as string, keyOf(currentTarget())),
    );
    form.element.addEventListener('input', () => {
      saveCredentials(apiId as string, keyOf(currentTarget()), {
        ...loadCredentials(apiId as string, keyOf(currentTarget())),
        ...form.credentials(),
      });
      updateSnippets();
    });
    form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });
    form.mintButton.addEventListener('click', () => void mint());
    form.forgetButton.addEventListener('click', () => {
      forgetCredentials(apiId as string, keyOf(currentTarget()));
      form.setCredentials({});
      updateSnippets();
    });
    form.mintButton.hidden = !isMockTarget();
    fill(formHolder, form.element);
    updateSnippets();
  }

  function isMockTarget(): boolean {
    const target = currentTarget();
    return target !== undefined && isMock(target);
  }

  function targetChanged() {
    form.setCredentials(loadCredentials(apiId as string, keyOf(currentTarget())));
    form.mintButton.hidden = !isMockTarget();
    updateSnippets();
    void scenariosFor(currentTarget());
  }

  function updateSnippets() {
    const target = currentTarget();
    const base = target ? baseUrlFor(target, operation) : operation.serverUrl;
    const request = prepareRequest(operation, base, form.values(), validators, {
      unchecked: true,
      ...optional('bodyText', form.bodyText()),
      ...optional('accept', form.accept()),
    });
    const saveAs = operation.path.split('/').pop()?.replace(/[{}]/g, '');
    const file = operation.responses.some((response) =>
      response.contents.some((content) => content.kind === 'csv' || content.kind === 'zip'),
    );
    curlText.textContent = curlOf(request, operation.credentials, file ? saveAs : undefined);
    codeText.textContent = clientCodeOf(apiId as string, operation, base, form.values(), {
      ...optional('bodyText', form.bodyText()),
      ...optional('accept', form.accept()),
    });
  }

  async function copy(source: HTMLElement, what: string) {
    updateSnippets();
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      copyStatus.textContent = `Copied the ${what}.`;
    } catch {
      // No clipboard (an insecure page, a refused permission): show the text selected instead.
      (panel.querySelector('details.try-it-snippets') as HTMLDetailsElement).open = true;
      getSelection()?.selectAllChildren(source);
      copyStatus.textContent = `Select and copy the ${what} below (the clipboard is not available).`;
    }
  }

  async function mint() {
    const target = currentTarget();
    if (!target || !isMock(target)) return;
    const minted = await mintDevCredentials(operation.credentials);
    // The tokens' company owns one tenant id: every tenant field takes it.
    for (const candidate of model.operations) {
      for (const parameter of candidate.parameters.filter((p) => p.name === minted.tenantField)) {
        values.set(candidate.operationId, {
          ...values.get(candidate.operationId),
          [fieldKey(parameter)]: minted.tenant,
        });
        if (candidate === operation) form.setValue(fieldKey(parameter), minted.tenant);
      }
    }
    const stored = { ...loadCredentials(apiId as string, targetKey(target)), ...minted.values };
    saveCredentials(apiId as string, targetKey(target), stored);
    form.setCredentials(stored);
    updateSnippets();
    copyStatus.textContent = `Dev credentials minted in this tab, for tenant ${minted.tenant}.`;
  }

  async function send() {
    const before: Node[] = [];
    try {
      const target = picker.current();
      const base = baseUrlFor(target, operation);
      const bodyText = form.bodyText();
      const problems = checkValues(operation, form.values(), validators, bodyText);
      form.showProblems(problems);
      const request = prepareRequest(operation, base, form.values(), validators, {
        ...optional('bodyText', bodyText),
        ...optional('accept', form.accept()),
      });
      before.push(requestLine(request.method, request.url));
      answer.dataset.status = 'sending';
      const counter = lineCounter();
      fill(answer, ...before, counter.element);
      sendButton.disabled = true;
      await readyTarget(target, model.mockClock);
      const extra = isMock(target) ? scenarios.headers() : {};
      const response = await sendRequest(request, {
        ...authHeaders(operation.credentials, form.credentials()),
        ...extra,
      });
      const result = await readAnswer(response, operation, validators, counter.update);
      const fed = fedValues(model, operation.operationId, result.json, (id) =>
        baseUrlFor(target, model.operations.find((candidate) => candidate.operationId === id) as OperationModel),
      );
      for (const [id, update] of fed) values.set(id, { ...values.get(id), ...update });
      if (fed.size > 0)
        before.push(el('p', { class: 'try-it-fed' }, `Filled in from this answer for: ${[...fed.keys()].join(', ')}.`));
      showAnswer(answer, result, before);
    } catch (error) {
      const known = error instanceof TryItError;
      showError(
        answer,
        known ? error.message : `The request failed: ${(error as Error).message}`,
        known ? error.code : 'FAILED',
        before,
      );
    } finally {
      sendButton.disabled = false;
    }
  }

  show(operationOfHash(model, window.location.hash)?.operationId ?? operation.operationId);
  window.addEventListener('hashchange', () => {
    const routed = operationOfHash(model, window.location.hash);
    if (routed) show(routed.operationId);
  });
  injectOperationButtons(model, (operationId) => {
    show(operationId);
    open(true);
  });
}

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

void main();
