import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import type { Catalog } from '../catalog/catalog.js';
import type { UsageStore } from '../db/store.js';
import { createPricer } from '../pricing/pricer.js';
import { UserError } from '../util/errors.js';
import type { FormatAdapter, RecordParser, RecordSink } from './adapter.js';
import { chooseAdapter, documentValues, forcedAdapter, readDetectHead, sampleFor, sniffContainer } from './detect.js';
import { forEachLine } from './lines.js';
import type { UsageRecord } from './record.js';
import { redactApiKey } from './redact.js';
import { RollupAccumulator } from './rollup.js';

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
/** One JSON document (not JSON lines) is parsed whole, so it must fit in memory comfortably. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

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
  let contentHash: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path} is a directory: pass the files in it, or the directory to llmcost ingest.`);
    size = st.size;
    contentHash = await hashFile(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw fileError(path, err);
  }

  const previous = store.findSource(contentHash);
  if (previous) return alreadyIngested(store, path, previous);

  const head = readDetectHead(path);
  const container = sniffContainer(head);
  let doc: unknown;
  if (container === 'json') {
    if (size > MAX_JSON_DOCUMENT_BYTES) {
      throw new UserError(`${path} is a single JSON document of ${Math.round(size / 1e6)} MB, too large to read whole: write it as JSON lines (one object per line).`);
    }
    try {
      doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new UserError(`${path}:1: not valid JSON (${(err as Error).message}): fix the file, or write it as JSON lines.`);
    }
  }
  const adapter: FormatAdapter | undefined =
    container === 'empty' ? undefined : opts.format ? forcedAdapter(opts.format) : chooseAdapter(sampleFor(container, head, doc), path);
  if (adapter && container !== 'empty' && !adapter.containers.includes(container)) {
    throw new UserError(`${path} is ${container === 'csv' ? 'CSV' : 'JSON'}, which format ${adapter.name} does not read: drop --format to detect the format.`);
  }
  const format = adapter?.name ?? 'empty';

  const db = store.db;
  const startedAt = new Date().toISOString();
  const counts = { added: 0, duplicates: 0, skipped: 0, failed: 0 };
  const skippedLines: SkippedLine[] = [];
  const price = createPricer(opts.catalog);
  let lineText = '';

  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have ingested the same content while this one was hashing.
    const raced = store.findSource(contentHash);
    if (raced) {
      db.exec('ROLLBACK');
      return alreadyIngested(store, path, raced);
    }
    const sourceId = store.createSource(contentHash, size, format, path);

    const rollups = new RollupAccumulator();
    const keep = (r: UsageRecord) => {
      r.apiKey = redactApiKey(r.apiKey);
      const priced = price(r);
      if (r.id !== '') {
        const res = store.addRecord(sourceId, r, priced);
        if (res.added) {
          counts.added++;
          rollups.add(r, priced.modelId, priced.costUsd);
        } else {
          if (res.sourceId !== sourceId) store.link(sourceId, res.rid);
          counts.duplicates++;
        }
        return;
      }
      // No id in the source: the id is a hash of the line's content. The n-th identical line of a file is a
      // request of its own (#n); it is a duplicate only when another file already holds an n-th copy.
      const base = `h:${createHash('sha1').update(format).update('\u0000').update(lineText).digest('base64url')}`;
      for (let n = 1; ; n++) {
        r.id = n === 1 ? base : `${base}#${n}`;
        const res = store.addRecord(sourceId, r, priced);
        if (res.added) {
          counts.added++;
          rollups.add(r, priced.modelId, priced.costUsd);
          return;
        }
        if (res.sourceId !== sourceId && store.link(sourceId, res.rid)) {
          counts.duplicates++;
          return;
        }
      }
    };
    const record = (r: UsageRecord) => {
      keep(r);
      // Bound the accumulator's memory on files that span many days and models.
      if (rollups.size >= MAX_ROLLUPS_IN_MEMORY) store.addRollups(sourceId, rollups.drain());
    };
    const sink: RecordSink = {
      record,
      skip(line, reason) {
        if (opts.strict) throw new StrictStop(`${path}:${line}: ${reason}`);
        counts.skipped++;
        store.addSkipped(sourceId, line, reason);
        if (skippedLines.length < MAX_LISTED_SKIPS) skippedLines.push({ file: path, line, reason });
      },
    };

    if (adapter) {
      const parser = adapter.open(sink);
      if (container === 'jsonl') await pushJsonLines(path, parser, sink, (text) => (lineText = text), (bytes) => opts.onProgress?.(path, bytes, size, counts.added + counts.duplicates));
      else if (container === 'json') {
        documentValues(doc).forEach((v, i) => {
          lineText = JSON.stringify(v);
          parser.push(v, i + 1);
        });
      } else await pushCsvRows(path, parser, (text) => (lineText = text));
      parser.finish();
    }
    store.addRollups(sourceId, rollups.drain());

    store.finishSource(sourceId, counts.added + counts.duplicates, counts.skipped, counts.failed);
    store.logIngest(sourceId, path, format, startedAt, counts, opts.toolVersion);
    db.exec('COMMIT');
    return { file: path, sourceId, format, ...counts, alreadyIngested: false, skippedLines };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (err instanceof StrictStop) throw new UserError(`${err.message} (--strict: nothing from this file was written; fix the line or drop --strict to skip bad lines).`);
    if ((err as { code?: string }).code === 'SQLITE_FULL') throw new UserError(`The disk is full while ingesting ${path}: nothing from this file was written; free space and run it again.`);
    throw err;
  }
}

async function pushJsonLines(path: string, parser: RecordParser, sink: RecordSink, setText: (t: string) => void, onChunk: (bytes: number) => void): Promise<void> {
  await forEachLine(
    path,
    (text, line) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        sink.skip(line, `malformed JSON (${(err as Error).message.replace(/^JSON\.parse: /, '').slice(0, 80)})`);
        return;
      }
      setText(text);
      parser.push(value, line);
    },
    onChunk,
  );
}

async function pushCsvRows(path: string, parser: RecordParser, setText: (t: string) => void): Promise<void> {
  const csv = createReadStream(path).pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }),
  );
  for await (const item of csv) {
    const { record, info } = item as { record: Record<string, string>; info: { lines: number } };
    setText(JSON.stringify(record));
    parser.push(record, info.lines);
  }
}

function alreadyIngested(store: UsageStore, path: string, src: { id: number; format: string; records: number; skipped: number; failed: number }): FileIngestResult {
  const rows = store.db
    .prepare('SELECT line, reason FROM skipped WHERE source_id = ? ORDER BY line LIMIT ?')
    .all(src.id, MAX_LISTED_SKIPS) as { line: number; reason: string }[];
  return {
    file: path,
    sourceId: src.id,
    format: src.format,
    added: 0,
    duplicates: src.records,
    skipped: src.skipped,
    failed: src.failed,
    alreadyIngested: true,
    skippedLines: rows.map((r) => ({ file: path, line: r.line, reason: r.reason })),
  };
}
