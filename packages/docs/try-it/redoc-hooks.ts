// Ties the panel to Redoc: the operation its hash route shows, and a "Try it" button beside each
// operation's heading. Buttons are added only once Redoc has hydrated (before, React would find
// foreign nodes in its prerendered HTML and report a hydration mismatch).
import type { ApiModel, OperationModel } from '../src/try-it/model.js';
import { el } from './dom.js';

/** The operation a Redoc route names (`#/export-jobs/createexportjob`), matched case-insensitively. */
export function operationOfHash(api: ApiModel, hash: string): OperationModel | undefined {
  const last = decodeURIComponent(hash).replace(/^#\/?/, '').split('/').pop()?.toLowerCase() ?? '';
  return api.operations.find((operation) => operation.route === last);
}

/** Most time Redoc gets to hydrate before the buttons are left out (the header button still opens the panel). */
const HYDRATION_WAIT_MS = 60_000;

function hydrated(): boolean {
  return !(document.getElementById('redoc')?.textContent ?? '').includes('Loading...');
}

/** Adds a Try it button to every operation section Redoc renders, now and as it renders more. */
export function injectOperationButtons(api: ApiModel, open: (operationId: string) => void): void {
  const redoc = document.getElementById('redoc');
  if (!redoc) return;
  const started = Date.now();
  const addButtons = () => {
    for (const section of redoc.querySelectorAll<HTMLElement>('[data-item-kind="httpItem"][data-section-id]')) {
      if (section.querySelector('.try-it-op')) continue;
      const operation = operationOfHash(api, `#${section.dataset.sectionId ?? ''}`);
      const heading = section.querySelector('h2');
      if (!operation || !heading?.parentElement) continue;
      heading.parentElement.append(
        el(
          'button',
          {
            type: 'button',
            class: 'try-it-op',
            'aria-label': `Try it: ${operation.summary}`,
            onclick: () => open(operation.operationId),
          },
          'Try it',
        ),
      );
    }
  };
  const wait = () => {
    if (!hydrated()) {
      if (Date.now() - started < HYDRATION_WAIT_MS) setTimeout(wait, 200);
      return;
    }
    addButtons();
    new MutationObserver(addButtons).observe(redoc, { childList: true, subtree: true });
  };
  wait();
}
