import type { DB } from './open.js';

/** Which records a report covers. */
export interface Scope {
  /** Only records held by these ingested files (null: the whole database). */
  sourceIds: number[] | null;
  /** Inclusive lower and exclusive upper bound as epoch ms. */
  fromMs: number | null;
  toMs: number | null;
  /** When the bounds fall on UTC midnights, the same bounds as days, which lets SQLite use the day index. */
  fromDay: string | null;
  toDayExclusive: string | null;
}

/** Token and cost sums, as every grouped query returns them. */
export interface SumRow {
  records: number;
  requests: number;
  /** Records whose source gives no request count. */
  unknownRequests: number;
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  reasoning: number;
  cost: number;
  /** Requests (or records without a count) whose model the catalog could not price. */
  unpricedRequests: number;
  unpricedRecords: number;
  reportedCost: number | null;
}

/** The sum columns of every grouped query; `t` is the records table's alias prefix ("" or "r."). */
function sums(t = ''): string {
  return `COUNT(*) AS records,
  COALESCE(SUM(${t}requests), 0) AS requests,
  COALESCE(SUM(${t}requests IS NULL), 0) AS unknownRequests,
  COALESCE(SUM(${t}input_tokens), 0) AS input,
  COALESCE(SUM(${t}cache_read_tokens), 0) AS cacheRead,
  COALESCE(SUM(${t}cache_write_5m_tokens), 0) AS cacheWrite5m,
  COALESCE(SUM(${t}cache_write_1h_tokens), 0) AS cacheWrite1h,
  COALESCE(SUM(${t}output_tokens), 0) AS output,
  COALESCE(SUM(${t}reasoning_tokens), 0) AS reasoning,
  COALESCE(SUM(${t}cost_usd), 0) AS cost,
  COALESCE(SUM(CASE WHEN ${t}cost_usd IS NULL THEN COALESCE(${t}requests, 1) ELSE 0 END), 0) AS unpricedRequests,
  COALESCE(SUM(${t}cost_usd IS NULL), 0) AS unpricedRecords,
  SUM(${t}reported_cost_usd) AS reportedCost`;
}

function where(scope: Scope, alias = ''): { sql: string; params: unknown[] } {
  const a = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.fromDay !== null) {
    parts.push(`${a}day >= ?`);
    params.push(scope.fromDay);
  } else if (scope.fromMs !== null) {
    parts.push(`${a}ts >= ?`);
    params.push(scope.fromMs);
  }
  if (scope.toDayExclusive !== null) {
    parts.push(`${a}day < ?`);
    params.push(scope.toDayExclusive);
  } else if (scope.toMs !== null) {
    parts.push(`${a}ts < ?`);
    params.push(scope.toMs);
  }
  if (scope.sourceIds !== null) {
    const marks = scope.sourceIds.map(() => '?').join(',') || 'NULL';
    parts.push(`(${a}source_id IN (${marks}) OR ${a}rid IN (SELECT rid FROM record_sources WHERE source_id IN (${marks})))`);
    params.push(...scope.sourceIds, ...scope.sourceIds);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export interface TimeModelRow extends SumRow {
  /** UTC day (YYYY-MM-DD), or a 15-minute bucket start in epoch ms when a time zone other than UTC is asked for. */
  period: string | number;
  model: string;
  provider: string | null;
  modelId: string | null;
}

/**
 * The audit's main scan: sums per (period, model, provider). Every total, the by-model and the by-day
 * breakdowns are folded from these rows, so the records are read once. Periods are UTC days, or
 * 15-minute buckets (every real time zone offset is a multiple of 15 minutes) that the caller maps to local days.
 */
export function sumsByPeriodAndModel(db: DB, scope: Scope, utc: boolean): TimeModelRow[] {
  const w = where(scope);
  const period = utc ? 'day' : '(ts / 900000) * 900000';
  return db
    .prepare(`SELECT ${period} AS period, model, provider, model_id AS modelId, ${sums()} FROM records ${w.sql} GROUP BY 1, model, provider, model_id`)
    .all(...w.params) as TimeModelRow[];
}

export type AttributeColumn = 'project' | 'user' | 'feature' | 'api_key' | 'provider' | 'model';

export interface AttributeRow extends SumRow {
  key: string | null;
}

export function sumsByAttribute(db: DB, scope: Scope, column: AttributeColumn): AttributeRow[] {
  const w = where(scope);
  return db.prepare(`SELECT ${column} AS key, ${sums()} FROM records ${w.sql} GROUP BY ${column}`).all(...w.params) as AttributeRow[];
}

export function sumsByTag(db: DB, scope: Scope): AttributeRow[] {
  const w = where(scope, 'r');
  return db
    .prepare(`SELECT t.value AS key, ${sums('r.')}
      FROM records r LEFT JOIN json_each(r.tags) t ${w.sql} GROUP BY t.value`)
    .all(...w.params) as AttributeRow[];
}

export interface TopRow {
  id: string;
  ts: number;
  model: string;
  provider: string | null;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  requests: number | null;
  cost: number;
  project: string | null;
  user: string | null;
  feature: string | null;
}

export function costliest(db: DB, scope: Scope, limit: number): TopRow[] {
  const w = where(scope);
  const cond = w.sql ? `${w.sql} AND cost_usd IS NOT NULL` : 'WHERE cost_usd IS NOT NULL';
  return db
    .prepare(`SELECT id, ts, model, provider, input_tokens AS input, cache_read_tokens AS cacheRead,
      cache_write_5m_tokens + cache_write_1h_tokens AS cacheWrite, output_tokens AS output, reasoning_tokens AS reasoning,
      requests, cost_usd AS cost, project, user, feature
      FROM records ${cond} ORDER BY cost_usd DESC, ts, id LIMIT ?`)
    .all(...w.params, limit) as TopRow[];
}

export interface SkippedRow {
  file: string;
  line: number;
  reason: string;
}

export function skippedLines(db: DB, sourceIds: number[] | null, limit: number): { rows: SkippedRow[]; total: number } {
  const marks = sourceIds?.map(() => '?').join(',') || 'NULL';
  const cond = sourceIds === null ? '' : `WHERE s.source_id IN (${marks})`;
  const params = sourceIds ?? [];
  const rows = db
    .prepare(`SELECT src.first_path AS file, s.line, s.reason FROM skipped s JOIN sources src ON src.id = s.source_id ${cond} ORDER BY src.id, s.line LIMIT ?`)
    .all(...params, limit) as SkippedRow[];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM skipped s ${cond}`).get(...params) as { n: number }).n;
  return { rows, total };
}
