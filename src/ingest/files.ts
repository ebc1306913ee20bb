import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { assertNotSpecial, specialFileKind } from '../util/regular-file.js';

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
 * Expands the paths given on the command line: files as they are, directories walked recursively (sorted).
 * A FIFO, socket or device named on the command line is refused before anything opens it (it could block
 * forever); in a walk, such files, broken links and links that loop back into the walk are passed over
 * with a warning. Symbolic links to files and folders are followed, each real folder walked once.
 */
export function expandPaths(paths: string[], warn: (message: string) => void = () => {}): InputFile[] {
  const out: InputFile[] = [];
  const walked = new Set<string>();
  const walk = (dir: string) => {
    let real;
    try {
      real = realpathSync(dir);
    } catch {
      warn(`${dir}: a broken link or a folder that cannot be resolved; passed over.`);
      return;
    }
    if (walked.has(real)) {
      warn(`${dir}: a link back into a folder already walked (a loop); passed over.`);
      return;
    }
    walked.add(real);
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
      else if (e.isFile()) {
        if (readableName(e.name)) out.push({ path: p, explicit: false });
      } else if (e.isSymbolicLink()) {
        let st;
        try {
          st = statSync(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          warn(`${p}: ${code === 'ELOOP' ? 'a symbolic link that loops' : 'a broken symbolic link'}; passed over.`);
          continue;
        }
        if (st.isDirectory()) walk(p);
        else if (st.isFile()) {
          if (readableName(e.name)) out.push({ path: p, explicit: false });
        } else warn(`${p}: links to ${specialFileKind(p) ?? 'something that is not a file'}; passed over.`);
      } else warn(`${p}: ${specialFileKind(p) ?? 'not a regular file'}, not a usage file; passed over.`);
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
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new UserError(`${p} is a symbolic link that loops: name the file itself.`);
      throw new UserError(`File ${p} does not exist: check the path.`);
    }
    if (st.isDirectory()) walk(p);
    else {
      assertNotSpecial(p, 'Input');
      out.push({ path: p, explicit: true });
    }
  }
  return out;
}
