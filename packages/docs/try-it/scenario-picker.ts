// Picks one of the mock's scenarios (slow job, job fails then resume, rate limited, flaky download…)
// through its control API. The mock refuses control requests from another origin; then the scenario
// still travels per request in the x-mock-scenario header, and the note says how to switch it for good.
import { el, uid } from './dom.js';
import { readyTarget } from './mock-session.js';
import { isMock, pageMockRoot, type Target } from './targets.js';

/** What the control API lists. */
interface ScenarioList {
  name: string;
  scenarios: { name: string; sees: string }[];
}

/** A rendered picker and the header to send with each request (empty when the control API took the choice). */
export interface ScenarioPicker {
  element: HTMLElement;
  /** Loads the list from the target (call when the target changes). */
  load(target: Target): Promise<void>;
  /** Extra headers for requests to the mock. */
  headers(): Record<string, string>;
}

/** Builds the scenario picker; `clock` is the in-page mock's start time, should it start it. */
export function scenarioPicker(clock?: string): ScenarioPicker {
  const selectId = uid('try-it-scenario');
  const noteId = uid('try-it-scenario-note');
  const select = el('select', { id: selectId, 'aria-describedby': noteId, disabled: true });
  const note = el('p', { id: noteId, class: 'try-it-note' });
  const element = el(
    'div',
    { class: 'try-it-scenario' },
    el('label', { for: selectId }, 'Mock scenario'),
    select,
    note,
  );
  let target: Target | undefined;
  /** Whether the target's control API takes this page's requests; if not, the scenario rides on each request. */
  let controlled = false;
  let perRequest = '';
  let loads = 0;
  select.addEventListener('change', () => void apply());

  async function control(root: string, method: 'GET' | 'PUT', body?: unknown): Promise<ScenarioList> {
    const response = await fetch(`${root}/__mock/scenario`, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`the control API answered ${response.status}`);
    return (await response.json()) as ScenarioList;
  }

  function perRequestNote(name: string): string {
    return `This mock takes no control requests from this page (its control API answers its own origin only), so "${name}" goes with each request in the x-mock-scenario header. Scenarios that change the mock's data or timing (slow-job, empty-result…) are switched on its own page, ${target?.root}/, or with --scenario.`;
  }

  async function apply() {
    perRequest = '';
    element.dataset.scenario = '';
    try {
      if (!controlled || !target) throw new Error('no control');
      note.textContent = describe(await control(target.root, 'PUT', { name: select.value }));
    } catch {
      perRequest = select.value;
      note.textContent = perRequestNote(select.value);
    }
    element.dataset.scenario = select.value;
  }

  function describe(list: ScenarioList): string {
    return list.scenarios.find((scenario) => scenario.name === list.name)?.sees ?? '';
  }

  /** The scenarios from the target's control API, or for a mock of another origin from the in-page mock: the same engine. */
  async function list(next: Target): Promise<ScenarioList> {
    // The control API answers pages of the mock's own origin only (a mock process refuses this page,
    // and the browser would log the refusal): another origin's mock gets the scenario per request.
    if (new URL(next.root).origin === window.location.origin) {
      await readyTarget(next, clock);
      const found = await control(next.root, 'GET');
      controlled = next === target;
      return found;
    }
    await readyTarget({ kind: 'page', root: pageMockRoot() }, clock);
    return control(pageMockRoot(), 'GET');
  }

  return {
    element,
    async load(next) {
      // A newer load (the reader switched target meanwhile) wins over this one's late answer.
      const ticket = ++loads;
      target = next;
      controlled = false;
      perRequest = '';
      element.hidden = !isMock(next);
      if (element.hidden) return;
      try {
        const found = await list(next);
        if (ticket !== loads) return;
        select.replaceChildren(
          ...found.scenarios.map((s) =>
            el('option', { value: s.name, selected: controlled && s.name === found.name }, s.name),
          ),
        );
        select.disabled = false;
        note.textContent = controlled ? describe(found) : perRequestNote('the scenario picked here');
        element.dataset.scenario = controlled ? found.name : '';
      } catch {
        if (ticket !== loads) return;
        select.disabled = true;
        note.textContent = `The mock's scenarios are listed by its control API (${next.root}/__mock/scenario), which did not answer this page: pick one on the mock's own page, ${next.root}/.`;
      }
    },
    headers: () => (perRequest ? { 'x-mock-scenario': perRequest } : {}),
  };
}
