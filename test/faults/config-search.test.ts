import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../helpers/cli.js';

/**
 * Issue 14 B: a JavaScript config runs when it is loaded, and was searched for from the current folder up
 * to /. The search now stops at the repository root (.git), the package root or the home folder, and
 * --help names the config that commands run from here would load.
 */
describe('where the config is searched (issue 14 B)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  /** A JS config that leaves a file behind when it runs. */
  const trap = (folder: string) => {
    mkdirSync(folder, { recursive: true });
    const marker = join(folder, 'ran');
    writeFileSync(
      join(folder, 'llmcost.config.mjs'),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nexport default {};\n`,
    );
    return marker;
  };
  const run = (cwd: string, args: string[], home = join(dir, 'home')) =>
    llmcost(['--db', ':memory:', ...args], { cwd, env: { HOME: home, LLMCOST_DB: undefined, XDG_DATA_HOME: undefined } });

  it('never runs a config above the repository root', () => {
    const marker = trap(dir);
    const sub = join(dir, 'repo', 'sub');
    mkdirSync(sub, { recursive: true });
    mkdirSync(join(dir, 'repo', '.git'));
    const r = run(sub, ['catalog', 'show', 'gpt-4o']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(run(sub, ['--help']).stdout).toContain(`Config: none found. Searched from ${sub} up to ${join(dir, 'repo')};`);
  });

  it('searches only the current folder when no repository, package or home folder is above it', () => {
    const marker = trap(dir);
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    expect(run(scratch, ['catalog', 'show', 'gpt-4o']).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(run(scratch, ['--help']).stdout).toContain(`Searched in ${scratch} only`);
  });

  it('stops at the home folder, and finds a config between it and the current folder', () => {
    const home = join(dir, 'home');
    const marker = trap(dir);
    const cwd = join(home, 'work', 'logs');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(home, 'work', 'llmcost.config.yaml'), 'timezone: Europe/Berlin\n');
    const r = run(cwd, ['audit', '--format', 'json'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).scope.tz).toBe('Europe/Berlin');
    expect(existsSync(marker)).toBe(false);
    expect(run(cwd, ['--help'], home).stdout).toContain(`Config: ${join(home, 'work', 'llmcost.config.yaml')}. Searched from ${cwd} up to ${home};`);
  });

  it('--help says when the config found is JavaScript, and that --no-js-config refuses it', () => {
    const repo = join(dir, 'repo');
    const marker = trap(repo);
    mkdirSync(join(repo, '.git'));
    const help = run(repo, ['audit', '--help']);
    expect(help.stdout).toContain(`Config: ${join(repo, 'llmcost.config.mjs')} (JavaScript: it runs when loaded; --no-js-config refuses it).`);
    // Help itself runs nothing.
    expect(existsSync(marker)).toBe(false);
    expect(run(repo, ['--no-js-config', '--help']).stdout).toContain('Config: none found.');
  });
});
