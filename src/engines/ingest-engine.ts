import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, utimesSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { UsageStore } from '../db/store.js';
import { ingestFile, type FileIngestResult } from '../ingest/ingest.js';
import { UserError } from '../util/errors.js';
import { TOKEN_COLUMNS } from '../usage/columns.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { Bucket, EngineReader, LeftOut, Window } from './reader.js';

/**
 * Reads a database source into the store through the same ingest as files (ingest/ingest.ts), so identity,
 * conflicts, rollups and repricing are the ones files get:
 * - the engine's buckets are written in llmcost's generic layout, each with a key made of its bucket and group
 *   values, scoped to the connection's label (host, port, database, table: no credentials). Keys scoped to a
 *   source are settled by the later fetch, so re-reading a bucket (late arrivals) replaces its earlier figures;
 * - a row whose prompt is priced per request (above the smallest long-context threshold) is a bucket of its own;
 * - rows that carry no request count (LiteLLM batch jobs) are read raw, in the product's own export shape, and
 *   ingested with its file adapter: the same keys a file export of those rows gets;
 * - `--per-request` reads every row of a bounded window that way.
 * Each read is a source of its own in the `sources` table: its label, the fetch time as its modification time, and
 * the SHA-256 of what was read as its content hash (reading the same figures again is "already ingested").
 */

export interface EngineIngestOptions {
  catalog: Catalog;
  toolVersion: string;
  perRequest: boolean;
  /** --since/--until as epoch ms (until exclusive). */
  since: number | null;
  until: number | null;
  lateWindowMs: number;
  strict?: boolean;
  /** "now", for tests. */
  now?: number;
}

export interface EngineIngestReport {
  label: string;
  mode: 'buckets' | 'per-request';
  window: Window;
  results: FileIngestResult[];
  buckets: number;
  rowsAggregated: number;
  rowsRead: number;
  leftOut: LeftOut[];
  serverMs: number;
  totalMs: number;
}

export const ROWS_SUFFIX = ' (rows)';
export const PER_REQUEST_SUFFIX = ' (per-request)';

/** The smallest prompt size above which some catalog model prices a request at a long-context tier. */
export function smallestLongContextThreshold(catalog: Catalog): number {
  let min = Number.POSITIVE_INFINITY;
  for (const m of catalog.models) {
    for (const tiers of [m.longContext, m.longContextPriority]) {
      for (const t of tiers === undefined ? [] : Array.isArray(tiers) ? tiers : [tiers]) if (t.threshold < min) min = t.threshold;
    }
  }
  // No tier anywhere: nothing needs to be read one by one (the largest count Postgres and ClickHouse compare exactly).
  return Number.isFinite(min) ? min : 2 ** 52;
}

/** The latest record time stored under these labels, or null. */
function lastStored(store: UsageStore, labels: string[]): number | null {
  const row = store.db
    .prepare(`SELECT MAX(r.ts) AS ts FROM records r WHERE r.source_id IN (SELECT id FROM sources WHERE label IN (${labels.map(() => '?').join(',')}))`)
    .get(...labels) as { ts: number | null };
  return row.ts;
}

/** Whether records stored under `label` fall in the window. */
function heldIn(store: UsageStore, label: string, w: Window): boolean {
  const row = store.db
    .prepare('SELECT 1 FROM records r JOIN sources s ON s.id = r.source_id WHERE s.label = ? AND r.ts >= ? AND r.ts < ? LIMIT 1')
    .get(label, w.from ?? -8.64e15, w.to ?? 8.64e15);
  return row !== undefined;
}

/** A bucket's key: its start and every group value, so the same bucket read again is the same record. */
export function bucketKey(b: Bucket): string {
  const fields = [
    b.ts,
    b.model,
    b.provider,
    b.project,
    b.user,
    b.apiKey,
    b.feature,
    b.tags,
    b.batch,
    b.serviceTier,
    ...(b.single === undefined ? [] : [b.single]),
  ];
  return `bucket:${createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 32)}`;
}

/** A bucket as a line of the generic layout (README "Generic JSONL/CSV layout"). */
function genericLine(b: Bucket): Record<string, unknown> {
  return {
    id: bucketKey(b),
    timestamp: new Date(b.ts).toISOString(),
    model: b.model,
    provider: b.provider,
    // The generic layout names each token count as its stored column.
    ...Object.fromEntries(TOKEN_COLUMNS.map((c) => [c.column, b[c.field]])),
    requests: b.requests,
    batch: b.batch,
    service_tier: b.serviceTier,
    cost_usd: b.reportedCostUsd,
    user: b.user,
    project: b.project,
    feature: b.feature,
    api_key: b.apiKey,
    tags: b.tags,
  };
}

class LineFile {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  lines = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w', 0o600);
  }
  write(o: unknown): void {
    const s = `${JSON.stringify(o)}\n`;
    this.buf.push(s);
    this.size += s.length;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(mtime: number): void {
    this.flush();
    closeSync(this.fd);
    // The fetch time is the source's modification time: the later fetch of a bucket is the one kept.
    utimesSync(this.path, mtime / 1000, mtime / 1000);
  }
}

