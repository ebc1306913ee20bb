import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The label a file's source-scoped ids live under when no `--source NAME` is given: its absolute path (links
 * resolved), which stays the same whatever folder llmcost runs in or walks from. A corrected re-export written
 * over the same file meets its earlier copy; the same rows under another name need `--source` to do so.
 */
export function defaultSourceLabel(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
