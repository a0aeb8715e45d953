// Emits a yes/no checker for a JSON Schema, for the hot path of parseJsonl: no error objects,
// no options object per call, no anyOf error bookkeeping. Ajv's standalone validator stays the
// reference and the only source of error details: callers run it whenever this one says no, and a
// test compares both on random valid and invalid events. Only the keywords the spec's AuditEvent
// uses are supported; any other keyword fails generation (never a silently weaker check).

import { compilePattern, MATCH_SOURCE } from './pattern-dfa.mjs';

/** Keywords that never affect validity. */
const ANNOTATIONS = new Set([
  '$schema',
  '$comment',
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
  'example',
  // Formats are annotations here (validateFormats: false); generate.mjs requires a pattern beside each.
  'format',
]);
const SUPPORTED = new Set([
  '$ref',
  '$defs',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'pattern',
  'minLength',
  'maxLength',
  'anyOf',
]);

/** Ajv's type checks (`number` is finite, `integer` too and whole; `object` excludes null and arrays). */
const TYPE_CHECKS = {
  string: (v) => `typeof ${v} === "string"`,
  object: (v) => `(${v} !== null && typeof ${v} === "object" && !Array.isArray(${v}))`,
  array: (v) => `Array.isArray(${v})`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
  number: (v) => `(typeof ${v} === "number" && isFinite(${v}))`,
  integer: (v) => `(typeof ${v} === "number" && !(${v} % 1) && !isNaN(${v}) && isFinite(${v}))`,
};

