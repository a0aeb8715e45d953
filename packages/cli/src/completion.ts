/** Bash and zsh completion scripts, generated from the command tree so they never drift from the flags. */
import type { Command, Option } from 'commander';
import { API_NAMES } from './apis.js';
import { REPEATABLE } from './program.js';

const FILE_FLAGS = new Set(['--out', '--state', '--credentials']);
const DIR_FLAGS = new Set(['--out-dir']);

interface Spec {
  name: string;
  description: string;
  options: Option[];
  /** Values of the first argument, when known. */
  values: readonly string[];
}

function specsOf(program: Command): Spec[] {
  return program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    options: [...command.options],
    values: command.name() === 'completion' ? ['bash', 'zsh'] : API_NAMES,
  }));
}

/** The bash script (`complete -F`). */
export function bashCompletion(program: Command): string {
  const specs = specsOf(program);
  const cases = specs
    .map(
      (spec) =>
        `    ${spec.name}) opts="${spec.options.map((o) => o.long).join(' ')} --help"; values="${spec.values.join(' ')}";;`,
    )
    .join('\n');
  const choices = specs
    .flatMap((spec) => spec.options)
    .filter((o) => o.argChoices)
    .map((o) => `    ${o.long}) COMPREPLY=($(compgen -W "${(o.argChoices ?? []).join(' ')}" -- "$cur")); return;;`);
  return `# audit-export bash completion: source it, or put it in /etc/bash_completion.d/
_audit_export() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" opts="" values=""
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${specs.map((s) => s.name).join(' ')} help --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
    ${[...FILE_FLAGS].join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return;;
    ${[...DIR_FLAGS].join('|')}) COMPREPLY=($(compgen -d -- "$cur")); return;;
${[...new Set(choices)].join('\n')}
  esac
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ $COMP_CWORD -eq 2 && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  fi
}
complete -F _audit_export audit-export
`;
}

/** The zsh script (`#compdef`, _arguments per command). */
export function zshCompletion(program: Command): string {
  const specs = specsOf(program);
  const clean = (text: string) => text.replace(/[[\]:'\\]/g, ' ');
  const optionSpec = (o: Option) => {
    const repeat = REPEATABLE.has(o.long ?? '') ? '*' : '';
    const description = clean(o.description);
    if (!o.required && !o.optional) return `'${repeat}${o.long}[${description}]'`;
    const action = FILE_FLAGS.has(o.long ?? '')
      ? '_files'
      : DIR_FLAGS.has(o.long ?? '')
        ? '_files -/'
        : o.argChoices
          ? `(${o.argChoices.join(' ')})`
          : ' ';
    return `'${repeat}${o.long}=[${description}]:${clean(o.flags.split(' ').at(-1) ?? 'value')}:${action}'`;
  };
  const cases = specs
    .map(
      (spec) =>
        `    ${spec.name})\n      _arguments -s '1:${spec.name === 'completion' ? 'shell' : 'api'}:(${spec.values.join(' ')})' ${spec.options.map(optionSpec).join(' ')} ;;`,
    )
    .join('\n');
  return `#compdef audit-export
# audit-export zsh completion: save as _audit-export in a directory of $fpath, or source it.
_audit_export() {
  local -a commands
  commands=(${specs.map((s) => `'${s.name}:${clean(s.description)}'`).join(' ')})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _audit_export "$@"
else
  compdef _audit_export audit-export
fi
`;
}
