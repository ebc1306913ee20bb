import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { StoredCopy, UsageStore } from '../db/store.js';
import { TOKEN_COLUMNS } from '../usage/columns.js';
import type { Copy, Figures } from '../usage/identity.js';
import { emptyRecord, type UsageRecord } from '../usage/record.js';
import type { SkipKind, SkippedLine } from '../usage/skip.js';
import { tokensOf } from '../usage/tokens.js';
import { UnreadableFileError, UserError } from '../util/errors.js';
import { describeJsonError, jsonErrorPlace } from '../util/json-error.js';
import type { FormatAdapter } from './adapter.js';
import { chooseAdapter, forcedAdapter, readDetectHead, sampleFor, sniffContainer } from './detect.js';
import { bucketGrain, describeGrain, GrainTracker } from './bucket-grain.js';
import type { BatchInputSummary, JoinedPrompts } from './batch-input.js';
import { incomingWins, sameFigures, type Settlement } from './identity.js';
import { createPreparer, type PreparedRecord } from './prepare.js';
import { defaultSourceLabel } from './source-label.js';
import { produceRecords } from './produce.js';
import { RollupAccumulator } from './rollup.js';
import { startParseWorker } from './worker-client.js';
import { diskFull, WriteBatch } from './write-batch.js';

/** Two copies of one key with different figures, and which one the settlement rule kept (identity.ts). */
export interface ConflictListing {
  /** The record's id as the source wrote it. */
  id: string;
  settlement: Settlement;
  kept: { file: string; line: number | null };
  dropped: { file: string; line: number | null };
  detail: string;
}

export interface FileIngestResult {
  file: string;
  sourceId: number | null;
  format: string;
  added: number;
  duplicates: number;
  /** Records of this file whose key was stored with other figures (each settled by the rule, and listed). */
  conflicts: number;
  /** Stored records this file's copy took the place of (a later fetch, a more complete copy). */
  replaced: number;
  skipped: number;
  failed: number;
  /** The same content was ingested before: nothing was read again. */
  alreadyIngested: boolean;
  /** Skipped lines, at most MAX_LISTED_SKIPS of them (all are stored in the database). */
  skippedLines: SkippedLine[];
  /** Requests the source logged as failed, at most MAX_LISTED_SKIPS of them. */
  failedLines: SkippedLine[];
  /** Conflicts met by this file, at most MAX_LISTED_SKIPS of them. */
  conflictLines: ConflictListing[];
  /** A batch output ingested with its input (joinedPrompts): its records given a prompt from it, and those not. */
  batchJoin?: BatchJoinCount;
  /** An OpenAI Batch input file: prompts for the output files beside it, no usage of its own (batch-input-join.ts). */
  batchInput?: BatchInputSummary;
}

/** Records of an OpenAI Batch output whose custom_id the batch input held (joined), and the others. */
export interface BatchJoinCount {
  joined: number;
  unjoined: number;
}

export interface IngestOptions {
  catalog: Catalog;
  format?: string;
  strict?: boolean;
  /** The label ids without a provider's shape are scoped to (--source); default: the file's absolute path. */
  sourceLabel?: string;
  /** Keep the prompt text beside its fingerprints (--store-prompts); fingerprints are always kept. */
  storePrompts?: boolean;
  /** false: keep no prompt fingerprints either (--no-fingerprints). */
  fingerprints?: boolean;
  /** Prompts of OpenAI Batch input files, for the output files' records (batch-input.ts). */
  joinedPrompts?: JoinedPrompts;
  toolVersion: string;
  /** Called once when another process holds the database's write lock and this ingest waits for it. */
  onWait?: () => void;
  onProgress?: (file: string, bytesRead: number, size: number, records: number) => void;
  /** The write transaction this file shares with the files before it (write-batch.ts); default: its own. */
  batch?: WriteBatch;
}

/** The line of a file that stored nothing (passed over, or a batch input file with no usage of its own). */
export function nothingStored(file: string, format: string): FileIngestResult {
  return {
    file,
    sourceId: null,
    format,
    added: 0,
    duplicates: 0,
    conflicts: 0,
    replaced: 0,
    skipped: 0,
    failed: 0,
    alreadyIngested: false,
    skippedLines: [],
    failedLines: [],
    conflictLines: [],
  };
}

export const MAX_LISTED_SKIPS = 1000;
const MAX_ROLLUPS_IN_MEMORY = 50_000;
const PARSE_WORKER_MIN_BYTES = 16 * 1024 * 1024;
/** One JSON document (not JSON lines) is parsed whole, so it must fit in memory comfortably. */
const MAX_JSON_DOCUMENT_BYTES = 256 * 1024 * 1024;

