// The form of one operation: credentials its security scheme asks for, its parameters (prefilled
// from the spec's examples), its body (from the body examples) and the media type to ask for.
import type { OperationModel, ParameterModel } from '../src/try-it/model.js';
import { firstSentence } from '../src/try-it/text.js';
import { type CredentialValues, credentialFields } from './credentials.js';
import { el, uid } from './dom.js';
import type { FieldProblem } from './request.js';
import { fieldKey } from './request.js';

/** A rendered operation form. */
export interface OperationForm {
  element: HTMLFormElement;
  /** Parameter values by field key. */
  values(): Record<string, string>;
  credentials(): CredentialValues;
  setCredentials(values: CredentialValues): void;
  /** Sets one parameter field (by field key). */
  setValue(key: string, value: string): void;
  bodyText(): string | undefined;
  accept(): string | undefined;
  /** Marks refused fields (aria-invalid, message beside the field); an empty list clears them. */
  showProblems(problems: readonly FieldProblem[]): void;
  /** The mint button, shown for mock targets. */
  mintButton: HTMLButtonElement;
  forgetButton: HTMLButtonElement;
}

/** Media types the success answers may come in, when there is a choice (`Accept`). */
export function acceptChoices(operation: OperationModel): string[] {
  const types = operation.responses
    .filter((response) => response.status.startsWith('2'))
    .flatMap((response) => response.contents.map((content) => content.type));
  return [...new Set(types)];
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The form's fields by key, each with its error line; builds a labelled field with hint and error. */
class Fields {
  readonly errors = new Map<string, HTMLElement>();
  readonly inputs = new Map<string, Control>();

  field(key: string, label: Node | string, control: Control, hint?: string): HTMLElement {
    const id = uid('try-it-field');
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    control.id = id;
    control.dataset.field = key;
    control.setAttribute('aria-describedby', hint ? `${hintId} ${errorId}` : errorId);
    const error = el('p', { id: errorId, class: 'try-it-field-error' });
    this.errors.set(key, error);
    this.inputs.set(key, control);
    return el(
      'div',
      { class: 'try-it-field' },
      el('label', { for: id }, label),
      control,
      hint ? el('p', { id: hintId, class: 'try-it-hint' }, hint) : undefined,
      error,
    );
  }

  read(key: string): string {
    return this.inputs.get(key)?.value ?? '';
  }
}

/** The credentials fieldset: a field per credential, the notes of the other schemes, mint and forget. */
function credentialSet(operation: OperationModel, credentials: CredentialValues, fields: Fields, buttons: Node[]) {
  if (operation.credentials.length + operation.credentialNotes.length === 0) return undefined;
  const inputs = credentialFields(operation.credentials).map((credential) =>
    fields.field(
      `credential:${credential.key}`,
      credential.label,
      el('input', {
        type: credential.secret ? 'password' : 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        value: credentials[credential.key] ?? '',
      }),
      firstSentence(credential.credential.description),
    ),
  );
  return el(
    'fieldset',
    { class: 'try-it-credentials' },
    el('legend', {}, 'Credentials'),
    ...inputs,
    ...operation.credentialNotes.map((note) => el('p', { class: 'try-it-note' }, note)),
    el('p', { class: 'try-it-note' }, 'Kept in this tab only (sessionStorage) and sent to the chosen target only.'),
    el('div', { class: 'try-it-actions' }, ...buttons),
  );
}

/** A parameter's field: a select for an enum, else text. Required values start as the spec's example; optional ones empty, the example as a hint. */
function parameterField(parameter: ParameterModel, values: Record<string, string>, fields: Fields): HTMLElement {
  const key = fieldKey(parameter);
  const current = values[key] ?? (parameter.required ? parameter.example : '');
  const control = parameter.enum
    ? el(
        'select',
        {},
        ...(parameter.required ? [] : [el('option', { value: '' }, '(none)')]),
        ...parameter.enum.map((value) => el('option', { value, selected: value === current }, value)),
      )
    : el('input', {
        type: 'text',
        value: current,
        placeholder: parameter.example ? `e.g. ${parameter.example}` : undefined,
        spellcheck: 'false',
        required: parameter.required,
      });
  const label = el(
    'span',
    {},
    el('code', {}, parameter.name),
    ` ${parameter.in}${parameter.required ? ', required' : ''}`,
  );
  return fields.field(key, label, control, firstSentence(parameter.description));
}

/** The body fieldset: the JSON text, and a pick of the spec's body examples when there are several. */
function bodySet(operation: OperationModel, values: Record<string, string>, fields: Fields): HTMLElement | undefined {
  if (!operation.body) return undefined;
  const { examples, contentType } = operation.body;
  const text = el('textarea', { rows: '10', spellcheck: 'false' }, values.body ?? examples[0]?.value ?? '');
  const pick = el(
    'select',
    { 'aria-label': 'Body example' },
    ...examples.map((example, index) => el('option', { value: String(index) }, example.summary)),
  );
  pick.addEventListener('change', () => {
    text.value = examples[Number(pick.value)]?.value ?? '';
  });
  return el(
    'fieldset',
    { class: 'try-it-body-field' },
    el('legend', {}, `Body (${contentType})`),
    examples.length > 1 ? pick : undefined,
    fields.field('body', 'JSON', text),
  );
}

/** Builds the form; `values` are the parameters' current values (examples, or what answers fed them). */
export function operationForm(
  operation: OperationModel,
  values: Record<string, string>,
  credentials: CredentialValues,
): OperationForm {
  const fields = new Fields();
  const { errors, inputs } = fields;
  const read = (key: string) => fields.read(key);
  const mintButton = el('button', { type: 'button', class: 'try-it-mint' }, 'Mint dev credentials');
  const forgetButton = el('button', { type: 'button', class: 'try-it-forget' }, 'Forget credentials');
  const credentialsSet = credentialSet(operation, credentials, fields, [mintButton, forgetButton]);
  const parameters =
    operation.parameters.length === 0
      ? undefined
      : el(
          'fieldset',
          { class: 'try-it-params' },
          el('legend', {}, 'Parameters'),
          ...operation.parameters.map((parameter) => parameterField(parameter, values, fields)),
        );
  const body = bodySet(operation, values, fields);
  const choices = acceptChoices(operation);
  const acceptSelect =
    choices.length > 1
      ? fields.field(
          'accept',
          'Answer as (Accept)',
          el('select', {}, ...choices.map((type) => el('option', { value: type }, type))),
        )
      : undefined;

  const element = el(
    'form',
    { class: 'try-it-form', novalidate: true },
    credentialsSet,
    parameters,
    body,
    acceptSelect,
  );
  return {
    element,
    values: () =>
      Object.fromEntries(operation.parameters.map((parameter) => [fieldKey(parameter), read(fieldKey(parameter))])),
    credentials: () =>
      Object.fromEntries(
        credentialFields(operation.credentials).map((credential) => [
          credential.key,
          read(`credential:${credential.key}`),
        ]),
      ),
    setCredentials(next) {
      for (const credential of credentialFields(operation.credentials)) {
        const input = inputs.get(`credential:${credential.key}`);
        if (input) input.value = next[credential.key] ?? '';
      }
    },
    setValue(key, value) {
      const input = inputs.get(key);
      if (input) input.value = value;
    },
    bodyText: () => (operation.body ? read('body') : undefined),
    accept: () => (choices.length > 1 ? read('accept') : undefined),
    showProblems(problems) {
      for (const [key, error] of errors) {
        const message = problems
          .filter((problem) => problem.field === key)
          .map((problem) => problem.message)
          .join(' ');
        error.textContent = message;
        inputs.get(key)?.setAttribute('aria-invalid', String(message !== ''));
      }
    },
    mintButton,
    forgetButton,
  };
}
