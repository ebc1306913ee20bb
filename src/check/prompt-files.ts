import { statSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { toPosix, walk } from '../util/files.js';
import { globToRegExp, staticBase } from '../util/glob.js';

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
      if (re.test(toPosix(file))) found.add(toPosix(file));
    });
  }
  return [...found].sort();
}