const QUICK_SPAN = 1 << 20;

/**
 * sha256 of a file's size, first MiB and last MiB (equal content always gives an equal quick hash), and, for a
 * file that fits in that first read, the sha256 of its content too: a small file is read once for both.
 */
export function quickHashFile(path: string, size: number): { quickHash: string; contentHash: string | undefined } {
  const hash = createHash('sha256').update(String(size));
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(QUICK_SPAN, size));
    const head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    hash.update(head);
    const contentHash = size <= QUICK_SPAN ? createHash('sha256').update(head).digest('hex') : undefined;
    if (size > QUICK_SPAN) hash.update(buf.subarray(0, readSync(fd, buf, 0, QUICK_SPAN, Math.max(QUICK_SPAN, size - QUICK_SPAN))));
    return { quickHash: hash.digest('hex'), contentHash };
  } finally {
    closeSync(fd);
  }
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function fileError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`File ${path} does not exist: check the path.`);
  if (code === 'EACCES' || code === 'EPERM') return new UnreadableFileError(`File ${path} cannot be read (permission denied): check its permissions.`);
  return new UnreadableFileError(`File ${path} cannot be read (${code ?? (err as Error).message}).`);
}

class StrictStop extends Error {}

/**
 * Ingests one file in one transaction: detect its format, stream its lines through the adapter, price
 * each record, and insert it unless a record with the same id is already stored. Re-ingesting a file
 * whose content was ingested before reads nothing and adds nothing.
 */