/** Ingests one database source (README "At scale"). */
export async function ingestEngine(store: UsageStore, reader: EngineReader, opts: EngineIngestOptions): Promise<EngineIngestReport> {
  const started = performance.now();
  const fetchedAt = opts.now ?? Date.now();
  const bucketsLabel = reader.label;
  const rowsLabel = reader.label + ROWS_SUFFIX;
  const perRequestLabel = reader.label + PER_REQUEST_SUFFIX;
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-engine-'));
  try {
    const results: FileIngestResult[] = [];
    const ingestOne = async (file: LineFile, format: string, label: string, display: string, leftOut: LeftOut[]) => {
      file.close(fetchedAt);
      if (file.lines === 0 && leftOut.length === 0) return;
      const res = await ingestFile(store, file.path, {
        catalog: opts.catalog,
        toolVersion: opts.toolVersion,
        format,
        sourceLabel: label,
        ...(opts.strict ? { strict: true } : {}),
      });
      results.push(relabel(store, res, file.path, display, leftOut));
    };

    if (opts.perRequest) {
      if (opts.since === null) {
        throw new UserError('--per-request reads every row, so it needs a bounded window: add --since (e.g. --since 7d), and --until if you like.');
      }
      const w: Window = { from: opts.since, to: opts.until };
      if (heldIn(store, bucketsLabel, w)) {
        throw new UserError(
          `This database already holds ${bucketsLabel} as 15-minute buckets in the window asked for; per-request rows of the same window would count those requests twice. ` +
            'Read per-request rows into another database (--db), or pick a window the buckets do not cover.',
        );
      }
      const file = new LineFile(join(dir, 'rows.jsonl'));
      const read = await reader.readRows(w, 'all', 0, (row) => file.write(row));
      await ingestOne(file, reader.rowFormat, perRequestLabel, perRequestLabel, []);
      return {
        label: bucketsLabel,
        mode: 'per-request',
        window: w,
        results,
        buckets: 0,
        rowsAggregated: 0,
        rowsRead: read.rows,
        leftOut: [],
        serverMs: read.serverMs,
        totalMs: performance.now() - started,
      };
    }

    // Incremental: from the last bucket read, less the late-arrival window, unless --since says otherwise.
    let from = opts.since;
    if (from === null) {
      const last = lastStored(store, [bucketsLabel, rowsLabel]);
      if (last !== null) from = Math.floor(last / BUCKET_MS) * BUCKET_MS - Math.ceil(opts.lateWindowMs / BUCKET_MS) * BUCKET_MS;
    }
    const w: Window = { from, to: opts.until };
    if (heldIn(store, perRequestLabel, w)) {
      throw new UserError(
        `This database already holds per-request rows of ${bucketsLabel} in the window to read; buckets of the same window would count those requests twice. ` +
          'Read buckets into another database (--db), or give --since after the per-request window.',
      );
    }
    const individualAbove = smallestLongContextThreshold(opts.catalog);
    const bucketFile = new LineFile(join(dir, 'buckets.jsonl'));
    let buckets = 0;
    const read = await reader.readBuckets(w, individualAbove, (b) => {
      buckets++;
      bucketFile.write(genericLine(b));
    });
    const rowFile = new LineFile(join(dir, 'rows.jsonl'));
    const rows = await reader.readRows(w, 'individual', individualAbove, (row) => rowFile.write(row));
    await ingestOne(bucketFile, 'generic-jsonl', bucketsLabel, bucketsLabel, read.leftOut);
    await ingestOne(rowFile, reader.rowFormat, rowsLabel, rowsLabel, []);
    return {
      label: bucketsLabel,
      mode: 'buckets',
      window: w,
      results,
      buckets,
      rowsAggregated: read.rowsAggregated,
      rowsRead: rows.rows,
      leftOut: read.leftOut,
      serverMs: read.serverMs + rows.serverMs,
      totalMs: performance.now() - started,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The source was read from a scratch file: it is named by its label instead (in the database and in the result),
 * and the rows the engine left out are listed under it, one line per reason.
 */
function relabel(store: UsageStore, res: FileIngestResult, scratch: string, display: string, leftOut: LeftOut[]): FileIngestResult {
  const fix = <T extends { file: string }>(l: T): T => (l.file === scratch ? { ...l, file: display } : l);
  const out: FileIngestResult = {
    ...res,
    file: display,
    skippedLines: res.skippedLines.map(fix),
    failedLines: res.failedLines.map(fix),
    conflictLines: res.conflictLines.map((c) => ({
      ...c,
      kept: c.kept.file === scratch ? { ...c.kept, file: display } : c.kept,
      dropped: c.dropped.file === scratch ? { ...c.dropped, file: display } : c.dropped,
    })),
  };
  if (res.sourceId === null) return out;
  const db = store.db;
  db.transaction(() => {
    db.prepare('UPDATE sources SET first_path = ? WHERE id = ? AND first_path = ?').run(display, res.sourceId, scratch);
    db.prepare('UPDATE ingests SET path = ? WHERE source_id = ? AND path = ?').run(display, res.sourceId, scratch);
    if (res.alreadyIngested) return;
    for (const l of leftOut) {
      const reason = `${l.rows.toLocaleString('en-US')} ${l.reason}`;
      store.addSkipped(res.sourceId!, 0, reason, l.kind);
      if (l.kind === 'failed') {
        out.failed += l.rows;
        out.failedLines.push({ file: display, line: 0, reason });
      } else {
        out.skipped += l.rows;
        out.skippedLines.push({ file: display, line: 0, reason });
      }
    }
    const skipped = leftOut.filter((l) => l.kind === 'skipped').reduce((n, l) => n + l.rows, 0);
    const failed = leftOut.filter((l) => l.kind === 'failed').reduce((n, l) => n + l.rows, 0);
    if (skipped + failed > 0) db.prepare('UPDATE sources SET skipped = skipped + ?, failed = failed + ? WHERE id = ?').run(skipped, failed, res.sourceId);
  })();
  return out;
}
