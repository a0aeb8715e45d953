// Shows an answer: status, whether it conforms to the spec (and how not), headers, the body or the
// running line count, and a download link for files.

import { firstSentence } from '../src/try-it/text.js';
import type { Answer } from './answer.js';
import { el, fill } from './dom.js';

/** The request line shown above an answer (credentials are never part of it). */
export function requestLine(method: string, url: string): HTMLElement {
  return el('p', { class: 'try-it-request' }, el('code', {}, `${method} ${url}`));
}

/** A live line counter for a JSON Lines result that is still arriving. */
export function lineCounter(): { element: HTMLElement; update(count: number): void } {
  const element = el('p', { class: 'try-it-lines', 'data-lines': '0' }, 'Streaming: 0 lines');
  return {
    element,
    update(count) {
      element.dataset.lines = String(count);
      element.textContent = `Streaming: ${count} lines`;
    },
  };
}

/** Renders `answer` into `container` (replacing what was there). */
export function showAnswer(container: HTMLElement, answer: Answer, before: Node[] = []): void {
  const conforms = answer.problems.length === 0;
  container.dataset.status = 'done';
  container.dataset.conforms = String(conforms);
  container.dataset.httpStatus = String(answer.status);
  const verdict = conforms
    ? el(
        'p',
        { class: 'try-it-verdict ok' },
        `✓ Matches the spec${answer.declared ? ` (${answer.declared.status}: ${firstSentence(answer.declared.description).replace(/\.$/, '')})` : ''}.`,
      )
    : el(
        'div',
        { class: 'try-it-verdict bad', role: 'alert' },
        el('p', {}, '✗ Does not match the spec:'),
        el('ul', {}, ...answer.problems.map((problem) => el('li', {}, problem))),
      );
  const headers = el(
    'details',
    { class: 'try-it-headers' },
    el('summary', {}, `Headers (${answer.headers.length})`),
    el('pre', {}, answer.headers.map(([name, value]) => `${name}: ${value}`).join('\n')),
  );
  const body: Node[] = [];
  if (answer.lines !== undefined) {
    const unit = answer.kind === 'csv' ? 'rows' : 'lines';
    body.push(el('p', { class: 'try-it-lines', 'data-lines': String(answer.lines) }, `${answer.lines} ${unit}`));
  }
  if (answer.download) {
    const href = URL.createObjectURL(answer.download.blob);
    body.push(
      el(
        'p',
        {},
        el('a', { class: 'try-it-download', href, download: answer.download.name }, `Download ${answer.download.name}`),
        ` (${answer.download.blob.size} bytes, ${answer.contentType})`,
      ),
    );
  }
  if (answer.text) {
    body.push(el('pre', { class: 'try-it-body', tabindex: '0', 'aria-label': 'Answer body' }, answer.text));
  }
  fill(
    container,
    ...before,
    el(
      'p',
      { class: 'try-it-status' },
      el('strong', {}, `${answer.status} ${answer.statusText}`),
      answer.contentType ? ` · ${answer.contentType}` : '',
    ),
    verdict,
    headers,
    ...body,
  );
}

/** Renders an error the reader can act on. */
export function showError(container: HTMLElement, message: string, code: string, before: Node[] = []): void {
  container.dataset.status = 'error';
  container.dataset.errorCode = code;
  delete container.dataset.conforms;
  fill(container, ...before, el('p', { class: 'try-it-error', role: 'alert' }, message));
}