export async function ingestFile(store: UsageStore, path: string, opts: IngestOptions): Promise<FileIngestResult> {
  let size: number;
  let fetchedAt: number;
  let quickHash: string;
  /** The content hash of a file small enough to be read whole by the quick hash. */
  let smallFileHash: string | undefined;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path} is a directory: pass the files in it, or the directory to llmcost ingest.`);
    size = st.size;
    fetchedAt = Math.floor(st.mtimeMs);
    ({ quickHash, contentHash: smallFileHash } = quickHashFile(path, size));
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw fileError(path, err);
  }
  // Same first and last MiB, size and modification time as a file read before: unchanged, so neither detected,
  // hashed whole nor parsed (a re-run over a folder of logs costs a stat and two small reads a file).
  const unchanged = store.findUnchangedSource(quickHash, size, fetchedAt);
  if (unchanged) return alreadyIngested(store, path, unchanged);

  let head: string;
  try {
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

  // Large JSON-lines files are parsed on a second thread. When no stored file shares the quick hash the
  // content is new, and the worker hashes it in the same read pass; otherwise it is hashed here first.
  const prompts =
    opts.fingerprints === false
      ? undefined
      : { salt: store.promptSalt(), storeText: opts.storePrompts === true, ...(opts.joinedPrompts ? { joined: opts.joinedPrompts } : {}) };
  // Joined prompt texts (--store-prompts with a batch input) stay on this thread: a worker would need its own copy.
  const useWorker = adapter !== undefined && container === 'jsonl' && !opts.joinedPrompts?.texts && useParseWorker(size);
  const hashLater = useWorker && !store.quickHashKnown(quickHash);
  const worker = useWorker && adapter ? startParseWorker(path, adapter, opts.catalog, MAX_ROLLUPS_IN_MEMORY, hashLater, prompts) : undefined;
  let contentHash: string | undefined;
  if (!hashLater) {
    try {
      contentHash = smallFileHash ?? (await hashFile(path));
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
      throw new UnreadableFileError(
        `${path} is a single JSON document of ${Math.round(size / 1e6)} MB, too large to read whole: write it as JSON lines (one object per line).`,
      );
    }
    try {
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      doc = JSON.parse(text);
    } catch (err) {
      const place = jsonErrorPlace(err, text);
      throw new UnreadableFileError(`${path}:${place.line}: not valid JSON (${describeJsonError(place)}): fix the file, or write it as JSON lines.`);
    }
    adapter = pick(doc);
  }
  const format = adapter?.name ?? 'empty';

  const db = store.db;
  const batch = opts.batch ?? new WriteBatch(db, 0);
  /** Whether this file's savepoint is open (and so has to be taken back on an error). */
  let began = false;
  const startedAt = new Date().toISOString();
  const counts = { added: 0, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0 };
  const skippedLines: SkippedLine[] = [];
  const failedLines: SkippedLine[] = [];
  const conflictLines: ConflictListing[] = [];
  const label = opts.sourceLabel ?? defaultSourceLabel(path);
  // Batch output records carry the prompt only through the input file joined to them: counted to report the join.
  const batchJoin = opts.joinedPrompts && format === 'openai-batch' ? { joined: 0, unjoined: 0 } : undefined;

  try {
    // Inside the try: a failure to get the write lock also ends the parse worker.
    if (await batch.beginFile(path, opts.onWait)) store.forgetCachedBlocks();
    began = true;
    // Another process may have ingested the same content while this one was hashing.
    const raced = contentHash === undefined ? undefined : store.findSource(contentHash);
    if (raced) {
      began = false;
      batch.abortFile();
      await worker?.cancel();
      return alreadyIngested(store, path, raced);
    }
    const sourceId = store.createSource(contentHash ?? `pending:${quickHash}:${process.pid}:${Date.now()}`, quickHash, size, format, path, label, fetchedAt);
    // Rollups are summed where records are produced; duplicates found here are taken back out.
    const takenBack = new RollupAccumulator();
    const flushIfLarge = (acc: RollupAccumulator) => {
      if (acc.size >= MAX_ROLLUPS_IN_MEMORY) store.addRollups(sourceId, acc.drain());
    };

    // Sums of stored copies this file's copies took the place of, to take out of their sources' rollups.
    const replacedSums = new Map<number, RollupAccumulator>();
    const settlementOf = (p: PreparedRecord): Settlement => (adapter?.revised || p.scoped ? 'latest' : 'complete');
    const pathOf = (id: number) => (id === sourceId ? path : store.sourcePath(id));

    const settle = (p: PreparedRecord, line: number, stored: StoredCopy) => {
      const r = p.record;
      const priced = { modelId: p.modelId, costUsd: p.costUsd, approximate: p.approximate };
      const incoming: Copy = { ...figuresOf(r), replay: r.replay, fetchedAt, contentHash: quickHash, line };
      const settlement = settlementOf(p);
      const same = sameFigures(stored, incoming);
      // The same figures again are a duplicate, whichever copy the rule ranks first; only a parent transcript's
      // copy still takes the place of a sidechain replay, for its attribution.
      const wins = same ? stored.replay && !incoming.replay : incomingWins(settlement, stored, incoming);
      if (!same) {
        counts.conflicts++;
        const detail = describeDifference(stored, incoming);
        const mine = { source: sourceId, line };
        const theirs = { source: stored.sourceId, line: stored.line };
        const [kept, dropped] = wins ? [mine, theirs] : [theirs, mine];
        store.addConflict({
          foundBy: sourceId,
          recordId: r.id,
          scope: p.scoped ? label : null,
          settlement,
          keptSource: kept.source,
          keptLine: kept.line,
          droppedSource: dropped.source,
          droppedLine: dropped.line,
          detail,
        });
        if (conflictLines.length < MAX_LISTED_SKIPS) {
          conflictLines.push({
            id: r.id,
            settlement,
            kept: { file: pathOf(kept.source), line: kept.line },
            dropped: { file: pathOf(dropped.source), line: dropped.line },
            detail,
          });
        }
      }
      counts.duplicates++;
      if (wins) {
        counts.replaced++;
        let acc = replacedSums.get(stored.sourceId);
        if (!acc) replacedSums.set(stored.sourceId, (acc = new RollupAccumulator()));
        acc.add(recordOf(stored), stored.modelId, stored.costUsd, -1);
        store.replaceRecord(stored.rid, sourceId, r, priced, line);
        if (p.fingerprint) store.addFingerprint(stored.rid, p.fingerprint, p.promptText, true, p.responseHash);
        // The earlier file still holds this key: its reports include the record as it now stands.
        if (stored.sourceId !== sourceId) store.link(stored.sourceId, stored.rid);
        if (acc.size >= MAX_ROLLUPS_IN_MEMORY) store.addRollups(stored.sourceId, acc.drain());
      } else {
        if (stored.sourceId !== sourceId) store.link(sourceId, stored.rid);
        // A copy that carries the prompt gives the kept record its fingerprint, if it had none.
        if (p.fingerprint) store.addFingerprint(stored.rid, p.fingerprint, p.promptText, false, p.responseHash);
        takenBack.add(r, p.modelId, p.costUsd, -1);
        flushIfLarge(takenBack);
      }
    };

    const grains = adapter?.revised ? new GrainTracker() : undefined;
    const commit = (p: PreparedRecord, line: number) => {
      const r = p.record;
      if (batchJoin) batchJoin[p.fingerprint ? 'joined' : 'unjoined']++;
      grains?.add(r.id, r.ts);
      const priced = { modelId: p.modelId, costUsd: p.costUsd, approximate: p.approximate };
      const scope = p.scoped ? label : null;
      const base = r.id;
      // A row without an id: the n-th row with the same natural key in a file is a request of its own (#n),
      // and meets another file's n-th copy of that key.
      for (let n = 1; ; n++) {
        if (n > 1) r.id = `${base}#${n}`;
        const res = store.addRecord(sourceId, r, priced, scope, line);
        if (res.added) {
          counts.added++;
          if (p.fingerprint) store.addFingerprint(res.rid, p.fingerprint, p.promptText, false, p.responseHash);
          return;
        }
        if (p.natural && (res.stored.sourceId === sourceId || !store.link(sourceId, res.stored.rid))) continue;
        settle(p, line, res.stored);
        return;
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
          contentHash = hashed ?? smallFileHash ?? (await hashFile(path));
          const same = store.findSource(contentHash);
          if (same) {
            // Only another process can have stored this content meanwhile: keep its copy, write nothing.
            began = false;
            batch.abortFile();
            return alreadyIngested(store, path, same);
          }
          store.setContentHash(sourceId, contentHash);
        }
      } else {
        const produced = new RollupAccumulator();
        const prepare = createPreparer(opts.catalog, prompts);
        await produceRecords(
          path,
          container,
          doc,
          adapter,
          prepare,
          {
            prepared(p, line) {
              produced.add(p.record, p.modelId, p.costUsd);
              flushIfLarge(produced);
              commit(p, line);
            },
            skip,
          },
          progress,
        );
        store.addRollups(sourceId, produced.drain());
      }
    }
    if (grains) refuseOtherGrain(store, path, sourceId, grains);
    store.addRollups(sourceId, takenBack.drain());
    for (const [id, acc] of replacedSums) {
      store.addRollups(id, acc.drain());
      store.dropEmptyRollups(id);
    }
    store.dropEmptyRollups(sourceId);
    // A grown copy of a file ingested before (a log appended to) lists every line of the earlier copy again:
    // the earlier copy's skipped and failed lines, a half-written last line among them, are no longer listed.
    await clearSupersededSkips(store, path, sourceId, label, size);

    // A Ctrl-C that arrived during the last synchronous stretch is handled here, before anything commits.
    await new Promise<void>((r) => setImmediate(r));
    store.finishSource(sourceId, counts.added + counts.duplicates, counts.skipped, counts.failed);
    store.logIngest(sourceId, path, format, startedAt, counts, opts.toolVersion);
    began = false;
    batch.endFile();
    return { file: path, sourceId, format, ...counts, alreadyIngested: false, skippedLines, failedLines, conflictLines, ...(batchJoin ? { batchJoin } : {}) };
  } catch (err) {
    await worker?.cancel();
    if (began) {
      began = false;
      batch.abortFile();
    }
    if (err instanceof StrictStop)
      throw new UserError(`${err.message} (--strict: nothing from this file was written; fix the line or drop --strict to skip bad lines).`);
    if ((err as { code?: string }).code === 'SQLITE_FULL') throw new UserError(diskFull([path]));
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

function alreadyIngested(
  store: UsageStore,
  path: string,
  src: { id: number; format: string; records: number; skipped: number; failed: number },
): FileIngestResult {
  const listed = (kind: SkipKind) => store.skippedLines(src.id, kind, MAX_LISTED_SKIPS).map((r) => ({ file: path, line: r.line, reason: r.reason }));
  return {
    file: path,
    sourceId: src.id,
    format: src.format,
    added: 0,
    duplicates: src.records,
    conflicts: 0,
    replaced: 0,
    skipped: src.skipped,
    failed: src.failed,
    alreadyIngested: true,
    skippedLines: listed('skipped'),
    failedLines: listed('failed'),
    conflictLines: [],
  };
}

function figuresOf(r: Figures): Figures {
  return { ...tokensOf(r), requests: r.requests, reportedCostUsd: r.reportedCostUsd };
}

/** A stored copy as a record, for taking its sums out of its source's rollups. */
function recordOf(c: StoredCopy): UsageRecord {
  const r = emptyRecord('', c.ts, c.model);
  Object.assign(r, figuresOf(c));
  r.provider = c.provider;
  return r;
}

const FIGURE_NAMES: [keyof Figures, string][] = [
  ...TOKEN_COLUMNS.map((c): [keyof Figures, string] => [c.field, c.label]),
  ['requests', 'requests'],
  ['reportedCostUsd', 'reported cost'],
];

/** "output 120 → 480, requests 3 → 4": the figures that differ, stored copy first. */
function describeDifference(stored: Figures, incoming: Figures): string {
  return FIGURE_NAMES.filter(([k]) => stored[k] !== incoming[k])
    .map(([k, name]) => `${name} ${stored[k] ?? 'none'} → ${incoming[k] ?? 'none'}`)
    .join(', ');
}

/**
 * When this file is a grown copy of a file stored before under the same label (the earlier content is a prefix
 * of this one), the earlier copy's skipped and failed lines are all read again here: they leave the earlier
 * copy's listing, so a line skipped as half-written and now complete is no longer listed, and none is listed twice.
 */
async function clearSupersededSkips(store: UsageStore, path: string, sourceId: number, label: string, size: number): Promise<void> {
  const earlier = store.db
    .prepare('SELECT id, size, content_hash AS contentHash FROM sources WHERE label = ? AND id <> ? AND size < ? AND (skipped > 0 OR failed > 0)')
    .all(label, sourceId, size) as { id: number; size: number; contentHash: string }[];
  if (earlier.length === 0) return;
  const prefixes = await hashFilePrefixes(
    path,
    earlier.map((e) => e.size),
  );
  const clearSkips = store.db.prepare('DELETE FROM skipped WHERE source_id = ?');
  const clearCounts = store.db.prepare('UPDATE sources SET skipped = 0, failed = 0 WHERE id = ?');
  for (const e of earlier) {
    if (prefixes.get(e.size) !== e.contentHash) continue;
    clearSkips.run(e.id);
    clearCounts.run(e.id);
  }
}

/**
 * The SHA-256 of the file's first `n` bytes for each of `sizes`, from one read: a log that grew many times has
 * as many earlier copies, and hashing each prefix on its own would read the file that many times.
 */
async function hashFilePrefixes(path: string, sizes: number[]): Promise<Map<number, string>> {
  const ends = [...new Set(sizes)].sort((a, b) => a - b);
  const out = new Map<number, string>();
  const hash = createHash('sha256');
  let pos = 0;
  let next = 0;
  const snapshot = () => {
    while (next < ends.length && ends[next]! === pos) out.set(ends[next++]!, hash.copy().digest('hex'));
  };
  snapshot();
  const last = ends[ends.length - 1]!;
  if (last > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: last - 1, highWaterMark: 1 << 20 })) {
      let buf = chunk as Buffer;
      while (buf.length > 0 && next < ends.length) {
        const take = Math.min(buf.length, ends[next]! - pos);
        hash.update(buf.subarray(0, take));
        buf = buf.subarray(take);
        pos += take;
        snapshot();
      }
    }
  }
  return out;
}

