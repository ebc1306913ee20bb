import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../helpers/cli.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** What bash offers after `words` (the last word is the one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const file = join(dir, '..', `${dir.split('/').pop()}.bash`);
  writeFileSync(file, script);
  const program = [
    `source ${JSON.stringify(file)}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_llmcost',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', program], { cwd: dir, encoding: 'utf8' });
  rmSync(file);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('llmcost completion', () => {
  it('bash: commands, subcommands, options and option values from the command tree', () => {
    const r = llmcost(['completion', 'bash']);
    expect(r.code).toBe(0);
    const script = r.stdout;
    expect(bashComplete(script, ['llmcost', 'da'])).toEqual(['daily']);
    expect(bashComplete(script, ['llmcost', 'catalog', ''])).toEqual(['list', 'show']);
    expect(bashComplete(script, ['llmcost', 'db', 'f'])).toEqual(['forget', 'forget-prompts']);
    expect(bashComplete(script, ['llmcost', '--db', 'x.db', 'blocks', '--li'])).toEqual(['--live']);
    expect(bashComplete(script, ['llmcost', 'audit', '--format', ''])).toEqual(['table', 'json', 'csv', 'markdown']);
    expect(bashComplete(script, ['llmcost', 'daily', '--format', 'j'])).toEqual(['json']);
    // Global options after a command; a value that is a file completes files.
    expect(bashComplete(script, ['llmcost', 'audit', '--no-b'])).toEqual(['--no-bundled-catalog']);
    writeFileSync(join(dir, 'usage.jsonl'), '');
    expect(bashComplete(script, ['llmcost', 'audit', '--html', 'us'])).toEqual(['usage.jsonl']);
    expect(bashComplete(script, ['llmcost', 'ingest', 'us'])).toEqual(['usage.jsonl']);
    expect(bashComplete(script, ['llmcost', 'daily', 'us'])).toEqual([]);
  });

  it('zsh and fish scripts name every command; an unknown shell is exit 2', () => {
    const zsh = llmcost(['completion', 'zsh']).stdout;
    const fish = llmcost(['completion', 'fish']).stdout;
    expect(zsh.startsWith('#compdef llmcost\n')).toBe(true);
    for (const c of ['audit', 'daily', 'blocks', 'statusline', 'db', 'completion']) {
      expect(zsh).toContain(`'${c}:`);
      expect(fish).toMatch(new RegExp(`-a '${c}' -d `));
    }
    expect(fish).toContain(
      "complete -c llmcost -n '__fish_seen_subcommand_from db; and not __fish_seen_subcommand_from show forget forget-prompts vacuum' -a 'forget'",
    );
    expect(fish).toContain("complete -c llmcost -n '__fish_seen_subcommand_from audit' -l format -x -a 'table json csv markdown'");
    if (has('zsh')) {
      expect(spawnSync('zsh', ['-n'], { input: zsh }).status).toBe(0);
      // The candidates the completion function hands to zsh (zsh itself then filters them by the prefix).
      const file = join(dir, '_llmcost');
      writeFileSync(file, zsh);
      const probe = [
        `autoload -U compinit; compinit -u -d ${JSON.stringify(join(dir, 'zcompdump'))}`,
        `source ${JSON.stringify(file)}`,
        'typeset -ga got',
        'compadd() { local i=${@[(i)--]}; got+=("${(@)@[i+1,-1]}") }',
        '_describe() { got+=("${(@)${(P)4}%%:*}") }',
        '_files() { got+=(FILES) }',
        "for line in 'llmcost catalog ' 'llmcost audit --format ' 'llmcost ingest x' 'llmcost daily x'; do",
        "  got=(); words=(${(z)line}); [[ $line == *' ' ]] && words+=(''); CURRENT=${#words}; _llmcost; print -r -- \"${got[*]}\"",
        'done',
      ].join('\n');
      const r = spawnSync('zsh', ['-f', '-c', probe], { encoding: 'utf8' });
      expect(r.stdout.split('\n').slice(0, 4)).toEqual(['list show', 'table json csv markdown', 'FILES', '']);
    }
    if (has('fish')) {
      const file = join(dir, 'llmcost.fish');
      writeFileSync(file, fish);
      expect(spawnSync('fish', ['-n', file]).status).toBe(0);
      const r = spawnSync('fish', ['-c', `source ${file}; complete -C 'llmcost db '; complete -C 'llmcost blocks --li'`], { encoding: 'utf8' });
      expect(r.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(['forget', 'forget-prompts', 'show', 'vacuum', '--live', '']);
    }
    const bad = llmcost(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('llmcost: No completion for shell "powershell": use bash, zsh or fish.\n');
  });
});
