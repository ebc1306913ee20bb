import { type Stats, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError } from '../util/errors.js';
import { walk } from '../util/files.js';
import { assertNotSpecial } from '../util/regular-file.js';

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

/**
 * Expands the paths given on the command line: files as they are, directories walked (util/files.ts `walk`)
 * for the files with a usage ending. A FIFO, socket or device named on the command line is refused before
 * anything opens it (it could block forever); what a walk passes over is told to `warn`.
 */
export function expandPaths(paths: string[], warn: (message: string) => void = () => {}): InputFile[] {
  const out: InputFile[] = [];
  const walked = new Set<string>();
  const found = (path: string) => {
    if (readableName(basename(path))) out.push({ path, explicit: false });
  };
  for (const p of paths) {
    // "-" is standard input (read once, by ingestCommand).
    if (p === '-') {
      if (out.some((f) => f.path === '-')) throw new UserError('"-" (standard input) is named twice: it can be read only once.');
      out.push({ path: p, explicit: true });
      continue;
    }
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new UserError(`${p} is a symbolic link that loops: name the file itself.`);
      throw new UserError(`File ${p} does not exist: check the path.`);
    }
    if (st.isDirectory()) walk(p, found, { warn, files: 'a usage file', walked });
    else {
      assertNotSpecial(p, 'Input');
      out.push({ path: p, explicit: true });
    }
  }
  return out;
}
