/**
 * Point 6: the Arazzo workflow documents beside the spec (spec/arazzo/*.arazzo.yaml), run by
 * `redocly respect` against a running mock. Respect checks each step's status, content type and
 * schema besides the workflow's own success criteria; this module reads its --json-output and
 * requires every workflow to have passed, with the final attempt of every step clean.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type CheckResult, ContractCheckError, result } from './check.js';
import { specPackageDir } from './spec-set.js';

const require = createRequire(import.meta.url);

/** The Arazzo documents of the spec package. */
export function arazzoFiles(dir: string = join(specPackageDir(), 'arazzo')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.arazzo.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** Inputs of {@link runArazzo}. */
export interface ArazzoRun {
  /** Arazzo documents to run. */
  readonly files: readonly string[];
  /** `--server name=url` by source description name. */
  readonly servers: Readonly<Record<string, string>>;
  /** `--input key=value` (credentials minted by the mock's mintDevToken / mintZohoToken). */
  readonly inputs: Readonly<Record<string, string>>;
  /** Source descriptions to substitute, by file name in the documents' `url` (e.g. `audit-query.json` → a drifted copy's dir). */
  readonly specDir?: string;
  /** Respect must finish within this many ms (default 60 s). */
  readonly timeoutMs?: number;
}

interface RespectStep {
  stepId: string;
  checks?: { name: string; passed: boolean; message?: string }[];
}
interface RespectWorkflow {
  workflowId: string;
  status?: string;
  executedSteps?: RespectStep[];
}

/** Runs the documents with Respect and reports every workflow or step that did not pass. */
export async function runArazzo(run: ArazzoRun): Promise<CheckResult> {
  const work = mkdtempSync(join(tmpdir(), 'contract-arazzo-'));
  try {
    // Copies beside a spec copy when one is given, so the documents' relative `url`s resolve to it.
    const files = run.files.map((file) => {
      if (!run.specDir) return file;
      const copy = join(work, 'arazzo', file.split('/').pop() as string);
      cpSync(file, copy);
      cpSync(run.specDir, join(work, 'dist'), { recursive: true });
      return copy;
    });
    const output = join(work, 'respect.json');
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const args = [cli, 'respect', ...files, '--json-output', output];
    for (const [name, url] of Object.entries(run.servers)) args.push('--server', `${name}=${url}`);
    for (const [key, value] of Object.entries(run.inputs)) args.push('--input', `${key}=${value}`);
    const log = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: work,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: string[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
      const timer = setTimeout(() => child.kill('SIGTERM'), run.timeoutMs ?? 60_000);
      child.once('error', reject);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(chunks.join(''));
      });
    });
    if (!existsSync(output))
      throw new ContractCheckError('arazzo.respect', `no JSON output; respect said:\n${log.slice(-3000)}`);
    return result('arazzo.respect', problemsOf(JSON.parse(readFileSync(output, 'utf8')), files));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every declared workflow ran and passed; the last attempt of each step passed every check. */
export function problemsOf(
  report: { files?: Record<string, { executedWorkflows?: RespectWorkflow[] }> },
  files: readonly string[],
): string[] {
  const problems: string[] = [];
  const entries = Object.entries(report.files ?? {});
  for (const file of files) {
    const name = file.split('/').pop() as string;
    const entry = entries.find(([key]) => key.endsWith(name))?.[1];
    const declared = [...readFileSync(file, 'utf8').matchAll(/^\s+- workflowId: (\S+)/gm)].map((m) => m[1] as string);
    const ran = entry?.executedWorkflows ?? [];
    for (const id of declared) {
      const workflow = ran.find((w) => w.workflowId === id);
      if (!workflow) {
        problems.push(`${name} ${id}: did not run`);
        continue;
      }
      if (workflow.status !== 'success') problems.push(`${name} ${id}: status ${workflow.status}`);
      const last = new Map<string, RespectStep>();
      for (const step of workflow.executedSteps ?? []) last.set(step.stepId, step);
      for (const [stepId, step] of last) {
        for (const check of step.checks ?? []) {
          if (!check.passed)
            problems.push(`${name} ${id} ${stepId}: ${check.name}: ${(check.message ?? '').split('\n')[0]}`);
        }
      }
    }
  }
  return problems;
}
