import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readText } from '../util/files.js';

/** Where a config file is looked for, and which one a command loads. Light: --help uses it. */

export const CONFIG_FILES = [
  'package.json',
  '.llmcostrc',
  '.llmcostrc.json',
  '.llmcostrc.yaml',
  '.llmcostrc.yml',
  '.llmcostrc.js',
  '.llmcostrc.mjs',
  'llmcost.config.json',
  'llmcost.config.yaml',
  'llmcost.config.yml',
  'llmcost.config.js',
  'llmcost.config.mjs',
  'llmcost.config.ts',
];

/** A JavaScript (or TypeScript) config: code that runs when it is loaded. */
export const isJsConfig = (f: string) => /\.(c|m)?(j|t)s$/.test(f);

/**
 * The folders searched for a config file, nearest first: the current folder and its parents up to the
 * first that is a repository root (holds `.git`), a package root (holds `package.json`) or the home folder,
 * that one included. When none of those is above the current folder (a scratch folder such as /tmp/x), only
 * the current folder is searched: a config file lying in /tmp or / is never picked up, let alone run.
 */
export function configSearchDirs(cwd: string, home = homedir()): { dirs: string[]; stop: string | null } {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  const homeDir = resolve(home);
  for (;;) {
    dirs.push(dir);
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'package.json')) || dir === homeDir) return { dirs, stop: dir };
    const parent = dirname(dir);
    if (parent === dir) return { dirs: dirs.slice(0, 1), stop: null };
    dir = parent;
  }
}

/** Whether a package.json holds an `llmcost` key (cosmiconfig's own rule for package.json). */
function packageHasConfig(file: string): boolean {
  try {
    const pkg = JSON.parse(readText(file, { what: 'package.json' })) as unknown;
    return typeof pkg === 'object' && pkg !== null && (pkg as Record<string, unknown>)['llmcost'] !== undefined;
  } catch {
    return false;
  }
}

/** The config file a command would load from `cwd` (nothing is read or run but package.json). */
export function findConfigFile(cwd: string, opts: { allowJs: boolean; home?: string }): string | null {
  for (const dir of configSearchDirs(cwd, opts.home).dirs) {
    for (const place of CONFIG_FILES) {
      if (!opts.allowJs && isJsConfig(place)) continue;
      const file = join(dir, place);
      if (!existsSync(file)) continue;
      if (place === 'package.json' && !packageHasConfig(file)) continue;
      return file;
    }
  }
  return null;
}

/** One line for --help: which config file commands run from here load, and where the search stops. */
export function configHelpLine(cwd: string, allowJs: boolean): string {
  const { stop } = configSearchDirs(cwd);
  const file = findConfigFile(cwd, { allowJs });
  const where = stop ? `Searched from ${cwd} up to ${stop}` : `Searched in ${cwd} only: no repository root, package or home folder is above it`;
  if (!file) return `Config: none found. ${where}; --config FILE names one.`;
  const js = isJsConfig(file) ? ' (JavaScript: it runs when loaded; --no-js-config refuses it)' : '';
  return `Config: ${file}${js}. ${where}; --config FILE names another.`;
}
