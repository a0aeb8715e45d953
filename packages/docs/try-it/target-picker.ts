// The target fieldset shared by the panel and the walkthroughs: the mock in this page (default), the
// local mock, or another server's base URL.
import { el, uid } from './dom.js';
import { TryItError } from './errors.js';
import {
  isLoopback,
  loadTargetChoice,
  localMockUrl,
  pageMockRoot,
  parseBaseUrl,
  saveTargetChoice,
  type Target,
  type TargetKind,
} from './targets.js';

/** A rendered picker: its element, the current target (TryItError when the typed URL is not usable). */
export interface TargetPicker {
  element: HTMLElement;
  current(): Target;
}

/** Builds the picker; `onChange` hears every change of kind or URL. */
export function targetPicker(onChange: () => void, customHint: string): TargetPicker {
  const choice = loadTargetChoice();
  const name = uid('try-it-target');
  const urlId = uid('try-it-url');
  const noteId = uid('try-it-target-note');
  let localUrl = 'http://127.0.0.1:4010';
  const localLabel = el('span', {}, `Local mock (${localUrl})`);
  void localMockUrl().then((url) => {
    localUrl = url;
    localLabel.textContent = `Local mock (${url})`;
  });
  const radio = (kind: TargetKind, label: Node | string) =>
    el(
      'label',
      { class: 'try-it-radio' },
      el('input', { type: 'radio', name, value: kind, checked: choice.kind === kind, onchange: changed }),
      label,
    );
  const url = el('input', {
    id: urlId,
    type: 'url',
    value: choice.custom,
    placeholder: customHint,
    'aria-describedby': noteId,
    spellcheck: 'false',
    oninput: changed,
  });
  const note = el('p', { id: noteId, class: 'try-it-note' });
  const element = el(
    'fieldset',
    { class: 'try-it-target' },
    el('legend', {}, 'Send to'),
    radio('page', 'Mock in this page (no server)'),
    radio('local', localLabel),
    radio('custom', 'Another server'),
    el('label', { for: urlId, class: 'try-it-url-label' }, 'Base URL'),
    url,
    note,
  );
  function kind(): TargetKind {
    return ((element.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value ??
      'page') as TargetKind;
  }
  function changed() {
    saveTargetChoice({ kind: kind(), custom: url.value });
    describe();
    onChange();
  }
  function describe() {
    const selected = kind();
    url.disabled = selected !== 'custom';
    if (selected === 'page') note.textContent = 'Requests never leave this tab: the mock runs in a service worker.';
    else if (selected === 'local') note.textContent = 'Start it with `npm start`; requests go to this machine only.';
    else {
      let remote = false;
      try {
        remote = url.value.trim() !== '' && !isLoopback(parseBaseUrl(url.value));
      } catch {
        // Reported when sending.
      }
      note.textContent = remote
        ? 'Requests and your credentials go to this server, and only to it.'
        : "Your own server and tokens: requests go to this base URL only. It must allow this page's origin (CORS).";
    }
  }
  describe();
  return {
    element,
    current(): Target {
      const selected = kind();
      if (selected === 'page') return { kind: 'page', root: pageMockRoot() };
      if (selected === 'local') return { kind: 'local', root: localUrl };
      if (url.value.trim() === '')
        throw new TryItError('TARGET_INVALID', 'Type the base URL of the server to send to.');
      return { kind: 'custom', root: parseBaseUrl(url.value) };
    },
  };
}
