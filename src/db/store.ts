import type { Statement } from 'better-sqlite3';
import type { UsageRecord } from '../ingest/record.js';
import type { RollupEntry } from '../ingest/rollup.js';
import type { DB } from './open.js';

export interface SourceRow {
  id: number;
  content_hash: string;
  format: string;
  first_path: string;
  records: number;
  skipped: number;
  failed: number;
}

export interface PricedFields {
  modelId: string | null;
  costUsd: number | null;
  /** Priced at the nearest published rates: the catalog lacks this record's combination. */
  approximate: boolean;
}

const KEY_SPACE = 2 ** 53;

/**
 * A 53-bit hash of a record id (two 32-bit multiplicative hashes side by side). It only has to spread ids
 * well: equal keys of different ids are told apart by the stored id (see `addRecord`).
 */
export function recordKey(id: string): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** 'skipped': unusable input; 'failed': a request the source logged as failed (no usage to count). */
export type SkipKind = 'skipped' | 'failed';

export type AddResult = { added: true } | { added: false; rid: number; sourceId: number };

/** Prepared statements for writing an ingest, prepared once per connection and reused for every row. */
export class UsageStore {
  private readonly insertRecordStmt: Statement;
  private readonly findByKeyStmt: Statement;
  private readonly linkStmt: Statement;
  private readonly insertSkippedStmt: Statement;
  private readonly findSourceStmt: Statement;
  private readonly insertSourceStmt: Statement;
  private readonly finishSourceStmt: Statement;
  private readonly insertIngestStmt: Statement;
  private readonly upsertRollupStmt: Statement;
  private readonly quickHashKnownStmt: Statement;
  private readonly setContentHashStmt: Statement;

  constructor(readonly db: DB) {
    this.insertRecordStmt = db.prepare(`INSERT OR IGNORE INTO records (key, id, source_id, ts, provider, model, model_id,
      input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
      requests, batch, service_tier, long_context, reported_cost_usd, cost_usd, project, user, api_key, feature, tags,
      speed, cost_approximate)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.findByKeyStmt = db.prepare('SELECT rid, id, source_id AS sourceId FROM records WHERE key = ?');
    this.linkStmt = db.prepare('INSERT OR IGNORE INTO record_sources (source_id, rid) VALUES (?, ?)');
    this.insertSkippedStmt = db.prepare('INSERT INTO skipped (source_id, line, kind, reason) VALUES (?, ?, ?, ?)');
    this.findSourceStmt = db.prepare('SELECT id, content_hash, format, first_path, records, skipped, failed FROM sources WHERE content_hash = ?');
    this.insertSourceStmt = db.prepare('INSERT INTO sources (content_hash, quick_hash, size, format, first_path, ingested_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.quickHashKnownStmt = db.prepare('SELECT 1 FROM sources WHERE quick_hash = ? LIMIT 1');
    this.setContentHashStmt = db.prepare('UPDATE sources SET content_hash = ? WHERE id = ?');
    this.finishSourceStmt = db.prepare('UPDATE sources SET records = ?, skipped = ?, failed = ? WHERE id = ?');
    this.insertIngestStmt = db.prepare(`INSERT INTO ingests (source_id, path, format, started_at, finished_at, added, duplicates, skipped, failed, tool_version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertRollupStmt = db.prepare(`INSERT INTO rollups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source_id, bucket, model, provider, model_id) DO UPDATE SET
        records = records + excluded.records, requests = requests + excluded.requests,
        unknown_requests = unknown_requests + excluded.unknown_requests, input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_usd = cost_usd + excluded.cost_usd, unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        unpriced_records = unpriced_records + excluded.unpriced_records,
        reported_cost_usd = CASE WHEN excluded.reported_cost_usd IS NULL THEN reported_cost_usd
          ELSE COALESCE(reported_cost_usd, 0) + excluded.reported_cost_usd END`);
  }

  findSource(contentHash: string): SourceRow | undefined {
    return this.findSourceStmt.get(contentHash) as SourceRow | undefined;
  }

  /** `contentHash` may be a placeholder until the file has been read (see `setContentHash`). */
  createSource(contentHash: string, quickHash: string, size: number, format: string, path: string): number {
    return Number(this.insertSourceStmt.run(contentHash, quickHash, size, format, path, new Date().toISOString()).lastInsertRowid);
  }

  setContentHash(sourceId: number, contentHash: string): void {
    this.setContentHashStmt.run(contentHash, sourceId);
  }

  /** Whether some stored source has this quick hash (and so may hold the same content). */
  quickHashKnown(quickHash: string): boolean {
    return this.quickHashKnownStmt.get(quickHash) !== undefined;
  }

  finishSource(id: number, records: number, skipped: number, failed: number): void {
    this.finishSourceStmt.run(records, skipped, failed, id);
  }

  logIngest(sourceId: number, path: string, format: string, startedAt: string, counts: { added: number; duplicates: number; skipped: number; failed: number }, version: string): void {
    this.insertIngestStmt.run(sourceId, path, format, startedAt, new Date().toISOString(), counts.added, counts.duplicates, counts.skipped, counts.failed, version);
  }

  /**
   * Inserts a record unless one with the same id is stored. Keys are probed in order (key, key+1, ...)
   * until the slot holding this id, or a free one, is found, so a hash collision never loses a record.
   */
  addRecord(sourceId: number, r: UsageRecord, priced: PricedFields): AddResult {
    for (let key = recordKey(r.id); ; key = (key + 1) % KEY_SPACE) {
      const changes = this.insertRecordStmt.run(
        key,
        r.id,
        sourceId,
        r.ts,
        r.provider,
        r.model,
        priced.modelId,
        r.inputTokens,
        r.cacheReadTokens,
        r.cacheWrite5mTokens,
        r.cacheWrite1hTokens,
        r.outputTokens,
        r.reasoningTokens,
        r.requests,
        r.batch ? 1 : 0,
        r.serviceTier,
        r.longContext === null ? null : r.longContext ? 1 : 0,
        r.reportedCostUsd,
        priced.costUsd,
        r.project,
        r.user,
        r.apiKey,
        r.feature,
        r.tags.length > 0 ? JSON.stringify(r.tags) : null,
        r.speed,
        priced.approximate ? 1 : 0,
      ).changes;
      if (changes > 0) return { added: true };
      const held = this.findByKeyStmt.get(key) as { rid: number; id: string; sourceId: number };
      if (held.id === r.id) return { added: false, rid: held.rid, sourceId: held.sourceId };
    }
  }

  /** Notes that `sourceId` holds the already stored record `rid`; false when it was already noted. */
  link(sourceId: number, rid: number): boolean {
    return this.linkStmt.run(sourceId, rid).changes > 0;
  }

  addSkipped(sourceId: number, line: number, reason: string, kind: SkipKind = 'skipped'): void {
    this.insertSkippedStmt.run(sourceId, line, kind, reason);
  }

  /** Rollup rows whose records all turned out to be duplicates. */
  dropEmptyRollups(sourceId: number): void {
    this.db.prepare('DELETE FROM rollups WHERE source_id = ? AND records = 0').run(sourceId);
  }

  addRollups(sourceId: number, entries: RollupEntry[]): void {
    for (const e of entries) {
      this.upsertRollupStmt.run(sourceId, e.bucket, e.model, e.provider, e.modelId, e.records, e.requests, e.unknownRequests, e.input, e.cacheRead, e.cacheWrite5m, e.cacheWrite1h, e.output, e.reasoning, e.cost, e.unpricedRequests, e.unpricedRecords, e.reportedCost);
    }
  }
}
