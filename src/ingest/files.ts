import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UserError } from '../util/errors.js';

/** File endings a directory walk picks up. Files named explicitly are read whatever their ending. */
export const READABLE_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json', '.csv']);

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
      else if (e.isFile() && READABLE_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push({ path: p, explicit: false });
    }
  };
  for (const p of paths) {
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
