import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { SkipKind, UsageStore } from '../db/store.js';
import { UserError } from '../util/errors.js';
import { describeJsonError, jsonErrorPlace } from '../util/json-error.js';
import type { FormatAdapter } from './adapter.js';
import { chooseAdapter, forcedAdapter, readDetectHead, sampleFor, sniffContainer } from './detect.js';
import { createPreparer, type PreparedRecord } from './prepare.js';
import { produceRecords } from './produce.js';
import { RollupAccumulator } from './rollup.js';
import { startParseWorker } from './worker-client.js';

export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
}

export interface FileIngestResult {
  file: string;
  sourceId: number | null;
  format: string;
  added: number;
  duplicates: number;
  skipped: number;
  failed: number;
  /** The same content was ingested before: nothing was read again. */
  alreadyIngested: boolean;
  /** Skipped lines, at most MAX_LISTED_SKIPS of them (all are stored in the database). */
  skippedLines: SkippedLine[];
  /** Requests the source logged as failed, at most MAX_LISTED_SKIPS of them. */
  failedLines: SkippedLine[];
}

export interface IngestOptions {
  catalog: Catalog;
  format?: string;
  strict?: boolean;
  toolVersion: string;
  onProgress?: (file: string, bytesRead: number, size: number, records: number) => void;
}

export const MAX_LISTED_SKIPS = 1000;
const MAX_ROLLUPS_IN_MEMORY = 50_000;
const PARSE_WORKER_MIN_BYTES = 16 * 1024 * 1024;
/** One JSON document (not JSON lines) is parsed whole, so it must fit in memory comfortably. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

const QUICK_SPAN = 1 << 20;

/** sha256 of a file's size, first MiB and last MiB: equal content always gives an equal quick hash. */
export function quickHashFile(path: string, size: number): string {
  const hash = createHash('sha256').update(String(size));
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(QUICK_SPAN);
    hash.update(buf.subarray(0, readSync(fd, buf, 0, QUICK_SPAN, 0)));
    if (size > QUICK_SPAN) hash.update(buf.subarray(0, readSync(fd, buf, 0, QUICK_SPAN, Math.max(QUICK_SPAN, size - QUICK_SPAN))));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function fileError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`File ${path} does not exist: check the path.`);
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`File ${path} cannot be read (permission denied): check its permissions.`);
  return new UserError(`File ${path} cannot be read (${code ?? (err as Error).message}).`);
}

class StrictStop extends Error {}

/**
 * Ingests one file in one transaction: detect its format, stream its lines through the adapter, price
 * each record, and insert it unless a record with the same id is already stored. Re-ingesting a file
 * whose content was ingested before reads nothing and adds nothing.
 */
