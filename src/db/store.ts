import type { Statement } from 'better-sqlite3';
import type { UsageRecord } from '../ingest/record.js';
import { utcDay } from '../util/time.js';
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
}

/** Prepared statements for writing an ingest, prepared once per connection and reused for every row. */
export class UsageStore {
  private readonly insertRecordStmt: Statement;
  private readonly findRecordStmt: Statement;
  private readonly linkStmt: Statement;
  private readonly insertSkippedStmt: Statement;
  private readonly findSourceStmt: Statement;
  private readonly insertSourceStmt: Statement;
  private readonly finishSourceStmt: Statement;
  private readonly insertIngestStmt: Statement;

  constructor(readonly db: DB) {
    this.insertRecordStmt = db.prepare(`INSERT OR IGNORE INTO records (id, source_id, ts, day, provider, model, model_id,
      input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
      requests, batch, service_tier, long_context, reported_cost_usd, cost_usd, project, user, api_key, feature, tags)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.findRecordStmt = db.prepare('SELECT rid, source_id FROM records WHERE id = ?');
    this.linkStmt = db.prepare('INSERT OR IGNORE INTO record_sources (source_id, rid) VALUES (?, ?)');
    this.insertSkippedStmt = db.prepare('INSERT OR REPLACE INTO skipped (source_id, line, reason) VALUES (?, ?, ?)');
    this.findSourceStmt = db.prepare('SELECT id, content_hash, format, first_path, records, skipped, failed FROM sources WHERE content_hash = ?');
    this.insertSourceStmt = db.prepare('INSERT INTO sources (content_hash, size, format, first_path, ingested_at) VALUES (?, ?, ?, ?, ?)');
    this.finishSourceStmt = db.prepare('UPDATE sources SET records = ?, skipped = ?, failed = ? WHERE id = ?');
    this.insertIngestStmt = db.prepare(`INSERT INTO ingests (source_id, path, format, started_at, finished_at, added, duplicates, skipped, failed, tool_version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  findSource(contentHash: string): SourceRow | undefined {
    return this.findSourceStmt.get(contentHash) as SourceRow | undefined;
  }

  createSource(contentHash: string, size: number, format: string, path: string): number {
    return Number(this.insertSourceStmt.run(contentHash, size, format, path, new Date().toISOString()).lastInsertRowid);
  }

  finishSource(id: number, records: number, skipped: number, failed: number): void {
    this.finishSourceStmt.run(records, skipped, failed, id);
  }

  logIngest(sourceId: number, path: string, format: string, startedAt: string, counts: { added: number; duplicates: number; skipped: number; failed: number }, version: string): void {
    this.insertIngestStmt.run(sourceId, path, format, startedAt, new Date().toISOString(), counts.added, counts.duplicates, counts.skipped, counts.failed, version);
  }

  /** Inserts a record unless one with its id exists; true when it was added. */
  insertRecord(sourceId: number, r: UsageRecord, priced: PricedFields): boolean {
    return (
      this.insertRecordStmt.run(
        r.id,
        sourceId,
        r.ts,
        utcDay(r.ts),
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
      ).changes > 0
    );
  }

  findRecord(id: string): { rid: number; source_id: number } | undefined {
    return this.findRecordStmt.get(id) as { rid: number; source_id: number } | undefined;
  }

  /** Notes that `sourceId` holds the already stored record `rid`; false when it was already noted. */
  link(sourceId: number, rid: number): boolean {
    return this.linkStmt.run(sourceId, rid).changes > 0;
  }

  addSkipped(sourceId: number, line: number, reason: string): void {
    this.insertSkippedStmt.run(sourceId, line, reason);
  }
}
