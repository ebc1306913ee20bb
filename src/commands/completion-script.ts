import type { Command, Option } from 'commander';
import { UserError } from '../util/errors.js';

/** A command of the tree as completion needs it: its words, options and subcommands. */
interface Node {
  /** Subcommand names from the root, e.g. ['catalog', 'show']. */
  path: string[];
  description: string;
  /** Takes arguments (files, a model, a shell...): words that are not subcommands complete as files. */
  takesArgs: boolean;
  options: { flags: string[]; takesValue: boolean; choices: string[]; description: string }[];
  children: Node[];
}

function optionsOf(cmd: Command): Node['options'] {
  const visible = cmd.options.filter((o: Option) => !o.hidden);
  const out = visible.map((o: Option) => ({
    flags: [o.long, o.short].filter((f): f is string => typeof f === 'string'),
    takesValue: o.required || o.optional,
    choices: o.argChoices ?? [],
    description: o.description,
  }));
  out.push({ flags: ['--help', '-h'], takesValue: false, choices: [], description: 'display help for command' });
  return out;
}

function tree(cmd: Command, path: string[] = []): Node {
  return {
    path,
    description: cmd.description(),
    takesArgs: cmd.registeredArguments.length > 0,
    options: optionsOf(cmd),
    children: cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => tree(c, [...path, c.name()])),
  };
}

/** The root's options that every subcommand accepts too (not --version, and --help is each command's own). */
function globals(root: Node): Node['options'] {
  return root.options.filter((o) => !o.flags.includes('--version') && !o.flags.includes('--help'));
}

function walk(n: Node): Node[] {
  return [n, ...n.children.flatMap(walk)];
}

