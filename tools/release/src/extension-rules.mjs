// Our rules for the contract extensions `redocly diff` does not look into: the event catalog
// (`x-event-catalog`, which the events package types and the clients deliver) and job lifecycles
// (`x-transitions`, from which the clients know which states are terminal). Both are read from the
// bundled documents with @audit-export/spec's reader; each rule id has one impact, listed here.
import { jobLifecycle } from '@audit-export/spec';

/** Each of our rules and the impact of what it finds. */
export const extensionRules = {
  /** A new catalog event: clients deliver names they do not know with a generic entry. */
  'event-added': 'minor',
  /** A catalog event is gone: `EventName` and `KnownAuditEvent` lose a member. */
  'event-removed': 'major',
  /** An event's result-line spelling changed: lines of the old spelling are no longer that event. */
  'event-renamed': 'major',
  /** An attribute left an event's template: code reading it breaks. */
  'event-attribute-removed': 'major',
  /** An attribute joined an event's template. */
  'event-attribute-added': 'minor',
  /** Template text, module or descriptions of an event changed. */
  'event-text-changed': 'patch',
  /** A new move between states. */
  'transition-added': 'minor',
  /** A move clients relied on (an operation's answer, a server move) is gone. */
  'transition-removed': 'major',
  /** A state became terminal or active: clients would stop polling too early, or never. */
  'state-kind-changed': 'major',
};

/** Our rules whose major change reaches the events package (its `EventName` union and typed attributes). */
export const eventRules = new Set(['event-removed', 'event-renamed', 'event-attribute-removed']);

function change(rule, message, pointer) {
  return {
    impact: extensionRules[rule],
    kind: 'modified',
    rule,
    message,
    operation: undefined,
    pointer,
    location: undefined,
  };
}

function catalogChanges(base, revision) {
  const before = Array.isArray(base?.['x-event-catalog']) ? base['x-event-catalog'] : [];
  const after = Array.isArray(revision?.['x-event-catalog']) ? revision['x-event-catalog'] : [];
  const changes = [];
  const at = (entries, name) => entries.findIndex((entry) => entry.name === name);
  for (const [index, entry] of after.entries()) {
    const pointer = `#/x-event-catalog/${index}`;
    const old = before[at(before, entry.name)];
    if (!old) {
      changes.push(change('event-added', `Event \`${entry.name}\` (\`${entry.lineName}\`) was added.`, pointer));
      continue;
    }
    if (old.lineName !== entry.lineName)
      changes.push(
        change(
          'event-renamed',
          `Event \`${entry.name}\` is now \`${entry.lineName}\` in result lines, was \`${old.lineName}\`.`,
          pointer,
        ),
      );
    const keys = (e) => Object.keys(e.attributes ?? {});
    const lost = keys(old).filter((key) => !keys(entry).includes(key));
    const gained = keys(entry).filter((key) => !keys(old).includes(key));
    if (lost.length)
      changes.push(
        change('event-attribute-removed', `Event \`${entry.name}\` lost attributes: ${lost.join(', ')}.`, pointer),
      );
    if (gained.length)
      changes.push(
        change('event-attribute-added', `Event \`${entry.name}\` gained attributes: ${gained.join(', ')}.`, pointer),
      );
    const text = (e) => JSON.stringify([e.template, e.module, e.moduleId, e.attributes]);
    if (!lost.length && !gained.length && text(old) !== text(entry))
      changes.push(
        change('event-text-changed', `Event \`${entry.name}\`: template, module or descriptions changed.`, pointer),
      );
  }
  for (const [index, entry] of before.entries()) {
    if (at(after, entry.name) === -1)
      changes.push(
        change(
          'event-removed',
          `Event \`${entry.name}\` (\`${entry.lineName}\`) was removed.`,
          `#/x-event-catalog/${index}`,
        ),
      );
  }
  return changes;
}

/** The component schemas that declare a lifecycle. */
function lifecycleSchemas(doc) {
  return Object.entries(doc?.components?.schemas ?? {})
    .filter(([, schema]) => Array.isArray(schema?.['x-transitions']))
    .map(([name]) => name);
}

function lifecycleChanges(base, revision) {
  const changes = [];
  const key = (t) =>
    `${t.from ?? '(new)'} → ${t.to ?? '(removed)'}${t.operationId ? ` by ${t.operationId}` : ' by the server'}`;
  for (const name of lifecycleSchemas(revision).filter((n) => lifecycleSchemas(base).includes(n))) {
    const pointer = `#/components/schemas/${name}/x-transitions`;
    const [before, after] = [jobLifecycle(base, name), jobLifecycle(revision, name)];
    const had = new Set(before.transitions.map(key));
    const has = new Set(after.transitions.map(key));
    for (const move of has)
      if (!had.has(move)) changes.push(change('transition-added', `\`${name}\` gained the move ${move}.`, pointer));
    for (const move of had)
      if (!has.has(move)) changes.push(change('transition-removed', `\`${name}\` lost the move ${move}.`, pointer));
    for (const state of before.states.filter((s) => after.states.includes(s))) {
      const kind = (lifecycle) => (lifecycle.terminal.includes(state) ? 'terminal' : 'active');
      if (kind(before) !== kind(after))
        changes.push(
          change(
            'state-kind-changed',
            `\`${name}\` state ${state} was ${kind(before)}, is now ${kind(after)}.`,
            pointer,
          ),
        );
    }
  }
  return changes;
}

/** The changes our rules find between two bundled documents. */
export function extensionChanges(base, revision) {
  return [...catalogChanges(base, revision), ...lifecycleChanges(base, revision)];
}
