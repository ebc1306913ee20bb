import { type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { UserError } from './errors.js';
import { assertNotSpecial, specialFileKind } from './regular-file.js';

/**
 * Files on disk, read and written one way: a directory walk with one set of rules, paths as reports show
 * them, and every failure to read or write as one sentence that names the file and what to do.
 */

/** A path with '/' between its parts, as globs and reports write it on every system. */
export const toPosix = (p: string) => p.split(sep).join('/');

/** A path as reports show it: relative to the current folder when inside it, '/'-separated; "-" is stdin. */
export function displayPath(path: string, cwd = process.cwd()): string {
  if (path === '-') return 'stdin';
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : toPosix(rel);
}

/** Folders a walk never enters: they hold no one's logs or prompts, and can be huge. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

export interface WalkOptions {
  /** Told each entry passed over; silent unless given. */
  warn?: (message: string) => void;
  /** What the walk looks for, in the sentence about a FIFO, socket or device: "a usage file". */
  files?: string;
  /** Real folders already walked, shared by the walks of one command so that none is walked twice. */
  walked?: Set<string>;
}

/**
 * Every file below a folder, depth first in name order (by code unit, the same on every machine). Hidden
 * folders are entered, except `.git`; `node_modules` is not. Symbolic links to files and to folders are
 * followed, each real folder walked once. A broken or looping link, a link back into the walk, a FIFO,
 * socket or device, and a folder inside the walk that cannot be read are passed over, each told to `warn`.
 * A walk's own folder that does not exist yields nothing; one that cannot be read is a UserError.
 */
export function walk(root: string, visit: (file: string) => void, opts: WalkOptions = {}): void {
  const warn = opts.warn ?? (() => {});
  const walked = opts.walked ?? new Set<string>();
  const folder = (dir: string, isRoot: boolean) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      if (isRoot && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
      warn(`${dir}: a broken link or a folder that cannot be resolved; passed over.`);
      return;
    }
    if (walked.has(real)) {
      warn(`${dir}: a link back into a folder already walked (a loop); passed over.`);
      return;
    }
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (isRoot && code === 'ENOTDIR') return;
      if (isRoot) throw new UserError(`Directory ${dir} cannot be read (${code}): check its permissions.`);
      warn(`${dir}: a folder that cannot be read (${code}); passed over.`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) folder(path, false);
      } else if (e.isFile()) visit(path);
      else if (e.isSymbolicLink()) {
        let st: Stats;
        try {
          st = statSync(path);
        } catch (err) {
          warn(`${path}: ${(err as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link that loops' : 'a broken symbolic link'}; passed over.`);
          continue;
        }
        if (st.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(e.name)) folder(path, false);
        } else if (st.isFile()) visit(path);
        else warn(`${path}: links to ${specialFileKind(path) ?? 'something that is not a file'}; passed over.`);
      } else warn(`${path}: ${specialFileKind(path) ?? 'not a regular file'}, not ${opts.files ?? 'a file llmcost reads'}; passed over.`);
    }
  };
  folder(root, true);
}

/** How sentences about a file name it ("Catalog file", "Prompt file", "--scenario") and what to do when it is missing. */
export interface FileRole {
  what: string;
  /** What to do when the file does not exist; "check the path" unless said. */
  missing?: string;
}

/** True when a file's first 8 KB hold a NUL byte: no text encoding llmcost reads has one. */
function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** A file that cannot be read, with the system's code (ENOENT...) for callers that say it in their own words. */
export class FileReadError extends UserError {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function readBytes(path: string, role: FileRole): Buffer {
  if (path === '-') return readFileSync(0);
  const shown = displayPath(path);
  assertNotSpecial(path, role.what, shown);
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileReadError(`${role.what} ${shown} does not exist: ${role.missing ?? 'check the path'}.`, code);
    if (code === 'EISDIR') throw new FileReadError(`${role.what} ${shown} is a folder, not a file: name a file in it.`, code);
    if (code === 'EACCES' || code === 'EPERM') throw new FileReadError(`${role.what} ${shown} cannot be read (${code}): check its permissions.`, code);
    throw new FileReadError(`${role.what} ${shown} cannot be read (${code ?? (err as Error).message}): check the file.`, code);
  }
}

/** UTF-8 text without its byte-order mark (not part of the content). */
function textOf(buf: Buffer): string {
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file's text ("-": standard input); a binary file, a missing or unreadable one is a UserError in one sentence. */
export function readText(path: string, role: FileRole): string {
  const buf = readBytes(path, role);
  if (isBinary(buf)) throw new UserError(`${role.what} ${displayPath(path)} is a binary file, not text: name a text file.`);
  return textOf(buf);
}

/** A text file's bytes, for files too large to hold as one string (decoded line by line); failures as readText's. */
export function readBuffer(path: string, role: FileRole): Buffer {
  const buf = readBytes(path, role);
  if (isBinary(buf)) throw new UserError(`${role.what} ${displayPath(path)} is a binary file, not text: name a text file.`);
  return buf;
}

/** As readText, but a binary file is null, for walks that pass binary files over with a warning. */
export function readTextUnlessBinary(path: string, role: FileRole): string | null {
  const buf = readBytes(path, role);
  return isBinary(buf) ? null : textOf(buf);
}

/** Writes a file; a path that cannot be written is one sentence: "Cannot write <what> <path> (<code>): ...". */
export function writeText(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(
      `Cannot write ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the folder exists and is writable.`,
    );
  }
}