export async function ingestFile(store: UsageStore, path: string, opts: IngestOptions): Promise<FileIngestResult> {
  let size: number;
  let head: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path} is a directory: pass the files in it, or the directory to llmcost ingest.`);
    size = st.size;
    head = readDetectHead(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw fileError(path, err);
  }
  const container = sniffContainer(head, size > MAX_JSON_DOCUMENT_BYTES);
  const pick = (doc?: unknown): FormatAdapter | undefined => {
    if (container === 'empty') return undefined;
    const a = opts.format ? forcedAdapter(opts.format) : chooseAdapter(sampleFor(container, head, doc), path);
    if (!a.containers.includes(container)) {
      throw new UserError(`${path} is ${container === 'csv' ? 'CSV' : 'JSON'}, which format ${a.name} does not read: drop --format to detect the format.`);
    }
    return a;
  };
  // A JSON document is only read whole once we know it is new; other containers are detected from their head.
  let adapter = container === 'json' ? undefined : pick();

  let quickHash: string;
  try {
    quickHash = quickHashFile(path, size);
  } catch (err) {
    throw fileError(path, err);
  }
  // Large JSON-lines files are parsed on a second thread. When no stored file shares the quick hash the
  // content is new, and the worker hashes it in the same read pass; otherwise it is hashed here first.
  const useWorker = adapter !== undefined && container === 'jsonl' && useParseWorker(size);
  const hashLater = useWorker && !store.quickHashKnown(quickHash);
  const worker = useWorker && adapter ? startParseWorker(path, adapter, opts.catalog, MAX_ROLLUPS_IN_MEMORY, hashLater) : undefined;
  let contentHash: string | undefined;
  if (!hashLater) {
    try {
      contentHash = await hashFile(path);
    } catch (err) {
      await worker?.cancel();
      throw fileError(path, err);
    }
    const previous = store.findSource(contentHash);
    if (previous) {
      await worker?.cancel();
      return alreadyIngested(store, path, previous);
    }
  }

  let doc: unknown;
  let text = '';
  if (container === 'json') {
    if (size > MAX_JSON_DOCUMENT_BYTES) {
      throw new UserError(`${path} is a single JSON document of ${Math.round(size / 1e6)} MB, too large to read whole: write it as JSON lines (one object per line).`);
    }
    try {
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      doc = JSON.parse(text);
    } catch (err) {
      const place = jsonErrorPlace(err, text);
      throw new UserError(`${path}:${place.line}: not valid JSON (${describeJsonError(place)}): fix the file, or write it as JSON lines.`);
    }
    adapter = pick(doc);
  }
  const format = adapter?.name ?? 'empty';

  const db = store.db;
  const startedAt = new Date().toISOString();
  const counts = { added: 0, duplicates: 0, skipped: 0, failed: 0 };
  const skippedLines: SkippedLine[] = [];
  const failedLines: SkippedLine[] = [];

  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have ingested the same content while this one was hashing.
    const raced = contentHash === undefined ? undefined : store.findSource(contentHash);
    if (raced) {
      db.exec('ROLLBACK');
      await worker?.cancel();
      return alreadyIngested(store, path, raced);
    }
    const sourceId = store.createSource(contentHash ?? `pending:${quickHash}:${process.pid}:${Date.now()}`, quickHash, size, format, path);
    // Rollups are summed where records are produced; duplicates found here are taken back out.
    const takenBack = new RollupAccumulator();
    const flushIfLarge = (acc: RollupAccumulator) => {
      if (acc.size >= MAX_ROLLUPS_IN_MEMORY) store.addRollups(sourceId, acc.drain());
    };

    const commit = (p: PreparedRecord) => {
      const r = p.record;
      const priced = { modelId: p.modelId, costUsd: p.costUsd, approximate: p.approximate };
      const base = r.id;
      // A hashed id (no id in the source): the n-th identical line of a file is a request of its own (#n),
      // and a duplicate only when another file already holds an n-th copy.
      for (let n = 1; ; n++) {
        if (n > 1) r.id = `${base}#${n}`;
        const res = store.addRecord(sourceId, r, priced);
        if (res.added) {
          counts.added++;
          return;
        }
        const linked = res.sourceId !== sourceId && store.link(sourceId, res.rid);
        if (!p.hashed || linked) {
          counts.duplicates++;
          takenBack.add(r, p.modelId, p.costUsd, -1);
          flushIfLarge(takenBack);
          return;
        }
      }
    };
    const skip = (line: number, reason: string, kind: SkipKind = 'skipped') => {
      if (kind === 'failed') {
        counts.failed++;
        store.addSkipped(sourceId, line, reason, 'failed');
        if (failedLines.length < MAX_LISTED_SKIPS) failedLines.push({ file: path, line, reason });
        return;
      }
      if (opts.strict) throw new StrictStop(`${path}:${line}: ${reason}`);
      counts.skipped++;
      store.addSkipped(sourceId, line, reason);
      if (skippedLines.length < MAX_LISTED_SKIPS) skippedLines.push({ file: path, line, reason });
    };
    const progress = (bytes: number) => opts.onProgress?.(path, bytes, size, counts.added + counts.duplicates);

    if (adapter && container !== 'empty') {
      if (worker) {
        const hashed = await worker.consume({
          prepared: commit,
          skip,
          rollups: (entries) => store.addRollups(sourceId, entries),
          progress,
        });
        if (contentHash === undefined) {
          contentHash = hashed ?? (await hashFile(path));
          const same = store.findSource(contentHash);
          if (same) {
            // Only another process can have stored this content meanwhile: keep its copy, write nothing.
            db.exec('ROLLBACK');
            return alreadyIngested(store, path, same);
          }
          store.setContentHash(sourceId, contentHash);
        }
      } else {
        const produced = new RollupAccumulator();
        const prepare = createPreparer(opts.catalog, format);
        await produceRecords(path, container, doc, adapter, prepare, {
          prepared(p) {
            produced.add(p.record, p.modelId, p.costUsd);
            flushIfLarge(produced);
            commit(p);
          },
          skip,
        }, progress);
        store.addRollups(sourceId, produced.drain());
      }
    }
    store.addRollups(sourceId, takenBack.drain());
    store.dropEmptyRollups(sourceId);

    // A Ctrl-C that arrived during the last synchronous stretch is handled here, before anything commits.
    await new Promise<void>((r) => setImmediate(r));
    store.finishSource(sourceId, counts.added + counts.duplicates, counts.skipped, counts.failed);
    store.logIngest(sourceId, path, format, startedAt, counts, opts.toolVersion);
    db.exec('COMMIT');
    return { file: path, sourceId, format, ...counts, alreadyIngested: false, skippedLines, failedLines };
  } catch (err) {
    await worker?.cancel();
    if (db.inTransaction) db.exec('ROLLBACK');
    if (err instanceof StrictStop) throw new UserError(`${err.message} (--strict: nothing from this file was written; fix the line or drop --strict to skip bad lines).`);
    if ((err as { code?: string }).code === 'SQLITE_FULL') throw new UserError(`The disk is full while ingesting ${path}: nothing from this file was written; free space and run it again.`);
    throw err;
  }
}

/** Large JSON-lines files are parsed on a second thread; LLMCOST_PARSE_WORKER=1/0 forces it on or off. */
function useParseWorker(size: number): boolean {
  const forced = process.env['LLMCOST_PARSE_WORKER'];
  if (forced === '1') return true;
  if (forced === '0') return false;
  return size >= PARSE_WORKER_MIN_BYTES;
}

function alreadyIngested(store: UsageStore, path: string, src: { id: number; format: string; records: number; skipped: number; failed: number }): FileIngestResult {
  const listed = (kind: SkipKind) =>
    (store.db.prepare('SELECT line, reason FROM skipped WHERE source_id = ? AND kind = ? ORDER BY line LIMIT ?').all(src.id, kind, MAX_LISTED_SKIPS) as { line: number; reason: string }[]).map((r) => ({ file: path, line: r.line, reason: r.reason }));
  return {
    file: path,
    sourceId: src.id,
    format: src.format,
    added: 0,
    duplicates: src.records,
    skipped: src.skipped,
    failed: src.failed,
    alreadyIngested: true,
    skippedLines: listed('skipped'),
    failedLines: listed('failed'),
  };
}
