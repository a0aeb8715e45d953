/** What every contract check returns: its name and the drifts it found (empty means it passed). */
export interface CheckResult {
  /** Stable name, e.g. `events.catalog-equals-spec`; the mutation report names the checks that caught a drift. */
  readonly check: string;
  /** One line per drift, each naming the artifact and the place (operation, line number, event). */
  readonly problems: readonly string[];
}

/** A check that failed to run (a server did not start, a tool crashed): not the same as a drift. */
export class ContractCheckError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'CONTRACT_CHECK_FAILED';
  /** The check that could not run. */
  readonly check: string;

  constructor(check: string, message: string) {
    super(`${check}: ${message}`);
    this.name = 'ContractCheckError';
    this.check = check;
  }
}

/** Builds a result, capping the problem list so one drift repeated a thousand times stays readable. */
export function result(check: string, problems: readonly string[], max = 50): CheckResult {
  const shown = problems.slice(0, max);
  if (problems.length > max) shown.push(`… and ${problems.length - max} more`);
  return { check, problems: shown };
}

/** One line per problem, prefixed by the check's name: what a failed assertion prints. */
export function describeProblems(results: readonly CheckResult[]): string {
  return results.flatMap((r) => r.problems.map((p) => `[${r.check}] ${p}`)).join('\n');
}
