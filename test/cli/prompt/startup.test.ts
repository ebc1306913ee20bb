import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandWord } from '../../../src/cli/program.js';
import { COMMANDS } from '../../../src/commands/index.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

/** Packages reached from a built file through static imports (a dynamic import() is loaded only when it runs). */
function staticPackages(entry: string): Set<string> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

const dist = (...p: string[]) => join(ROOT, 'dist', ...p);

describe('start-up of the prompt commands', () => {
  it('tokens, and compress and compare in plain mode, load no Ink or React', () => {
    for (const entry of [
      dist('commands', 'tokens.js'),
      dist('report', 'prompt-tokens.js'),
      dist('commands', 'compress.js'),
      dist('prompt', 'compress-input.js'),
      dist('commands', 'compare.js'),
      dist('prompt', 'compare-input.js'),
      dist('report', 'prompt-compare.js'),
    ]) {
      const packages = staticPackages(entry);
      expect(
        [...packages].filter((p) => p === 'ink' || p === 'react'),
        entry,
      ).toEqual([]);
    }
  });

  it('the screens are where Ink is', () => {
    expect(staticPackages(dist('tui', 'prompt-compress-run.js')).has('ink')).toBe(true);
  });
});

/** The files a run of the built CLI loads (an ESM loader hook that writes every file URL it loads at exit). */
function loadedFiles(args: string[]): string[] {
  const { dir, cleanup } = tempDir();
  try {
    const hook = join(dir, 'hook.mjs');
    const list = join(dir, 'loaded.txt');
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module'; import { writeFileSync } from 'node:fs';
const seen = []; registerHooks({ load(url, ctx, next) { seen.push(url); return next(url, ctx); } });
process.on('exit', () => writeFileSync(${JSON.stringify(list)}, seen.join('\\n')));`,
    );
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, join(ROOT, 'bin', 'llmcost.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(list, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'))
      .map((u) => u.slice(pathToFileURL(ROOT).href.length + 1));
  } finally {
    cleanup();
  }
}

const packagesOf = (files: string[]) => new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));

describe('start-up: what a run loads', () => {
  it('--version alone loads no module of llmcost or its dependencies', () => {
    expect(loadedFiles(['--version'])).toEqual(['bin/llmcost.js']);
  });

  it('`audit --help` loads commander and the audit command only: no other command, no config loader, no SQLite', () => {
    const files = loadedFiles(['audit', '--help']);
    expect([...packagesOf(files)]).toEqual(['commander']);
    const commands = files.filter((f) => f.startsWith('dist/commands/'));
    // audit.js and what every registration uses (the registry, kit, output, flag language, input format names).
    expect(commands).toContain('dist/commands/audit.js');
    for (const other of ['ingest', 'tokens', 'simulate', 'check', 'agent-views', 'db', 'export', 'completion'])
      expect(commands, other).not.toContain(`dist/commands/${other}.js`);
    expect(files.filter((f) => f.startsWith('dist/db/') || f.startsWith('dist/config/load'))).toEqual([]);
  });

  it('`tokens` on a file loads no SQLite, no config loader (no config file), no yaml and no string-width', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'p.txt'), 'Hello world');
      const files = loadedFiles(['tokens', join(dir, 'p.txt')]);
      expect(files).toContain('dist/tokens/count.js');
      expect([...packagesOf(files)]).toEqual(['commander']);
      expect(files.filter((f) => f.startsWith('dist/db/'))).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('--help lists every command of the registry, in its order, and the registry names what each module registers', async () => {
    const help = spawnSync(process.execPath, [join(ROOT, 'bin', 'llmcost.js'), '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const listed = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
    expect(listed).toEqual(COMMANDS.flatMap((c) => c.names));
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([...entry.names]);
    }
  });

  it('the command word of a command line skips the global options and their values', () => {
    expect(commandWord(['--db', 'x.db', '--no-color', 'audit', '--help'])).toBe('audit');
    expect(commandWord(['--catalog=c.json', 'tokens', 'a.txt'])).toBe('tokens');
    // An option llmcost does not know: commander says what is wrong, with every command registered.
    expect(commandWord(['--frobnicate', 'audit'])).toBeUndefined();
    expect(commandWord(['--help'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
  });
});
