// Picks one of the mock's scenarios (slow job, job fails then resume, rate limited, flaky download…)
// through its control API. The mock refuses control requests from another origin; then the scenario
// still travels per request in the x-mock-scenario header, and the note says how to switch it for good.
import { el, uid } from './dom.js';
import { isMock, type Target } from './targets.js';

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

/** Builds the scenario picker. */
export function scenarioPicker(): ScenarioPicker {
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
  let perRequest = '';
  select.addEventListener('change', () => void apply());

  async function control(method: 'GET' | 'PUT', body?: unknown): Promise<ScenarioList> {
    const response = await fetch(`${target?.root}/__mock/scenario`, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`the control API answered ${response.status}`);
    return (await response.json()) as ScenarioList;
  }

  async function apply() {
    perRequest = '';
    try {
      const list = await control('PUT', { name: select.value });
      note.textContent = describe(list);
    } catch {
      perRequest = select.value;
      note.textContent = `This mock does not take control requests from this page, so "${select.value}" is sent with each request (x-mock-scenario). Scenarios that change the mock's data or timing need switching on the mock's own page: ${target?.root}/`;
    }
    element.dataset.scenario = select.value;
  }

  function describe(list: ScenarioList): string {
    return list.scenarios.find((scenario) => scenario.name === list.name)?.sees ?? '';
  }

  return {
    element,
    async load(next) {
      target = next;
      perRequest = '';
      element.hidden = !isMock(next);
      if (element.hidden) return;
      try {
        const list = await control('GET');
        select.replaceChildren(
          ...list.scenarios.map((s) => el('option', { value: s.name, selected: s.name === list.name }, s.name)),
        );
        select.disabled = false;
        note.textContent = describe(list);
        element.dataset.scenario = list.name;
      } catch {
        select.disabled = true;
        note.textContent = `The mock's scenarios are listed by its control API (${next.root}/__mock/scenario), which did not answer this page: pick one on the mock's own page, ${next.root}/.`;
      }
    },
    headers: () => (perRequest ? { 'x-mock-scenario': perRequest } : {}),
  };
}
