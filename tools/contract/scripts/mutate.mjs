#!/usr/bin/env node
// The mutation check of the contract suite: applies small drifts in temporary copies (a renamed
// field in the spec, an enum value changed in the mock's answers, an event dropped from the
// catalog), runs the checks that should notice, and reports which did. Exits 1 if any drift goes
// unnoticed. Never touches the repository's files.
// Usage: node scripts/mutate.mjs [--json] [mutation-id ...]   (needs `pnpm build` first)
import { runMutations } from '../dist/index.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const ids = args.filter((a) => !a.startsWith('--'));
const started = performance.now();
const outcomes = await runMutations(ids);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

if (json) {
  process.stdout.write(`${JSON.stringify({ seconds: Number(seconds), outcomes }, null, 2)}\n`);
} else {
  for (const o of outcomes) {
    console.log(`${o.caught ? 'CAUGHT ' : 'MISSED '} ${o.id}: ${o.description}`);
    for (const check of o.caughtBy) console.log(`    caught by ${check}: ${o.evidence[check]}`);
    for (const check of o.missedBy) console.log(`    passed anyway: ${check}`);
  }
  console.log(`${outcomes.filter((o) => o.caught).length}/${outcomes.length} drifts caught in ${seconds} s`);
}
process.exit(outcomes.length > 0 && outcomes.every((o) => o.caught) ? 0 : 1);