/** A word safe inside single quotes in every shell here. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function bash(root: Node): string {
  const nodes = walk(root);
  const key = (n: Node) => q(n.path.join(' '));
  const global = globals(root);
  const words = (n: Node) => [...n.options, ...(n === root ? [] : global)].flatMap((o) => o.flags);
  const valued = (n: Node) => [...n.options, ...(n === root ? [] : global)].filter((o) => o.takesValue);
  const lines = [
    '# llmcost completion for bash (generated from the command tree: llmcost completion bash)',
    '# Load it in this shell:  source <(llmcost completion bash)',
    '# or for every shell:     llmcost completion bash > ~/.local/share/bash-completion/completions/llmcost',
    '_llmcost_subcommands() {',
    '  case "$1" in',
    ...nodes.filter((n) => n.children.length > 0).map((n) => `    ${key(n)}) echo ${q(n.children.map((c) => c.path.at(-1)).join(' '))} ;;`),
    '  esac',
    '}',
    '_llmcost_options() {',
    '  case "$1" in',
    ...nodes.map((n) => `    ${key(n)}) echo ${q(words(n).join(' '))} ;;`),
    '  esac',
    '}',
    '_llmcost_takes_args() {',
    '  case "$1" in',
    ...nodes.filter((n) => n.takesArgs).map((n) => `    ${key(n)}) return 0 ;;`),
    '  esac',
    '  return 1',
    '}',
    '# Options that take a value: their choices, or "-" for a file or free text.',
    '_llmcost_value() {',
    '  case "$1|$2" in',
    ...nodes.flatMap((n) =>
      valued(n).flatMap((o) => o.flags.map((f) => `    ${q(`${n.path.join(' ')}|${f}`)}) echo ${q(o.choices.length > 0 ? o.choices.join(' ') : '-')} ;;`)),
    ),
    '  esac',
    '}',
    '_llmcost() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" path="" i w subs value',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    [[ "$w" == -* ]] && continue',
    '    subs=" $(_llmcost_subcommands "$path") "',
    '    [[ "$subs" == *" $w "* ]] && path="${path:+$path }$w"',
    '  done',
    '  if [[ "$prev" == -* ]]; then',
    '    value="$(_llmcost_value "$path" "$prev")"',
    '    if [[ "$value" == "-" ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi',
    '    if [[ -n "$value" ]]; then COMPREPLY=($(compgen -W "$value" -- "$cur")); return; fi',
    '  fi',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$(_llmcost_options "$path")" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -W "$(_llmcost_subcommands "$path")" -- "$cur"))',
    '    _llmcost_takes_args "$path" && COMPREPLY+=($(compgen -f -- "$cur"))',
    '  fi',
    '}',
    'complete -o filenames -F _llmcost llmcost',
    '',
  ];
  return lines.join('\n');
}

function zsh(root: Node): string {
  const nodes = walk(root);
  const key = (n: Node) => q(n.path.join(' '));
  const global = globals(root);
  const all = (n: Node) => [...n.options, ...(n === root ? [] : global)];
  // zsh describes each candidate: "word:description".
  const described = (word: string, d: string) => q(`${word.replace(/:/g, '\\:')}:${d.replace(/\s+/g, ' ').slice(0, 100)}`);
  const lines = [
    '#compdef llmcost',
    '# llmcost completion for zsh (generated from the command tree: llmcost completion zsh)',
    '# Load it in this shell:  source <(llmcost completion zsh)',
    '# or for every shell:     llmcost completion zsh > "${fpath[1]}/_llmcost"',
    '_llmcost_subcommands() {',
    '  case "$1" in',
    ...nodes
      .filter((n) => n.children.length > 0)
      .map((n) => `    ${key(n)}) reply=(${n.children.map((c) => described(c.path.at(-1)!, c.description)).join(' ')}) ;;`),
    '    *) reply=() ;;',
    '  esac',
    '}',
    '_llmcost_options() {',
    '  case "$1" in',
    ...nodes.map(
      (n) =>
        `    ${key(n)}) reply=(${all(n)
          .flatMap((o) => o.flags.map((f) => described(f, o.description)))
          .join(' ')}) ;;`,
    ),
    '    *) reply=() ;;',
    '  esac',
    '}',
    '_llmcost_takes_args() {',
    '  case "$1" in',
    ...nodes.filter((n) => n.takesArgs).map((n) => `    ${key(n)}) return 0 ;;`),
    '  esac',
    '  return 1',
    '}',
    '_llmcost_value() {',
    '  case "$1|$2" in',
    ...nodes.flatMap((n) =>
      all(n)
        .filter((o) => o.takesValue)
        .flatMap((o) => o.flags.map((f) => `    ${q(`${n.path.join(' ')}|${f}`)}) REPLY=${q(o.choices.length > 0 ? o.choices.join(' ') : '-')} ;;`)),
    ),
    '    *) REPLY="" ;;',
    '  esac',
    '}',
    '_llmcost() {',
    '  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cmdpath="" w',
    '  local -a reply names',
    '  for w in "${(@)words[2,CURRENT-1]}"; do',
    '    [[ "$w" == -* ]] && continue',
    '    _llmcost_subcommands "$cmdpath"',
    '    names=("${(@)reply%%:*}")',
    '    (( ${names[(Ie)$w]} )) && cmdpath="${cmdpath:+$cmdpath }$w"',
    '  done',
    '  if [[ "$prev" == -* ]]; then',
    '    _llmcost_value "$cmdpath" "$prev"',
    '    if [[ "$REPLY" == "-" ]]; then _files; return; fi',
    '    if [[ -n "$REPLY" ]]; then compadd -- ${=REPLY}; return; fi',
    '  fi',
    '  if [[ "$cur" == -* ]]; then',
    '    _llmcost_options "$cmdpath"',
    "    _describe -t options 'option' reply",
    '  else',
    '    _llmcost_subcommands "$cmdpath"',
    "    (( ${#reply} )) && _describe -t commands 'command' reply",
    '    _llmcost_takes_args "$cmdpath" && _files',
    '  fi',
    '}',
    'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then _llmcost "$@"; else compdef _llmcost llmcost; fi',
    '',
  ];
  return lines.join('\n');
}

function fish(root: Node): string {
  const lines = [
    '# llmcost completion for fish (generated from the command tree: llmcost completion fish)',
    '# Load it:  llmcost completion fish > ~/.config/fish/completions/llmcost.fish',
    'complete -c llmcost -f',
  ];
  const d = (s: string) => q(s.replace(/\s+/g, ' ').slice(0, 100));
  const seen = (path: string[]) => path.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
  for (const n of walk(root)) {
    if (n.children.length > 0) {
      const names = n.children.map((c) => c.path.at(-1)!).join(' ');
      const cond = n.path.length === 0 ? `not __fish_seen_subcommand_from ${names}` : `${seen(n.path)}; and not __fish_seen_subcommand_from ${names}`;
      for (const c of n.children) lines.push(`complete -c llmcost -n ${q(cond)} -a ${q(c.path.at(-1)!)} -d ${d(c.description)}`);
    }
    for (const o of n.options) {
      const cond = n.path.length === 0 ? '' : ` -n ${q(seen(n.path))}`;
      const flags = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      const value = o.takesValue ? (o.choices.length > 0 ? ` -x -a ${q(o.choices.join(' '))}` : ' -r -F') : '';
      lines.push(`complete -c llmcost${cond} ${flags}${value} -d ${d(o.description)}`);
    }
  }
  // Files and directories as arguments of the commands that read them.
  for (const n of walk(root).filter((x) => x.path.length > 0 && x.takesArgs)) lines.push(`complete -c llmcost -n ${q(seen(n.path))} -F`);
  return `${lines.join('\n')}\n`;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** The completion script for a shell, generated from the program's command tree. */
export function completionScript(program: Command, shell: string): string {
  const root = tree(program);
  if (shell === 'bash') return bash(root);
  if (shell === 'zsh') return zsh(root);
  if (shell === 'fish') return fish(root);
  throw new UserError(`No completion for shell "${shell}": use bash, zsh or fish.`);
}
