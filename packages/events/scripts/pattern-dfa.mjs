// Compiles a JSON Schema `pattern` into a DFA over ASCII character classes, for the hot path of the
// generated yes/no check. A RegExp call costs about 0.2 µs in parseJsonl's loop, mostly call
// overhead; walking a transition table costs a few nanoseconds a character. Only a subset is
// compiled: a pattern anchored with `^`, built of ASCII literals, `\d`, `\w` and ASCII classes,
// groups, `|` and the quantifiers `? * + {n} {n,} {n,m}`, with an optional final `$`. Anything
// else (`.`, negated classes, `\s`, lookarounds, back-references, non-ASCII) returns null, and the
// caller keeps the RegExp: never a different answer, only a slower one.

/** Most states a compiled DFA may have before the RegExp is kept instead (the tables stay small). */
const MAX_STATES = 512;
/** Counted repetition is unrolled; a larger count keeps the RegExp. */
const MAX_REPEAT = 64;

/** The character codes from `from` to `to`, both included. */
const range = (from, to) => {
  const set = new Set();
  for (let c = from; c <= to; c++) set.add(c);
  return set;
};
const union = (...sets) => new Set(sets.flatMap((set) => [...set]));
const DIGIT = range(0x30, 0x39);
const WORD = union(DIGIT, range(0x41, 0x5a), range(0x61, 0x7a), new Set([0x5f]));
/** Characters an escape may stand for in unicode mode: only syntax characters, `/` and `-` (in a class). */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

/** Thrown inside the parser when the pattern leaves the supported subset. */
class Unsupported extends Error {}

/**
 * Parses the pattern (between the anchors) into a tree: { alt: [] } | { seq: [] } |
 * { set: Set<code> } | { repeat: node, min, max }. Throws Unsupported outside the subset.
 */