/** Whether a schema accepts every value (`true`, or annotations only). */
function acceptsAll(schema) {
  return schema === true || (isObject(schema) && Object.keys(schema).every((key) => ANNOTATIONS.has(key)));
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * JavaScript source (no imports) defining `function <name>(data): boolean` for `root`, a JSON Schema
 * 2020-12 document whose `$ref`s point into its own `$defs`. Throws on an unsupported keyword.
 */
export function fastValidatorSource(root, name) {
  const out = [];
  const defs = new Map();
  const refCounts = new Map();
  JSON.stringify(root, (key, value) => {
    if (key === '$ref' && typeof value === 'string') refCounts.set(value, (refCounts.get(value) ?? 0) + 1);
    return value;
  });
  let counter = 0;
  const fresh = (prefix) => `${prefix}${counter++}`;

  const defFunction = (ref) => {
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const target = match?.[1] !== undefined ? root.$defs?.[match[1]] : undefined;
    if (target === undefined) throw new Error(`fast validator: unsupported $ref ${ref}`);
    let fn = defs.get(ref);
    if (fn === undefined) {
      fn = fresh('check_');
      defs.set(ref, fn);
      const body = expression(target, 'data', `#/$defs/${match[1]}`);
      if ((refCounts.get(ref) ?? 0) < 2) {
        out.push(`function ${fn}(data) {\n  return ${body};\n}`);
      } else {
        // A definition used by several properties often sees the same string twice in a row (an
        // event's timestamp and dateTime): the last string it accepted is remembered, so a repeat
        // costs one comparison. The check is a pure function of the string, so the answer is the same.
        out.push(
          [
            `let ${fn}_accepted;`,
            `function ${fn}(data) {`,
            `  if (typeof data === "string" && data === ${fn}_accepted) return true;`,
            `  if (!(${body})) return false;`,
            `  if (typeof data === "string") ${fn}_accepted = data;`,
            '  return true;',
            '}',
          ].join('\n'),
        );
      }
    }
    return fn;
  };

  /** A boolean expression that is true when `v` (a simple identifier or member access) satisfies `schema`. */
  const expression = (schema, v, at) => {
    if (schema === true) return 'true';
    if (schema === false) return 'false';
    if (!isObject(schema)) throw new Error(`fast validator: ${at} is not a schema`);
    const parts = [];
    for (const key of Object.keys(schema)) {
      if (!ANNOTATIONS.has(key) && !SUPPORTED.has(key)) {
        throw new Error(`fast validator: keyword "${key}" at ${at} is not supported; teach scripts/fast-validator.mjs`);
      }
    }
    if (schema.$ref !== undefined) parts.push(`${defFunction(schema.$ref)}(${v})`);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      parts.push(
        `(${types
          .map((type) => {
            const check = TYPE_CHECKS[type];
            if (!check) throw new Error(`fast validator: type "${type}" at ${at} is not supported`);
            return check(v);
          })
          .join(' || ')})`,
      );
    }
    const stringRules = [];
    if (schema.minLength !== undefined) {
      // Lengths count code points, as Ajv does: a surrogate pair is one character.
      const n = schema.minLength;
      stringRules.push(
        n <= 0 ? 'true' : n === 1 ? `${v}.length >= 1` : `(${v}.length >= ${2 * n} || codePoints(${v}) >= ${n})`,
      );
    }
    if (schema.maxLength !== undefined)
      stringRules.push(`(${v}.length <= ${schema.maxLength} || codePoints(${v}) <= ${schema.maxLength})`);
    if (schema.pattern !== undefined) stringRules.push(patternRule(schema.pattern, v));
    if (stringRules.length > 0) parts.push(`(typeof ${v} !== "string" || (${stringRules.join(' && ')}))`);
    const objectRules = [];
    for (const key of schema.required ?? []) objectRules.push(`${v}[${JSON.stringify(key)}] !== undefined`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (acceptsAll(sub)) continue;
      const member = `${v}[${JSON.stringify(key)}]`;
      objectRules.push(`(${member} === undefined || (${expression(sub, member, `${at}/properties/${key}`)}))`);
    }
    if (schema.additionalProperties !== undefined && !acceptsAll(schema.additionalProperties)) {
      throw new Error(`fast validator: additionalProperties at ${at} must accept everything`);
    }
    // Like `pattern` for non-strings, `required` and `properties` say nothing about non-objects.
    if (objectRules.length > 0) parts.push(`(${TYPE_CHECKS.object(v)} ? ${objectRules.join(' && ')} : true)`);
    if (schema.anyOf !== undefined) {
      const branches = schema.anyOf.map((sub, index) => {
        const fn = fresh('branch_');
        out.push(`function ${fn}(data) {\n  return ${expression(sub, 'data', `${at}/anyOf/${index}`)};\n}`);
        return fn;
      });
      // Any branch may decide; the one that matched last goes first (data repeats its form).
      const fn = fresh('anyOf_');
      const last = fresh('last_');
      out.push(
        [
          `let ${last} = 0;`,
          `function ${fn}(data) {`,
          `  switch (${last}) {`,
          ...branches.map((branch, index) => `    case ${index}: if (${branch}(data)) return true; break;`),
          '  }',
          ...branches.map(
            (branch, index) => `  if (${last} !== ${index} && ${branch}(data)) { ${last} = ${index}; return true; }`,
          ),
          '  return false;',
          '}',
        ].join('\n'),
      );
      parts.push(`${fn}(${v})`);
    }
    return parts.length === 0 ? 'true' : parts.join(' && ');
  };

  /** A DFA walk when the pattern compiles to one (see pattern-dfa.mjs), else the RegExp Ajv would use. */
  const patternRule = (pattern, v) => {
    const dfa = compilePattern(pattern);
    const id = fresh('pattern_');
    if (dfa === null) {
      // The same constructor and flag as Ajv's code (unicodeRegExp is on by default).
      out.push(`const ${id} = new RegExp(${JSON.stringify(pattern)}, "u");`);
      return `${id}.test(${v})`;
    }
    out.push(
      `// ${JSON.stringify(pattern)}`,
      `const ${id}_classes = Uint8Array.of(${dfa.classes.join(',')});`,
      `const ${id}_table = Uint16Array.of(${dfa.table.join(',')});`,
      `const ${id}_accepting = Uint8Array.of(${dfa.accepting.join(',')});`,
    );
    return `matchCompiled(${v}, ${id}_classes, ${id}_table, ${dfa.width}, ${id}_accepting, ${dfa.prefix})`;
  };

  const body = expression(root, 'data', '#');
  const uses = (fn) => out.some((line) => line.includes(`${fn}(`)) || body.includes(`${fn}(`);
  return [
    ...(uses('codePoints') ? CODE_POINTS : []),
    ...(uses('matchCompiled') ? [MATCH_SOURCE] : []),
    ...out,
    `function ${name}(data) {\n  return ${body};\n}`,
  ].join('\n');
}

const CODE_POINTS = [
  '/** Code points in a string, as JSON Schema counts string length. */',
  'function codePoints(s) {',
  '  let n = 0;',
  '  for (let i = 0; i < s.length; i++) {',
  '    const c = s.charCodeAt(i);',
  '    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;',
  '    n++;',
  '  }',
  '  return n;',
  '}',
];
