/** The command tree (commander): commands, flags, help with examples. Completion scripts are generated from it. */

import { Command, Option } from 'commander';
import { API_NAMES } from './apis.js';
import { CREDENTIAL_ENV } from './credentials.js';
import { auditQueryFilterFlags, zohoActions } from './filters.js';
import { scrub } from './secrets.js';

/** What the actions are handed. */
export interface Actions {
  pull(api: string, flags: Record<string, unknown>): Promise<void>;
  sync(api: string, flags: Record<string, unknown>): Promise<void>;
  check(api: string, flags: Record<string, unknown>): Promise<void>;
  completion(shell: string): void;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options that may be given more than once (completion offers them again). */
export const REPEATABLE = new Set(['--attr', '--action', '--done-by', '--module']);

const EXIT_CODES = `
Exit codes:
  0    done
  1    failed (fix the cause; committed progress is kept)
  2    usage or bad input (nothing was written or overwritten)
  3    incomplete but resumable (the message names the command to rerun)
  130  interrupted (Ctrl+C); rerun the same command to continue`;

const CREDENTIALS_HELP = `
Credentials (first found wins):
  --token-command CMD     run on start and whenever the API answers 401; prints {"accessToken": …, "apiToken": …}
  --credentials FILE      the same JSON in a file only you can read (chmod 600)
  environment             ${CREDENTIAL_ENV['audit-query'].join(', ')}; ${CREDENTIAL_ENV.zoho.join(', ')} for zoho`;

function apiArgument(command: Command): Command {
  return command.argument('<api>', `the API: ${API_NAMES.join(' or ')}`);
}

function credentialOptions(command: Command): Command {
  return command
    .option('--credentials <file>', 'tokens as JSON in a file only you can read')
    .option('--token-command <cmd>', 'command printing the tokens as JSON; run on start and on 401');
}

function exportOptions(command: Command): Command {
  credentialOptions(command)
    .option('--base-url <url>', 'API root (audit-query: …/audit-query-service; zoho: the API domain)')
    .option('--tenant <id>', 'audit-query: the tenant to export');
  // The audit query's filters are the spec's (the client's exportFilterFields): one flag each.
  for (const { field, flag, paired } of auditQueryFilterFlags) {
    if (paired) {
      command.option(
        `--${flag} <key=value>`,
        `audit-query: only events whose ${field} hold key=value (repeatable)`,
        collect,
      );
    } else {
      command.option(`--${flag} <value>`, `audit-query: only events whose ${field} matches`);
    }
  }
  return command
    .option('--action <action>', `zoho: one of ${zohoActions().join(', ')} (repeatable)`, collect)
    .option('--done-by <userId>', 'zoho: only entries by this user id (repeatable)', collect)
    .option('--module <api_name:id>', 'zoho: only this module (repeatable)', collect)
    .option(
      '--result-limit <n>',
      "zoho: entries one export holds at most, for a server that cuts earlier than the spec's x-max-entries",
    )
    .option('--checkpoint-every <n>', 'commit output and checkpoint every n events', '10000')
    .option('--poll-interval <duration>', 'shortest wait between job status polls', '1s')
    .addOption(new Option('--log-format <format>', 'log lines instead of the progress line').choices(['json', 'text']))
    .option('-q, --quiet', 'print nothing but errors');
}

/** Builds the program; `actions` run the commands. */
export function buildProgram(actions: Actions, version: string): Command {
  const program = new Command('audit-export')
    .description(
      'Complete, crash-safe, incremental audit log exports, and a conformance check of a server against the spec.',
    )
    .version(version)
    .showSuggestionAfterError()
    // Set before the commands are added, so they inherit it: parse errors come back as exceptions (exit 2).
    .exitOverride()
    // One line per error, suggestion included.
    .configureOutput({ outputError: (text, write) => write(`${scrub(text).trimEnd().replace(/\n+/g, ' ')}\n`) })
    .addHelpText(
      'after',
      `
Examples:
  audit-export pull audit-query --base-url http://127.0.0.1:4010/audit-query-service --tenant acme --from 24h --out events.jsonl.gz
  audit-export sync audit-query --base-url https://instance.apis.medallia.com/audit-query-service --tenant 123302 --state feed.json --out-dir /var/siem/audit --since 7d
  audit-export check audit-query --base-url http://127.0.0.1:4010/audit-query-service --tenant acme
  audit-export completion bash >> ~/.bashrc
${EXIT_CODES}`,
    );
  addPull(program, actions);
  addSync(program, actions);
  addCheck(program, actions);
  addCompletion(program, actions);
  return program;
}

/** `pull <api>`. */
function addPull(program: Command, actions: Actions): void {
  exportOptions(
    apiArgument(
      program
        .command('pull')
        .description('Export one time range to one file, every event exactly once; rerun to resume.'),
    ),
  )
    .option('--from <time>', 'start: ISO-8601 (2024-09-16T05:00:00Z) or a time ago (24h, 7d)')
    .option('--to <time>', 'end (exclusive): ISO-8601, a time ago, or now', 'now')
    .option('--out <file>', 'output: .jsonl, .jsonl.gz (gzip), or - for stdout')
    .addHelpText(
      'after',
      `
Examples:
  # the last day of acme's events from the local mock (npm start), gzip
  audit-export pull audit-query --base-url http://127.0.0.1:4010/audit-query-service \\
    --tenant acme --from 24h --out acme.jsonl.gz
  # an incident window, security events only, to stdout
  audit-export pull audit-query --base-url https://instance.apis.medallia.com/audit-query-service \\
    --tenant 123302 --category security --from 2024-09-16T00:00:00Z --to 2024-09-17T00:00:00Z --out - | jq .name
  # Zoho entries updated by one user (at most 180 days)
  audit-export pull zoho --base-url https://www.zohoapis.com --action updated --done-by 2276164000000799326 --from 30d --out zoho.jsonl

Rerunning the same command after a crash, kill -9 or Ctrl+C continues from FILE.checkpoint.json; a complete
pull is not redone.
${CREDENTIALS_HELP}
${EXIT_CODES}`,
    )
    .action((api: string, flags: Record<string, unknown>) => actions.pull(api, flags));
}

/** `sync <api>`. */
function addSync(program: Command, actions: Actions): void {
  exportOptions(
    apiArgument(
      program
        .command('sync')
        .description(
          'Incremental export for a scheduler: from the saved cursor to now minus --lag, one file per window.',
        ),
    ),
  )
    .option('--state <file>', "the feed's state file (cursor, in-progress window, request counts)")
    .option('--out-dir <dir>', 'directory for the window files')
    .option('--since <time>', "the first run's start (ISO-8601 or a time ago)")
    .option('--until <time>', 'stop at this time (a bounded backfill)')
    .option('--lag <duration>', 'stay this far behind now (events arrive late)', '5m')
    .option('--overlap <duration>', 're-scan this far behind the cursor, dropping events already written', '10m')
    .option('--window <duration>', 'longest time range per file', '1h')
    .option('--gzip', 'write .jsonl.gz files')
    .option('--daily-budget <n>', "requests a day for this feed (default: the spec's x-rate-limit)")
    .option('--budget-reserve <n>', 'stop cleanly when fewer requests than this are left today', '100')
    .addHelpText(
      'after',
      `
Examples:
  # every 5 minutes from cron or a systemd timer: new events since the last run, 5 minutes behind
  audit-export sync audit-query --base-url https://instance.apis.medallia.com/audit-query-service \\
    --tenant 123302 --state /var/lib/audit-export/123302.json --out-dir /var/siem/audit --since 24h --gzip
  # a bounded backfill of September, one file per day
  audit-export sync audit-query --base-url … --tenant 123302 --state backfill.json --out-dir ./sept \\
    --since 2024-09-01T00:00:00Z --until 2024-10-01T00:00:00Z --window 1d

Runs on one state file take turns (a lock beside it, safe on shared storage); a second run says who holds it
and exits 3. Files appear as <api>-<from>-<to>.jsonl[.gz] once complete (.partial while written).
${CREDENTIALS_HELP}
${EXIT_CODES}`,
    )
    .action((api: string, flags: Record<string, unknown>) => actions.sync(api, flags));
}

/** `check <api>`. */
function addCheck(program: Command, actions: Actions): void {
  credentialOptions(
    apiArgument(
      program
        .command('check')
        .description("Run the spec's Arazzo workflows against a server and report every deviation from the spec."),
    ),
  )
    .option('--base-url <url>', 'the server to check')
    .option('--tenant <id>', 'audit-query: the tenant the workflows export from')
    .option('--from <time>', 'start of the exported range', '1h')
    .option('--to <time>', 'end of the exported range', 'now')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  audit-export check audit-query --base-url http://127.0.0.1:4010/audit-query-service --tenant acme
  audit-export check zoho --base-url https://www.zohoapis.com --token-command 'my-zoho-token' --format json

Every response is validated against the spec; each deviation is reported with its operation, status, JSON
pointer and rule. The audit query jobs the workflows create are deleted at the end. Exit 0 when the server
keeps the contract, 1 when it does not.
${CREDENTIALS_HELP}`,
    )
    .action((api: string, flags: Record<string, unknown>) => actions.check(api, flags));
}

/** `completion <shell>`. */
function addCompletion(program: Command, actions: Actions): void {
  program
    .command('completion')
    .description('Print a completion script for bash or zsh.')
    .addArgument(new Command().createArgument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
Examples:
  audit-export completion bash > /etc/bash_completion.d/audit-export
  audit-export completion zsh > "\${fpath[1]}/_audit-export"`,
    )
    .action((shell: string) => actions.completion(shell));
}
