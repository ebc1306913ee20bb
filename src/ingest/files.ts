import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UserError } from '../util/errors.js';

/** File endings a directory walk picks up (also gzip-compressed: `.jsonl.gz`). Files named explicitly are read whatever their ending. */
export const READABLE_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json', '.csv']);

function readableName(name: string): boolean {
  return READABLE_EXTENSIONS.has(extname(name.toLowerCase().replace(/\.gz$/, '')));
}

export interface InputFile {
  path: string;
  /** Named on the command line (an error in it stops the run), rather than found in a directory walk. */
  explicit: boolean;
}

/** Expands the paths given on the command line: files as they are, directories walked recursively (sorted). */
export function expandPaths(paths: string[]): InputFile[] {
  const out: InputFile[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new UserError(`Directory ${dir} cannot be read (${(err as NodeJS.ErrnoException).code}): check its permissions.`);
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && readableName(e.name)) out.push({ path: p, explicit: false });
    }
  };
  for (const p of paths) {
    // "-" is standard input (read once, by ingestCommand).
    if (p === '-') {
      if (out.some((f) => f.path === '-')) throw new UserError('"-" (standard input) is named twice: it can be read only once.');
      out.push({ path: p, explicit: true });
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError(`File ${p} does not exist: check the path.`);
    }
    if (st.isDirectory()) walk(p);
    else out.push({ path: p, explicit: true });
  }
  return out;
}
