import type { ModelPrice } from '../catalog/types.js';
import type { ApproximateRow, ReconcileRow, TimeModelRow, TopRow } from '../db/queries.js';
import type { FileIngestResult } from '../ingest/ingest.js';
import type { SkippedLine } from '../usage/skip.js';
import { analyze } from './analyze.js';
import type { AuditDocument } from './document.js';
import type { GroupKey } from '../usage/group-keys.js';
import { buildReconciliation } from './reconcile.js';
import { buildAuditReport } from './report.js';
import type { ScanRow } from '../usage/scan-row.js';
import { findTemplates, type PrefixBlocks, type TemplateRow } from './templates.js';

/** A listing of lines, at most 1,000 of them, and how many there are in all. */
export interface Listing<T> {
  rows: T[];
  total: number;
}

/** What `llmcost audit` reports on: the stored rows in scope, as the command read them, and this run's ingest. */
export interface AuditInput {
  /** The files this run ingested and reports on; null for the whole database. */
  ingested: FileIngestResult[] | null;
  since: string | null;
  until: string | null;
  tz: string;
  groupBy: GroupKey[];
  catalog: AuditDocument['catalog'];
  priceOf: (modelId: string) => ModelPrice | undefined;
  batchFeatures: string[];
  periods: TimeModelRow[];
  approximate: ApproximateRow[];
  top: TopRow[];
  /** Every record in scope, streamed once through the analysis (millions of rows: never held as a list). */
  records: () => Iterable<ScanRow>;
  /** Stored prompt fingerprints, for the exact-duplicate analysis. */
  fingerprints: Iterable<{ rid: number; promptHash: string }>;
  /** The text ids of records by row id: the outliers', once they are known. */
  recordIds: (rids: number[]) => Map<number, string>;
  skipped: Listing<SkippedLine>;
  failed: Listing<SkippedLine>;
  conflicts: Listing<AuditDocument['conflicts'][number]>;
  templates: TemplateRow[];
  /** The prefix block tree, read only when some record in scope has a fingerprint. */
  prefixBlocks: () => PrefixBlocks;
  reconcile: ReconcileRow[];
}

/** The skipped (or failed) lines of this run's ingest, as the report lists them. */
export function ingestedLines(results: FileIngestResult[], kind: 'skipped' | 'failed'): Listing<SkippedLine> {
  return kind === 'skipped'
    ? { rows: results.flatMap((r) => r.skippedLines), total: results.reduce((n, r) => n + r.skipped, 0) }
    : { rows: results.flatMap((r) => r.failedLines), total: results.reduce((n, r) => n + r.failed, 0) };
}

function withIds<T extends { rid: number; id: string }>(rows: T[], ids: Map<number, string>): T[] {
  return rows.map((r) => ({ ...r, id: ids.get(r.rid) ?? '' }));
}

/** Stored prompt fingerprints by rid, for the exact-duplicate analysis (nothing when none is stored). */
function promptHashes(rows: Iterable<{ rid: number; promptHash: string }>): { promptHashOf?: (rid: number) => string | undefined } {
  const byRid = new Map<number, string>();
  for (const f of rows) byRid.set(f.rid, f.promptHash);
  return byRid.size > 0 ? { promptHashOf: (rid) => byRid.get(rid) } : {};
}

/** The audit document (README "JSON output") from the rows in scope. */
export function assembleAudit(input: AuditInput): AuditDocument {
  const { tz, groupBy, ingested } = input;
  const report = buildAuditReport({ rows: input.periods, tz, top: input.top, approximate: input.approximate });
  const analysis = analyze(
    input.records(),
    {
      tz,
      groupBy,
      priceOf: input.priceOf,
      opportunities: { batchFeatures: input.batchFeatures, ...promptHashes(input.fingerprints) },
    },
    report.totals.costUsd,
  );
  const templates = input.templates.length > 0 ? findTemplates(input.templates, input.prefixBlocks()) : null;
  return {
    scope: { files: ingested ? ingested.map((r) => r.file) : null, since: input.since, until: input.until, tz },
    catalog: input.catalog,
    ingest: (ingested ?? []).map((r) => ({
      file: r.file,
      format: r.format,
      added: r.added,
      duplicates: r.duplicates,
      conflicts: r.conflicts,
      replaced: r.replaced,
      skipped: r.skipped,
      failed: r.failed,
      alreadyIngested: r.alreadyIngested,
    })),
    ...report,
    groupBy: { key: groupBy.join(','), ...analysis.groupBy },
    cache: analysis.cache,
    anomalies: { ...analysis.anomalies, outliers: withIds(analysis.anomalies.outliers, input.recordIds(analysis.anomalies.outliers.map((o) => o.rid))) },
    opportunities: analysis.opportunities,
    daily: analysis.daily,
    skipped: input.skipped.rows.slice(0, 1000),
    skippedTotal: input.skipped.total,
    failed: input.failed.rows.slice(0, 1000),
    failedTotal: input.failed.total,
    templates,
    conflicts: input.conflicts.rows,
    conflictsTotal: input.conflicts.total,
    reconciliation: input.reconcile.length > 0 ? buildReconciliation(input.reconcile) : null,
  };
}
