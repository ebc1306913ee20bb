import type { UsageStore } from '../db/store.js';
import { UserError } from '../util/errors.js';
import { ingestFile, type FileIngestResult, type IngestOptions } from './ingest.js';
import { materializeInput, type MaterializedInput } from './input-files.js';

/** A message or path with the temporary file's name put back to the input's own. */
function shownIn(text: string, m: MaterializedInput): string {
  return text.split(m.path).join(m.shown);
}

/**
 * Ingests one input: a plain file where it is, standard input (`-`) and gzip files through a temporary copy
 * (input-files.ts). The result, the stored source and any error name the input, never the temporary file.
 */
export async function ingestInput(store: UsageStore, path: string, opts: IngestOptions): Promise<FileIngestResult> {
  const m = await materializeInput(path);
  if (!m) return ingestFile(store, path, opts);
  try {
    const onProgress = opts.onProgress;
    const r = await ingestFile(store, m.path, {
      ...opts,
      sourceLabel: opts.sourceLabel ?? m.label,
      ...(onProgress
        ? { onProgress: (file: string, bytes: number, size: number, records: number) => onProgress(file === m.path ? m.shown : file, bytes, size, records) }
        : {}),
    });
    if (r.sourceId !== null) {
      store.db.prepare('UPDATE sources SET first_path = ? WHERE id = ? AND first_path = ?').run(m.shown, r.sourceId, m.path);
      store.db.prepare('UPDATE ingests SET path = ? WHERE source_id = ? AND path = ?').run(m.shown, r.sourceId, m.path);
    }
    const line = <T extends { file: string }>(l: T): T => (l.file === m.path ? { ...l, file: m.shown } : l);
    return {
      ...r,
      file: m.shown,
      skippedLines: r.skippedLines.map(line),
      failedLines: r.failedLines.map(line),
      conflictLines: r.conflictLines.map((c) => ({ ...c, kept: line(c.kept), dropped: line(c.dropped) })),
    };
  } catch (err) {
    if (err instanceof UserError) {
      const Kind = err.constructor as new (message: string, exitCode?: number) => UserError;
      throw new Kind(shownIn(err.message, m), err.exitCode);
    }
    throw err;
  } finally {
    m.cleanup();
  }
}
