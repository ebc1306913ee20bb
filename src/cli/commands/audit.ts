import type { AuditDocument } from '../../audit/document.js';
import { GROUP_KEYS, type GroupKey } from '../../usage/group-keys.js';
import type { Scope } from '../../db/queries.js';
import { UserError } from '../../util/errors.js';
import { nowMs, resolveSpan } from '../../util/span.js';
import { addDays, assertTimeZone, startOfLocalDay } from '../../util/time.js';
import type { Context } from '../context.js';
import { ingestCommand } from './ingest.js';

export interface AuditCommandOptions {
  since?: string;
  until?: string;
  tz?: string;
  groupBy?: string;
  inputFormat?: string;
  strict?: boolean;
  source?: string;
  storePrompts?: boolean;
  fingerprints?: boolean;
  top?: number;
}

const GROUP_ALIASES: Record<string, GroupKey> = { 'api-key': 'api_key', apikey: 'api_key', key: 'api_key', tags: 'tag', models: 'model', hours: 'hour', days: 'day' };

/** Reads --group-by: one key, or two separated by a comma (`feature,model`). */
export function parseGroupBy(value: string | undefined): GroupKey[] {
  if (value === undefined) return ['model'];
  const keys = value.split(',').map((part) => {
    const v = part.trim().toLowerCase();
    const key = (GROUP_ALIASES[v] ?? v) as GroupKey;
    if (!GROUP_KEYS.includes(key)) throw new UserError(`--group-by "${value}": "${part.trim()}" is not a breakdown: use one or two of ${GROUP_KEYS.join(', ')}, e.g. --group-by feature,model.`);
    return key;
  });
  if (keys.length > 2) throw new UserError(`--group-by "${value}" has ${keys.length} levels: give one or two, e.g. --group-by feature,model.`);
  if (keys.length === 2 && keys[0] === keys[1]) throw new UserError(`--group-by "${value}" names ${keys[0]} twice: give two different keys.`);
  return keys;
}

/** Turns --since/--until (dates or spans such as 7d and this-month, inclusive, in `tz`) into the scope's bounds. */
export function timeScope(since: string | undefined, until: string | undefined, tz: string, now = nowMs()): Pick<Scope, 'fromMs' | 'toMs'> {
  const s = since === undefined ? undefined : resolveSpan(since, '--since', tz, now).first;
  const u = until === undefined ? undefined : resolveSpan(until, '--until', tz, now).last;
  if (s && u && s > u) throw new UserError(`--since ${s} is after --until ${u}: swap them.`);
  return {
    fromMs: s ? startOfLocalDay(s, tz) : null,
    toMs: u ? startOfLocalDay(addDays(u, 1), tz) : null,
  };
}

function withIds<T extends { rid: number; id: string }>(rows: T[], ids: Map<number, string>): T[] {
  return rows.map((r) => ({ ...r, id: ids.get(r.rid) ?? '' }));
}

/**
 * Ingests the given files (idempotently) and reports on exactly their records; with no files, reports on
 * the whole database.
 */
export async function auditCommand(ctx: Context, files: string[], opts: AuditCommandOptions): Promise<AuditDocument> {
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const groupBy = parseGroupBy(opts.groupBy);
  const bounds = timeScope(opts.since, opts.until, tz);
  const ingested = files.length > 0 ? await ingestCommand(ctx, files, { ...(opts.inputFormat ? { format: opts.inputFormat } : {}), ...(opts.strict ? { strict: true } : {}), ...(opts.source !== undefined ? { source: opts.source } : {}), ...(opts.storePrompts ? { storePrompts: true } : {}), ...(opts.fingerprints === false ? { fingerprints: false } : {}) }) : [];
  // The report itself lists skipped lines and conflicts (stdout, every format): they are not repeated on stderr.

  const q = await import('../../db/queries.js');
  const { buildAuditReport } = await import('../../audit/report.js');
  const db = ctx.db();
    const sourceIds = files.length > 0 ? [...new Set(ingested.map((r) => r.sourceId).filter((id): id is number => id !== null))] : null;
    const scope: Scope = { sourceIds, ...bounds };
    const rows = q.sumsByPeriodAndModel(db, scope, tz === 'UTC');
    const top = q.costliest(db, scope, opts.top ?? 10);
    const report = buildAuditReport({ rows, tz, top, approximate: q.approximateByPeriodAndModel(db, scope, tz === 'UTC') });
    const { analyze } = await import('../../audit/analyze.js');
    const { resolveModel } = await import('../../catalog/catalog.js');
    const catalogForAnalysis = ctx.catalog();
    const analysis = analyze(
      q.scanRecords(db, scope, { provider: groupBy.includes('provider'), serviceTier: true }),
      {
        tz,
        groupBy,
        priceOf: (id) => resolveModel(catalogForAnalysis, id),
        opportunities: { batchFeatures: ctx.loaded.config.audit?.batchFeatures ?? [], ...promptHashes(q.fingerprintRows(db)) },
      },
      report.totals.costUsd,
    );
    const skipped = files.length > 0 ? { rows: ingested.flatMap((r) => r.skippedLines), total: ingested.reduce((n, r) => n + r.skipped, 0) } : q.skippedLines(db, null, 1000);
    const failed = files.length > 0 ? { rows: ingested.flatMap((r) => r.failedLines), total: ingested.reduce((n, r) => n + r.failed, 0) } : q.skippedLines(db, null, 1000, 'failed');
    const conflicts = q.conflictLines(db, sourceIds, 1000);
    const { findTemplates } = await import('../../audit/templates.js');
    const fingerprinted = q.templateRows(db, scope);
    const templates = fingerprinted.length > 0 ? findTemplates(fingerprinted, q.prefixBlockTree(db)) : null;
    const { buildReconciliation } = await import('../../audit/reconcile.js');
    const reconcileRows = q.reconcileRows(db, scope);
    const catalog = ctx.catalog();
    return {
      scope: { files: files.length > 0 ? ingested.map((r) => r.file) : null, since: opts.since ?? null, until: opts.until ?? null, tz },
      catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
      ingest: ingested.map((r) => ({ file: r.file, format: r.format, added: r.added, duplicates: r.duplicates, conflicts: r.conflicts, replaced: r.replaced, skipped: r.skipped, failed: r.failed, alreadyIngested: r.alreadyIngested })),
      ...report,
      groupBy: { key: groupBy.join(','), ...analysis.groupBy },
      cache: analysis.cache,
      anomalies: { ...analysis.anomalies, outliers: withIds(analysis.anomalies.outliers, q.recordIds(db, analysis.anomalies.outliers.map((o) => o.rid))) },
      opportunities: analysis.opportunities,
      daily: analysis.daily,
      skipped: skipped.rows.slice(0, 1000),
      skippedTotal: skipped.total,
      failed: failed.rows.slice(0, 1000),
      failedTotal: failed.total,
      templates,
      conflicts: conflicts.rows,
      conflictsTotal: conflicts.total,
      reconciliation: reconcileRows.length > 0 ? buildReconciliation(reconcileRows) : null,
  };
}

/** Stored prompt fingerprints by rid, for the exact-duplicate analysis (nothing when none is stored). */
function promptHashes(rows: Iterable<{ rid: number; promptHash: string }>): { promptHashOf?: (rid: number) => string | undefined } {
  const byRid = new Map<number, string>();
  for (const f of rows) byRid.set(f.rid, f.promptHash);
  return byRid.size > 0 ? { promptHashOf: (rid) => byRid.get(rid) } : {};
}
