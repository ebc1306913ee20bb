import { writeFileSync } from 'node:fs';
import { UserError } from './errors.js';

/** Writes a result file; a path that cannot be written is the user's to fix, said in one sentence. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(`Cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}): check the folder exists and is writable.`);
  }
}
