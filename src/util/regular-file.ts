import { type Stats, statSync } from 'node:fs';
import { UserError } from './errors.js';

/**
 * What a path names when it is not something llmcost can read like a file: opening a FIFO waits for a
 * writer forever, a socket cannot be opened, and a device (/dev/zero, /dev/tty) never ends or waits for
 * a keyboard. Checked with stat, before anything opens the path. Undefined for a regular file, a directory
 * (callers say what they do with those) or a path that does not exist (the open says so).
 */
export function specialFileKind(path: string): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (st.isFile() || st.isDirectory()) return undefined;
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Refuses a FIFO, socket or device named as `what` (`--config`, a usage file...) in one sentence, exit 2; `shown` names it. */
export function assertNotSpecial(path: string, what: string, shown = path): void {
  const kind = specialFileKind(path);
  if (kind) throw new UserError(`${what} ${shown} is ${kind}, which llmcost does not read (it could wait forever): save the data to a file and name that.`);
}
