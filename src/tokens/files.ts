import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globToRegExp, staticBase } from '../check/glob.js';
import { assertNotSpecial } from '../util/regular-file.js';
import { UserError } from '../util/errors.js';

/** Folders a walk never enters: they hold no prompts and can be huge. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const WILDCARD = /[*?[{]/;

const toPosix = (p: string) => p.split(sep).join('/');

/** A path as reports show it: relative to the current folder when inside it. */
export function displayPath(abs: string, cwd = process.cwd()): string {
  if (abs === '-') return 'stdin';
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : toPosix(rel);
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Every file below a folder, in name order. */
function walk(dir: string, visit: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const e of entries) {
    const path = `${dir === '/' ? '' : dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(path, visit);
    } else if (e.isFile() || (e.isSymbolicLink() && statOrNull(path)?.isFile())) visit(path);
  }
}

/**
 * The files named by the arguments, in order and without repeats: a file as is, a directory as every file
 * below it (not .git or node_modules), a glob (quoted, so that the shell leaves it to llmcost) as its matches
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
    else if (stat?.isDirectory()) walk(abs.replace(/\/$/, '') || '/', add);
    else if (WILDCARD.test(arg)) {
      const re = globToRegExp(abs);
      const found: string[] = [];
      walk(staticBase(abs), (file) => {
        if (re.test(file)) found.push(file);
      });
      if (found.length === 0) throw new UserError(`No file matches "${arg}": check the pattern (quote it so that llmcost expands it, e.g. 'prompts/**/*.txt').`);
      found.forEach(add);
    } else throw new UserError(`${arg} does not exist: give a prompt file, a directory or a quoted glob.`);
  }
  return out;
}

/** A file's text, or null when it is binary (a NUL byte in its first 8 KB), which is skipped with a warning. */
export function readPromptFile(abs: string): string | null {
  let buf: Buffer;
  assertNotSpecial(abs, 'Prompt file');
  try {
    buf = readFileSync(abs === '-' ? 0 : abs);
  } catch (err) {
    throw new UserError(`${displayPath(abs)} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`);
  }
  if (buf.subarray(0, 8192).includes(0)) return null;
  const text = buf.toString('utf8');
  // A UTF-8 byte-order mark is not part of the prompt.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