function parse(source) {
  let at = 0;
  const peek = () => source[at];
  const fail = (why) => {
    throw new Unsupported(`${why} at ${at}`);
  };
  const ascii = (ch) => {
    const code = ch.charCodeAt(0);
    if (code > 0x7f) fail('non-ASCII character');
    return code;
  };

  const characterEscape = (inClass) => {
    const ch = source[at++];
    if (ch === undefined) fail('trailing backslash');
    if (ch === 'd') return DIGIT;
    if (ch === 'w') return WORD;
    if (SYNTAX.has(ch) || (inClass && ch === '-')) return new Set([ascii(ch)]);
    return fail(`escape \\${ch}`);
  };

  const classAtom = () => {
    const ch = source[at++];
    if (ch === undefined) fail('unterminated class');
    if (ch === '\\') return characterEscape(true);
    if (ch === '[') fail('nested class');
    return new Set([ascii(ch)]);
  };

  const characterClass = () => {
    if (peek() === '^') fail('negated class');
    const members = [];
    while (peek() !== ']') {
      const first = classAtom();
      if (peek() === '-' && source[at + 1] !== ']' && source[at + 1] !== undefined) {
        at++;
        const last = classAtom();
        if (first.size !== 1 || last.size !== 1) fail('class range with a class escape');
        const [from] = first;
        const [to] = last;
        if (from > to) fail('reversed range');
        members.push(range(from, to));
      } else {
        members.push(first);
      }
    }
    at++;
    return union(...members);
  };

  const atom = () => {
    const ch = source[at++];
    if (ch === '(') {
      if (peek() === '?') {
        if (source[at + 1] !== ':') fail('lookaround or named group');
        at += 2;
      }
      const inner = alternation();
      if (source[at++] !== ')') fail('unbalanced parenthesis');
      return inner;
    }
    if (ch === '[') return { set: characterClass() };
    if (ch === '\\') return { set: characterEscape(false) };
    if (ch === '.' || ch === '^' || ch === '$') fail(`"${ch}" inside the pattern`);
    if ('*+?{}|)]'.includes(ch)) fail(`unexpected "${ch}"`);
    return { set: new Set([ascii(ch)]) };
  };

  const quantified = () => {
    let node = atom();
    for (;;) {
      const ch = peek();
      let min;
      let max;
      if (ch === '?') [min, max] = [0, 1];
      else if (ch === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
      else if (ch === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
      else if (ch === '{') {
        const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
        if (!match) fail('malformed quantifier');
        min = Number(match[1]);
        max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
        if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) fail('large repetition');
        at += match[0].length - 1;
      } else return node;
      at++;
      // A lazy quantifier matches the same strings; test() only asks whether one exists.
      if (peek() === '?') at++;
      node = { repeat: node, min, max };
    }
  };

  const sequence = () => {
    const items = [];
    while (at < source.length && peek() !== '|' && peek() !== ')') items.push(quantified());
    return { seq: items };
  };

  function alternation() {
    const branches = [sequence()];
    while (peek() === '|') {
      at++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0] : { alt: branches };
  }

  const tree = alternation();
  if (at !== source.length) fail('unbalanced parenthesis');
  return tree;
}

/** A Thompson NFA: states with character-set edges and epsilon edges. */
function buildNfa(tree) {
  const edges = []; // edges[state] = [{ set, to }]
  const epsilon = []; // epsilon[state] = [to]
  const state = () => {
    edges.push([]);
    epsilon.push([]);
    return edges.length - 1;
  };
  /** Wires `node` from state `from`; returns its end state. */
  const wire = (node, from) => {
    if (node.set) {
      const to = state();
      edges[from].push({ set: node.set, to });
      return to;
    }
    if (node.seq) return node.seq.reduce((at, item) => wire(item, at), from);
    if (node.alt) {
      const end = state();
      for (const branch of node.alt) epsilon[wire(branch, from)].push(end);
      return end;
    }
    let at = from;
    for (let i = 0; i < node.min; i++) at = wire(node.repeat, at);
    if (node.max === Number.POSITIVE_INFINITY) {
      const loop = state();
      epsilon[at].push(loop);
      epsilon[wire(node.repeat, loop)].push(loop);
      return loop;
    }
    const end = state();
    for (let i = node.min; i < node.max; i++) {
      epsilon[at].push(end);
      at = wire(node.repeat, at);
    }
    epsilon[at].push(end);
    return end;
  };
  const start = state();
  const accept = wire(tree, start);
  return { edges, epsilon, start, accept };
}

/**
 * Compiles a pattern, or returns null when it is outside the subset. The result: `classes` maps each
 * ASCII code to a character class; `table[state * width + class]` is the next state, 0 being the dead
 * state and 1 the start; `accepting[state]` is 1 for a match; `prefix` is true when the pattern has no
 * `$`, so reaching an accepting state decides. Characters above U+007F lead to the dead state.
 */
export function compilePattern(pattern) {
  new RegExp(pattern, 'u'); // Invalid patterns throw here, as Ajv would.
  if (!pattern.startsWith('^')) return null;
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  let nfa;
  try {
    const tree = parse(pattern.slice(1, anchoredEnd ? -1 : undefined));
    // `^a|b$` anchors each branch separately, not the whole: keep the RegExp.
    if (tree.alt) return null;
    nfa = buildNfa(tree);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }

  // Characters that every set treats alike share a class; class 0 is "in no set".
  const sets = [...new Set(nfa.edges.flat().map((edge) => edge.set))];
  const signatures = new Map();
  const classes = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const signature = sets.map((set) => (set.has(code) ? 1 : 0)).join('');
    if (!signature.includes('1')) continue;
    if (!signatures.has(signature)) signatures.set(signature, signatures.size + 1);
    classes[code] = signatures.get(signature);
  }
  const width = signatures.size + 1;
  const representative = Array.from({ length: width }, (_, k) => classes.indexOf(k));

  const closure = (states) => {
    const seen = new Set(states);
    const stack = [...states];
    while (stack.length > 0)
      for (const to of nfa.epsilon[stack.pop()]) if (!seen.has(to) && seen.add(to)) stack.push(to);
    return [...seen].sort((a, b) => a - b);
  };
  // Subset construction; DFA state 0 is dead, 1 is the start.
  const ids = new Map([['', 0]]);
  const subsets = [[]];
  const queue = [closure([nfa.start])];
  ids.set(queue[0].join(), 1);
  subsets.push(queue[0]);
  const rows = [new Array(width).fill(0)];
  while (queue.length > 0) {
    const subset = queue.shift();
    const row = new Array(width).fill(0);
    for (let k = 1; k < width; k++) {
      const code = representative[k];
      const next = closure(subset.flatMap((s) => nfa.edges[s].filter((edge) => edge.set.has(code)).map((e) => e.to)));
      const key = next.join();
      if (!ids.has(key)) {
        if (ids.size >= MAX_STATES) return null;
        ids.set(key, ids.size);
        subsets.push(next);
        queue.push(next);
      }
      row[k] = ids.get(key);
    }
    rows.push(row);
  }
  return {
    classes: [...classes],
    table: rows.flat(),
    width,
    accepting: subsets.map((subset) => (subset.includes(nfa.accept) ? 1 : 0)),
    prefix: !anchoredEnd,
  };
}

/**
 * Source of `matchCompiled(s, classes, table, width, accepting, prefix)`: whether `s` matches a
 * compiled pattern. Kept as text so that the generated check holds exactly these characters (a
 * function's toString would change with whatever transpiles this script) and tests run the same code.
 */
export const MATCH_SOURCE = `function matchCompiled(s, classes, table, width, accepting, prefix) {
  let state = 1;
  if (prefix && accepting[state] === 1) return true;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    state = code < 128 ? table[state * width + classes[code]] : 0;
    if (state === 0) return false;
    if (prefix && accepting[state] === 1) return true;
  }
  return accepting[state] === 1;
}`;

/** MATCH_SOURCE as a function, for tests. */
export const matchCompiled = new Function(`${MATCH_SOURCE}\nreturn matchCompiled;`)();
