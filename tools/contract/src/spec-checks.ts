/**
 * Point 1 (spec) and the spec half of point 4. Lint and reproducibility reuse the spec package's
 * own scripts (`scripts/lint.mjs`, `scripts/build.mjs --out`); what is added here is what those
 * cannot see: the rows inside JSON Lines examples, checked by the events package and the schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiIds, operations, resolveRef } from '@audit-export/spec';
import { type CheckResult, ContractCheckError, result } from './check.js';
import { checkJsonlBody, compileItemSchema, jsonlItemSchemaOf } from './line-schema.js';
import { type Doc, type SpecSet, specPackageDir } from './spec-set.js';

/** Runs the spec package's lint script (Redocly, recommended-strict, examples validated): zero problems. */
export function checkSpecLint(): CheckResult {
  const run = spawnSync(process.execPath, ['scripts/lint.mjs'], {
    cwd: specPackageDir(),
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (run.error) throw new ContractCheckError('spec.lint', run.error.message);
  const out = `${run.stdout}\n${run.stderr}`;
  const problems =
    run.status === 0
      ? []
      : out
          .split('\n')
          .filter((l) => /error|warning|FAILED/i.test(l))
          .map((l) => l.trim());
  return result('spec.lint', run.status === 0 ? [] : problems.length ? problems : ['spec lint failed']);
}

/** Builds the spec from its sources into a temp dir with its own build script and compares with `set.dir`, byte for byte. */
export function checkSpecReproducible(set: SpecSet): CheckResult {
  const out = mkdtempSync(join(tmpdir(), 'contract-spec-build-'));
  try {
    const run = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], {
      cwd: specPackageDir(),
      encoding: 'utf8',
      timeout: 90_000,
    });
    if (run.status !== 0) throw new ContractCheckError('spec.reproducible', run.stderr || 'build failed');
    const problems: string[] = [];
    for (const file of readdirSync(out)) {
      const have = join(set.dir, file);
      if (!existsSync(have)) problems.push(`${file}: missing from ${set.dir}`);
      else if (!readFileSync(have).equals(readFileSync(join(out, file))))
        problems.push(`${file}: differs from a fresh build of spec/apis (rebuild the spec)`);
    }
    return result('spec.reproducible', problems);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every example of every JSON Lines media type, and AuditEvent's own examples, row by row. */
export async function checkSpecJsonlExamples(set: SpecSet): Promise<CheckResult> {
  const problems: string[] = [];
  let seen = 0;
  for (const id of apiIds) {
    const doc = set.docs[id];
    for (const op of operations(doc)) {
      const itemSchema = jsonlItemSchemaOf(doc, op.operation);
      if (!itemSchema) continue;
      const validate = compileItemSchema(doc, itemSchema);
      const ok = resolveRef(doc, op.operation.responses['200']);
      for (const [mediaType, media] of Object.entries(ok.content as Doc)) {
        if (!/jsonl|ndjson/.test(mediaType)) continue;
        const examples: unknown[] =
          'example' in media
            ? [media.example]
            : Object.values((media.examples ?? {}) as Doc).map((e) => resolveRef(doc, e as Doc).value);
        for (const [index, example] of examples.entries()) {
          seen++;
          const where = `${id} ${op.operationId} ${mediaType} example ${index + 1}`;
          if (typeof example !== 'string') problems.push(`${where}: not a string of JSON Lines`);
          else problems.push(...(await checkJsonlBody(example, validate, where)));
        }
      }
      // The item schema's own examples are single rows.
      const target = resolveRef(doc, itemSchema);
      for (const [index, row] of ((target.examples ?? []) as unknown[]).entries()) {
        seen++;
        problems.push(
          ...(await checkJsonlBody(`${JSON.stringify(row)}\n`, validate, `${id} item schema example ${index + 1}`)),
        );
      }
    }
  }
  if (seen === 0) problems.push('no JSON Lines examples found (is x-jsonl-item-schema gone?)');
  return result('spec.jsonl-examples', problems);
}
