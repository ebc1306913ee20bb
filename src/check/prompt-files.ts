import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, posix, relative, sep } from 'node:path';
import { globToRegExp, staticBase } from './glob.js';

/** Folders a walk never enters: they hold no prompts and can be huge. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

const toPosix = (p: string) => p.split(sep).join('/');

/** A budget's globs made absolute (relative globs are relative to the config file's folder). */
export interface FilePatterns {
  globs: string[];
  absolute: string[];
  regexps: RegExp[];
}

export function filePatterns(globs: string[], baseDir: string): FilePatterns {
  const absolute = globs.map((g) => posix.normalize(isAbsolute(g) ? toPosix(g) : posix.join(toPosix(baseDir), g)));
  return { globs, absolute, regexps: absolute.map(globToRegExp) };
}

export function matches(patterns: FilePatterns, absPath: string): boolean {
  return patterns.regexps.some((re) => re.test(absPath));
}

function walk(dir: string, visit: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = `${dir === '/' ? '' : dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(path, visit);
    } else if (e.isFile() || (e.isSymbolicLink() && isFile(path))) visit(path);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files on disk that match any of the patterns, as absolute '/'-separated paths, sorted. */
export function findFiles(patterns: FilePatterns): string[] {
  const found = new Set<string>();
  for (const [i, pattern] of patterns.absolute.entries()) {
    const base = staticBase(pattern);
    const re = patterns.regexps[i]!;
    if (base === pattern) {
      if (isFile(base)) found.add(base);
      continue;
    }
    walk(base, (file) => {
      if (re.test(file)) found.add(file);
    });
  }
  return [...found].sort();
}

/** A path as reports show it: relative to the current folder when inside it, '/'-separated. */
export function displayPath(absPath: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absPath);
  return rel.startsWith('..') || isAbsolute(rel) ? absPath : toPosix(rel);
}