/**
 * Usage reports of one period fetched at two groupings (by model, and by model and project) hold the same
 * usage twice under different keys. The second grouping of a period is refused, naming the file that holds
 * the first, rather than counted twice.
 */
function refuseOtherGrain(store: UsageStore, path: string, sourceId: number, grains: GrainTracker): void {
  const starts = [...new Set([...grains.periods.values()].map((p) => p.start))];
  for (let i = 0; i < starts.length; i += 500) {
    const chunk = starts.slice(i, i + 500);
    const rows = store.db
      .prepare(`SELECT id, source_id AS sourceId FROM records WHERE source_id <> ? AND ts IN (${chunk.map(() => '?').join(',')})`)
      .all(sourceId, ...chunk) as { id: string; sourceId: number }[];
    const theirs = new Map<string, { sourceId: number; fields: Set<string> }>();
    for (const row of rows) {
      const g = bucketGrain(row.id);
      if (!g || !grains.periods.has(g.period)) continue;
      const key = `${g.period}\u0000${row.sourceId}`;
      let t = theirs.get(key);
      if (!t) theirs.set(key, (t = { sourceId: row.sourceId, fields: new Set() }));
      for (const f of g.fields) t.fields.add(f);
    }
    for (const [key, t] of theirs) {
      const mine = grains.periods.get(key.slice(0, key.indexOf('\u0000')))!;
      if (sameSet(mine.fields, t.fields)) continue;
      throw new UserError(
        `${path} holds usage for ${new Date(mine.start).toISOString().slice(0, 10)} grouped by ${describeGrain(mine.fields)}, but ${store.sourcePath(t.sourceId)} ` +
          `holds the same period grouped by ${describeGrain(t.fields)}: together they would count it twice, so nothing from ${path} was written; ` +
          'ingest one grouping of each period (or the other into another database with --db).',
      );
    }
  }
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
