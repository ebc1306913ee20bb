import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { readTextUnlessBinary, toPosix, walk } from '../util/files.js';
import { globToRegExp, staticBase } from '../util/glob.js';

const WILDCARD = /[*?[{]/;

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * The files named by the arguments, in order and without repeats: a file as is, a directory as every file
 * below it (util/files.ts `walk`), a glob (quoted, so that the shell leaves it to llmcost) as its matches
 * in name order. An argument that names nothing is a usage error.
 */
export function expandInputs(args: string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (!seen.has(abs)) {
      seen.add(abs);
      out.push(abs);
    }
  };
  for (const arg of args) {
    // "-" is standard input, read once.
    if (arg === '-') {
      add('-');
      continue;
    }
    const abs = toPosix(resolve(cwd, arg));
    const stat = statOrNull(abs);
    if (stat?.isFile()) add(abs);
    else if (stat?.isDirectory()) walk(abs, (file) => add(toPosix(file)));
    else if (WILDCARD.test(arg)) {
      const re = globToRegExp(abs);
      const found: string[] = [];
      walk(staticBase(abs), (file) => {
        if (re.test(toPosix(file))) found.push(toPosix(file));
      });
      if (found.length === 0)
        throw new UserError(`No file matches "${arg}": check the pattern (quote it so that llmcost expands it, e.g. 'prompts/**/*.txt').`);
      found.forEach(add);
    } else throw new UserError(`${arg} does not exist: give a prompt file, a directory or a quoted glob.`);
  }
  return out;
}

/** A prompt file's text ("-": standard input), or null when it is binary, which is skipped with a warning. */
export function readPromptFile(abs: string): string | null {
  return readTextUnlessBinary(abs, { what: 'Prompt file' });
}
