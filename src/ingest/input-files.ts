import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../util/errors.js';
import { defaultSourceLabel } from './source-label.js';

/**
 * Usage input that is not a plain file on disk: standard input (`-`) and gzip-compressed files. Each is
 * written out once to a private temporary file that the ingest reads like any other, and is reported under
 * its own name (`stdin`, or the .gz file's path), with its own source label and modification time.
 */
export interface MaterializedInput {
  /** The temporary file to read. */
  path: string;
  /** The name reports and the database show. */
  shown: string;
  /** The source label its source-scoped ids live under, unless --source gives one. */
  label: string;
  cleanup(): void;
}

export const STDIN = '-';
/** How standard input is named in reports, in `llmcost db`, and as its default source label. */
export const STDIN_NAME = 'stdin';

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

async function gunzipTo(from: NodeJS.ReadableStream, to: string, shown: string): Promise<void> {
  try {
    await pipeline(from, createGunzip(), createWriteStream(to, { mode: 0o600 }));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE')
      throw new UserError(`${shown} is not a complete gzip file (${code}): check that it downloaded whole.`);
    throw err;
  }
}

/**
 * The temporary copy of `-` or of a gzip file; null for a plain file, which is read where it is.
 * Compression is told from the content (its first two bytes), so a `.gz` name is not needed.
 */
export async function materializeInput(path: string): Promise<MaterializedInput | null> {
  const stdin = path === STDIN;
  if (!stdin) {
    try {
      if (!statSync(path).isFile() || !isGzip(path)) return null;
    } catch {
      return null; // The ingest reports a missing or unreadable file in its own words.
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-input-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const out = join(dir, 'input');
    if (stdin) {
      const raw = join(dir, 'stdin');
      await pipeline(process.stdin, createWriteStream(raw, { mode: 0o600 }));
      if (isGzip(raw)) await gunzipTo(createReadStream(raw), out, STDIN_NAME);
      else return { path: raw, shown: STDIN_NAME, label: STDIN_NAME, cleanup };
      return { path: out, shown: STDIN_NAME, label: STDIN_NAME, cleanup };
    }
    await gunzipTo(createReadStream(path), out, path);
    // The ingest takes a file's modification time as its fetch time (Record identity): the .gz file's.
    const st = statSync(path);
    utimesSync(out, st.atime, st.mtime);
    return { path: out, shown: path, label: defaultSourceLabel(path), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
