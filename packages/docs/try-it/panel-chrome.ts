// The panel's fixed parts: header, target and scenario pickers, operation select, actions, the
// snippets and the answer area. The operation's form goes into `formHolder`.
import type { ApiModel } from '../src/try-it/model.js';
import { el } from './dom.js';
import type { ScenarioPicker } from './scenario-picker.js';
import type { TargetPicker } from './target-picker.js';

/** The elements the panel's logic works with. */
export interface PanelChrome {
  panel: HTMLElement;
  toggle: HTMLButtonElement;
  closeButton: HTMLButtonElement;
  select: HTMLSelectElement;
  formHolder: HTMLElement;
  sendButton: HTMLButtonElement;
  copyCurl: HTMLButtonElement;
  copyCode: HTMLButtonElement;
  copyStatus: HTMLElement;
  curlText: HTMLElement;
  codeText: HTMLElement;
  answer: HTMLElement;
}

/** Builds the panel (hidden) and its toggle button for the site header. */
export function panelChrome(model: ApiModel, picker: TargetPicker, scenarios: ScenarioPicker): PanelChrome {
  const select = el(
    'select',
    { id: 'try-it-operation' },
    ...model.operations.map((operation) =>
      el(
        'option',
        { value: operation.operationId },
        `${operation.method.toUpperCase()} ${operation.path} · ${operation.summary}`,
      ),
    ),
  );
  const parts = {
    select,
    formHolder: el('div', { class: 'try-it-form-holder' }),
    copyStatus: el('span', { class: 'try-it-copy-status', role: 'status' }),
    curlText: el('pre', { class: 'try-it-curl', tabindex: '0', 'aria-label': 'curl command' }),
    codeText: el('pre', { class: 'try-it-code', tabindex: '0', 'aria-label': 'Client code' }),
    answer: el('section', {
      class: 'try-it-answer',
      'aria-live': 'polite',
      'aria-label': 'Answer',
      'data-status': 'idle',
    }),
    sendButton: el('button', { type: 'button', class: 'try-it-send' }, 'Send'),
    copyCurl: el('button', { type: 'button', class: 'try-it-copy-curl' }, 'Copy as curl'),
    copyCode: el('button', { type: 'button', class: 'try-it-copy-code' }, 'Copy as client code'),
    closeButton: el('button', { type: 'button', class: 'try-it-close', 'aria-label': 'Close Try it' }, '×'),
    toggle: el(
      'button',
      { type: 'button', class: 'try-it-toggle', 'aria-expanded': 'false', 'aria-controls': 'try-it-panel' },
      'Try it',
    ),
  };
  const panel = el(
    'aside',
    { id: 'try-it-panel', class: 'try-it', 'aria-labelledby': 'try-it-title', hidden: true },
    el(
      'div',
      { class: 'try-it-head' },
      el('h2', { id: 'try-it-title', tabindex: '-1' }, `Try it · ${model.title}`),
      parts.closeButton,
    ),
    picker.element,
    scenarios.element,
    el('label', { for: 'try-it-operation', class: 'try-it-operation-label' }, 'Operation'),
    select,
    parts.formHolder,
    el('div', { class: 'try-it-actions' }, parts.sendButton, parts.copyCurl, parts.copyCode, parts.copyStatus),
    el(
      'details',
      { class: 'try-it-snippets' },
      el('summary', {}, 'curl and client code'),
      parts.curlText,
      parts.codeText,
    ),
    parts.answer,
  );
  return { panel, ...parts };
}
