// The API modules the build writes (assets/try-it/api/<id>.js): the model plus one Ajv standalone
// validator per schema, compiled at build time (no schema compiler, no eval in the page).
import type { ApiModel } from '../src/try-it/model.js';

/** Ajv's error object, the parts the panel shows. */
export interface SchemaError {
  instancePath: string;
  message?: string;
}

/** A compiled validator: true when the value fits; otherwise `errors` says why. */
export interface Validator {
  (value: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** What an API module exports. */
export interface ApiModule {
  model: ApiModel;
  validators: Record<string, Validator>;
}

/** Loads the model and validators of one API. */
export async function loadApiModule(apiId: string): Promise<ApiModule> {
  const module = (await import(/* @vite-ignore */ new URL(`./api/${apiId}.js`, import.meta.url).href)) as Record<
    string,
    unknown
  >;
  const { model, ...validators } = module as { model: ApiModel } & Record<string, Validator>;
  return { model, validators };
}

/** Runs a validator; the problems as readable lines (`/audit_log_export/0 must have required property 'criteria'`). */
export function check(validators: Record<string, Validator>, name: string | undefined, value: unknown): string[] {
  if (name === undefined) return [];
  const validate = validators[name];
  if (!validate) return [`no validator ${name} in the API module`];
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((error) => `${error.instancePath || '(the value)'} ${error.message ?? 'is invalid'}`.trim());
}
