import { TOKEN_COLUMNS } from '../usage/columns.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { UsageSums } from '../usage/rollup.js';
import type { ScanRow } from '../usage/scan-row.js';
import type { SkipKind, SkippedLine } from '../usage/skip.js';
import { tokenSumSql, type TokenCounts } from '../usage/tokens.js';
import type { DB } from './open.js';
import { SUMS_OVER_ROLLUPS, sumsOverRecords } from './sums.js';

/** Which records a report covers. */
export interface Scope {
  /** Only records held by these ingested files (null: the whole database). */
  sourceIds: number[] | null;
  /** Inclusive lower and exclusive upper bound as epoch ms; always whole 15-minute buckets (local day starts). */
  fromMs: number | null;
  toMs: number | null;
}

function marks(ids: number[]): string {
  return ids.map(() => '?').join(',') || 'NULL';
}

/** WHERE clause over the records table (alias `r`). */
function recordsWhere(scope: Scope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.fromMs !== null) {
    parts.push('r.ts >= ?');
    params.push(scope.fromMs);
  }
  if (scope.toMs !== null) {
    parts.push('r.ts < ?');
    params.push(scope.toMs);
  }
  if (scope.sourceIds !== null) {
    const m = marks(scope.sourceIds);
    parts.push(`(r.source_id IN (${m}) OR r.rid IN (SELECT rid FROM record_sources WHERE source_id IN (${m})))`);
    params.push(...scope.sourceIds, ...scope.sourceIds);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export interface TimeModelRow extends UsageSums {
  /** UTC day (YYYY-MM-DD), or a 15-minute bucket start in epoch ms when a time zone other than UTC is asked for. */
  period: string | number;
  model: string;
  provider: string | null;
  modelId: string | null;
}

/**
 * The audit's main query: sums per (period, model, provider). Every total, the by-model and the by-day
 * breakdowns are folded from these rows. They come from the rollups (a few rows per 15 minutes and model,
 * however many records), plus, for a report on files, the records those files share with files outside it.
 * Periods are UTC days, or 15-minute bucket starts in epoch ms that the caller maps to days in its time zone.
 */
export function sumsByPeriodAndModel(db: DB, scope: Scope, utc: boolean): TimeModelRow[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.fromMs !== null) {
    parts.push('bucket >= ?');
    params.push(Math.floor(scope.fromMs / BUCKET_MS));
  }
  if (scope.toMs !== null) {
    parts.push('bucket < ?');
    params.push(Math.ceil(scope.toMs / BUCKET_MS));
  }
  if (scope.sourceIds !== null) {
    parts.push(`source_id IN (${marks(scope.sourceIds)})`);
    params.push(...scope.sourceIds);
  }
  const period = utc ? `date(bucket * ${BUCKET_MS / 1000}, 'unixepoch')` : `bucket * ${BUCKET_MS}`;
  const rows = db
    .prepare(
      `SELECT ${period} AS period, model, NULLIF(provider, '') AS provider, NULLIF(model_id, '') AS modelId,
        ${SUMS_OVER_ROLLUPS}
      FROM rollups ${parts.length ? `WHERE ${parts.join(' AND ')}` : ''} GROUP BY 1, model, provider, model_id`,
    )
    .all(...params) as TimeModelRow[];
  if (scope.sourceIds === null) return rows;
  // Records these files hold but another file added first: their sums live in that other file's rollups.
  const m = marks(scope.sourceIds);
  const w = recordsWhere({ ...scope, sourceIds: null });
  const shared = db
    .prepare(
      `SELECT ${utc ? "date(r.ts / 1000, 'unixepoch')" : `(r.ts / ${BUCKET_MS}) * ${BUCKET_MS}`} AS period, r.model, r.provider, r.model_id AS modelId, ${sumsOverRecords('r.')}
      FROM records r ${w.sql ? `${w.sql} AND` : 'WHERE'} r.rid IN (SELECT rid FROM record_sources WHERE source_id IN (${m})) AND r.source_id NOT IN (${m})
      GROUP BY 1, r.model, r.provider, r.model_id`,
    )
    .all(...w.params, ...scope.sourceIds, ...scope.sourceIds) as TimeModelRow[];
  return rows.concat(shared);
}

export interface ApproximateRow {
  /** As in TimeModelRow: a UTC day, or a 15-minute bucket start in epoch ms. */
  period: string | number;
  model: string;
  provider: string | null;
  records: number;
  cost: number;
}

/**
 * Records priced at the nearest published rates (the catalog lacked the exact ones), per period and model.
 * They are few, and a partial index holds exactly them, so this reads no other record.
 */
export function approximateByPeriodAndModel(db: DB, scope: Scope, utc: boolean): ApproximateRow[] {
  const w = recordsWhere(scope);
  return db
    .prepare(
      `SELECT ${utc ? "date(r.ts / 1000, 'unixepoch')" : `(r.ts / ${BUCKET_MS}) * ${BUCKET_MS}`} AS period, r.model, r.provider,
        COUNT(*) AS records, COALESCE(SUM(r.cost_usd), 0) AS cost
      FROM records r ${w.sql ? `${w.sql} AND` : 'WHERE'} r.cost_approximate = 1 GROUP BY 1, r.model, r.provider`,
    )
    .all(...w.params) as ApproximateRow[];
}

export type AttributeColumn = 'project' | 'user' | 'feature' | 'api_key' | 'provider' | 'model';

export interface AttributeRow extends UsageSums {
  key: string | null;
}

export function sumsByAttribute(db: DB, scope: Scope, column: AttributeColumn): AttributeRow[] {
  const w = recordsWhere(scope);
  return db.prepare(`SELECT r.${column} AS key, ${sumsOverRecords('r.')} FROM records r ${w.sql} GROUP BY r.${column}`).all(...w.params) as AttributeRow[];
}

export function sumsByTag(db: DB, scope: Scope): AttributeRow[] {
  const w = recordsWhere(scope);
  return db
    .prepare(`SELECT t.value AS key, ${sumsOverRecords('r.')}
      FROM records r LEFT JOIN json_each(r.tags) t ${w.sql} GROUP BY t.value`)
    .all(...w.params) as AttributeRow[];
}

export interface TopRow {
  id: string;
  /** 1 when priced at the nearest published rates. */
  approximate: number;
  ts: number;
  model: string;
  provider: string | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  requests: number | null;
  cost: number;
  project: string | null;
  user: string | null;
  feature: string | null;
}

/** A record's cache writes of either lifetime (alias `r`). */
const CACHE_WRITES = 'r.cache_write_5m_tokens + r.cache_write_1h_tokens';

export function costliest(db: DB, scope: Scope, limit: number): TopRow[] {
  const w = recordsWhere(scope);
  const cond = w.sql ? `${w.sql} AND r.cost_usd IS NOT NULL` : 'WHERE r.cost_usd IS NOT NULL';
  return db
    .prepare(`SELECT r.id, r.ts, r.model, r.provider, r.input_tokens AS inputTokens, r.cache_read_tokens AS cacheReadTokens,
      ${CACHE_WRITES} AS cacheWriteTokens, r.output_tokens AS outputTokens, r.reasoning_tokens AS reasoningTokens,
      r.requests, r.cost_usd AS cost, r.project, r.user, r.feature, r.cost_approximate AS approximate
      FROM records r ${cond} ORDER BY r.cost_usd DESC, r.ts, r.id LIMIT ?`)
    .all(...w.params, limit) as TopRow[];
}

export function skippedLines(db: DB, sourceIds: number[] | null, limit: number, kind: SkipKind = 'skipped'): { rows: SkippedLine[]; total: number } {
  const marks = sourceIds?.map(() => '?').join(',') || 'NULL';
  const cond = `WHERE s.kind = ?${sourceIds === null ? '' : ` AND s.source_id IN (${marks})`}`;
  const params = [kind, ...(sourceIds ?? [])];
  const rows = db
    .prepare(`SELECT src.first_path AS file, s.line, s.reason FROM skipped s JOIN sources src ON src.id = s.source_id ${cond} ORDER BY src.id, s.line LIMIT ?`)
    .all(...params, limit) as SkippedLine[];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM skipped s ${cond}`).get(...params) as { n: number }).n;
  return { rows, total };
}

export interface ConflictRowOut {
  id: string;
  settlement: 'latest' | 'complete';
  kept: { file: string; line: number | null };
  dropped: { file: string; line: number | null };
  detail: string;
}

/** Conflicts (one key, two copies with different figures) met by, or involving, these sources; null: all. */
export function conflictLines(db: DB, sourceIds: number[] | null, limit: number): { rows: ConflictRowOut[]; total: number } {
  const m = sourceIds?.map(() => '?').join(',') || 'NULL';
  const cond = sourceIds === null ? '' : `WHERE c.found_by IN (${m}) OR c.kept_source IN (${m}) OR c.dropped_source IN (${m})`;
  const params = sourceIds === null ? [] : [...sourceIds, ...sourceIds, ...sourceIds];
  const rows = db
    .prepare(
      `SELECT c.record_id AS id, c.settlement, k.first_path AS keptFile, c.kept_line AS keptLine, d.first_path AS droppedFile,
        c.dropped_line AS droppedLine, c.detail FROM conflicts c JOIN sources k ON k.id = c.kept_source JOIN sources d ON d.id = c.dropped_source
      ${cond} ORDER BY c.id LIMIT ?`,
    )
    .all(...params, limit) as {
    id: string;
    settlement: 'latest' | 'complete';
    keptFile: string;
    keptLine: number | null;
    droppedFile: string;
    droppedLine: number | null;
    detail: string;
  }[];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM conflicts c ${cond}`).get(...params) as { n: number }).n;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      settlement: r.settlement,
      kept: { file: r.keptFile, line: r.keptLine },
      dropped: { file: r.droppedFile, line: r.droppedLine },
      detail: r.detail,
    })),
    total,
  };
}

export interface ReconcileRow {
  source: string;
  model: string;
  modelId: string | null;
  records: number;
  /** Every reported cost of the group. */
  reported: number;
  /** Records with tokens that the catalog priced: our cost, and what the source reported for the same records. */
  comparable: number;
  computed: number;
  comparableReported: number;
  /** Records with tokens the catalog could not price, and billing lines that carry a cost but no tokens. */
  unpriced: number;
  costOnly: number;
}

/** Reported against computed cost, per source format and model, over the records whose source states a cost. */
export function reconcileRows(db: DB, scope: Scope): ReconcileRow[] {
  const w = recordsWhere(scope);
  const tokens = tokenSumSql('billed', 'r.');
  const priced = `(${tokens}) > 0 AND r.cost_usd IS NOT NULL`;
  return db
    .prepare(`SELECT s.format AS source, r.model, r.model_id AS modelId, COUNT(*) AS records,
        SUM(r.reported_cost_usd) AS reported,
        SUM(${priced}) AS comparable,
        COALESCE(SUM(CASE WHEN ${priced} THEN r.cost_usd END), 0) AS computed,
        COALESCE(SUM(CASE WHEN ${priced} THEN r.reported_cost_usd END), 0) AS comparableReported,
        SUM((${tokens}) > 0 AND r.cost_usd IS NULL) AS unpriced,
        SUM((${tokens}) = 0) AS costOnly
      FROM records r JOIN sources s ON s.id = r.source_id
      ${w.sql ? `${w.sql} AND` : 'WHERE'} r.reported_cost_usd IS NOT NULL
      GROUP BY s.format, r.model, r.model_id`)
    .all(...w.params) as ReconcileRow[];
}

/**
 * Formats whose records are buckets of a report period (usage and cost exports, billing lines), whatever
 * their request count: their time is the bucket's start, not when any request was sent.
 */
export const BUCKET_FORMATS = ['openai-usage', 'openai-costs', 'openai-usage-csv', 'anthropic-usage', 'anthropic-cost', 'azure-cost'] as const;

/** Whether a record (alias `r`) is a pre-aggregated bucket: from a bucket format, or not exactly one request. */
const IS_BUCKET = `(r.requests IS NULL OR r.requests <> 1 OR r.source_id IN (SELECT id FROM sources WHERE format IN (${BUCKET_FORMATS.map((f) => `'${f}'`).join(', ')})))`;

/** The token slots of a ScanRow, in the column list's order. */
const SCAN_TOKENS = TOKEN_COLUMNS.map((c) => `r.${c.column}`).join(', ');

/**
 * Every record in scope, as positional rows in storage order, for the one-pass analysis. Text columns cost
 * most to read, so the provider and service tier are read only when asked for (null otherwise).
 */
export function scanRecords(db: DB, scope: Scope, opts: { provider?: boolean; serviceTier?: boolean; speed?: boolean } = {}): IterableIterator<ScanRow> {
  const w = recordsWhere(scope);
  return db
    .prepare(`SELECT r.ts, r.model, ${opts.provider ? 'r.provider' : 'NULL'}, r.model_id, r.feature, r.project, r.user, r.api_key, r.tags, r.requests,
        ${SCAN_TOKENS}, r.cost_usd, r.batch, ${opts.serviceTier ? 'r.service_tier' : 'NULL'}, r.rid, r.cost_approximate,
        ${opts.speed ? 'r.speed' : 'NULL'}, ${IS_BUCKET}
      FROM records r ${w.sql}`)
    .raw(true)
    .iterate(...w.params) as IterableIterator<ScanRow>;
}

/** The text ids of records named by row id. */
export function recordIds(db: DB, rids: number[]): Map<number, string> {
  if (rids.length === 0) return new Map();
  const rows = db.prepare(`SELECT rid, id FROM records WHERE rid IN (${marks(rids)})`).all(...rids) as { rid: number; id: string }[];
  return new Map(rows.map((r) => [r.rid, r.id]));
}

export interface FingerprintRow {
  rid: number;
  promptHash: string;
  prefixBlock: number | null;
  signature: Uint8Array | null;
  /** The salted hash of the request's normalized answer; null where the source carried no response. */
  responseHash: string | null;
}

/** Every stored prompt fingerprint, in rid order (callers keep those of the records they scanned). */
export function* fingerprintRows(db: DB): Generator<FingerprintRow> {
  yield* db
    .prepare('SELECT rid, prompt_hash AS promptHash, prefix_block AS prefixBlock, signature, response_hash AS responseHash FROM fingerprints ORDER BY rid')
    .iterate() as Iterable<FingerprintRow>;
}

/** The prompt hashes of the fingerprinted records in scope (the audit's exact duplicates need nothing more). */
export function promptHashes(db: DB, scope: Scope): Iterable<{ rid: number; promptHash: string }> {
  const w = recordsWhere(scope);
  return db.prepare(`SELECT f.rid, f.prompt_hash AS promptHash FROM fingerprints f JOIN records r ON r.rid = f.rid ${w.sql}`).iterate(...w.params) as Iterable<{
    rid: number;
    promptHash: string;
  }>;
}

/** The prefix block tree: parent (−1 for a first block) and tokens, indexed by block id. */
export function prefixBlockTree(db: DB): { parent: Int32Array; tokens: Int32Array } {
  const max = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM prefix_blocks').get() as { n: number }).n;
  const parent = new Int32Array(max + 1).fill(-1);
  const tokens = new Int32Array(max + 1);
  for (const b of db.prepare('SELECT id, parent, tokens FROM prefix_blocks').iterate() as Iterable<{ id: number; parent: number | null; tokens: number }>) {
    parent[b.id] = b.parent ?? -1;
    tokens[b.id] = b.tokens;
  }
  return { parent, tokens };
}

/** One fingerprinted request whose prompt reaches at least one cache boundary. */
export interface TemplateRow {
  ts: number;
  /** The catalog id (or the model as written when unpriced). */
  model: string;
  costUsd: number;
  /** The whole prompt: plain input + cache reads + cache writes. */
  promptTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Its deepest prefix block. */
  leaf: number;
}

/** The fingerprinted records in scope whose prompts reach a cache boundary, for the template analysis. */
export function templateRows(db: DB, scope: Scope): TemplateRow[] {
  const w = recordsWhere(scope);
  return db
    .prepare(
      `SELECT r.ts, COALESCE(r.model_id, r.model) AS model, COALESCE(r.cost_usd, 0) AS costUsd,
        ${tokenSumSql('prompt', 'r.')} AS promptTokens,
        r.cache_read_tokens AS cacheReadTokens, ${CACHE_WRITES} AS cacheWriteTokens, f.prefix_block AS leaf
      FROM records r JOIN fingerprints f ON f.rid = r.rid ${w.sql ? `${w.sql} AND` : 'WHERE'} f.prefix_block IS NOT NULL AND r.requests = 1`,
    )
    .all(...w.params) as TemplateRow[];
}

/** A template request as `compress --top` prices it: what the pricer reads, and whether its prompt text is kept. */
export interface TemplatePromptRow extends TemplateRow, TokenCounts {
  rid: number;
  /** The model as written (the pricer resolves it again with the provider and time). */
  writtenModel: string;
  provider: string | null;
  requests: number;
  batch: boolean;
  serviceTier: string | null;
  longContext: boolean | null;
  speed: string | null;
  /** Its prompt text is kept (--store-prompts). */
  stored: boolean;
}

/** `templateRows` with each request's pricing fields and whether its prompt text is kept, for `compress --top`. */
export function templatePromptRows(db: DB, scope: Scope): TemplatePromptRow[] {
  const w = recordsWhere(scope);
  const rows = db
    .prepare(
      `SELECT r.rid, r.ts, COALESCE(r.model_id, r.model) AS model, r.model AS writtenModel, r.provider, COALESCE(r.cost_usd, 0) AS costUsd,
        ${tokenSumSql('prompt', 'r.')} AS promptTokens, ${TOKEN_COLUMNS.map((c) => `r.${c.column} AS ${c.field}`).join(', ')},
        ${CACHE_WRITES} AS cacheWriteTokens, f.prefix_block AS leaf, r.requests, r.batch, r.service_tier AS serviceTier,
        r.long_context AS longContext, r.speed, EXISTS (SELECT 1 FROM prompts p WHERE p.rid = r.rid) AS stored
      FROM records r JOIN fingerprints f ON f.rid = r.rid ${w.sql ? `${w.sql} AND` : 'WHERE'} f.prefix_block IS NOT NULL AND r.requests = 1`,
    )
    .all(...w.params) as (Omit<TemplatePromptRow, 'batch' | 'longContext' | 'stored'> & { batch: number; longContext: number | null; stored: number })[];
  return rows.map((r) => ({ ...r, batch: r.batch === 1, longContext: r.longContext === null ? null : r.longContext === 1, stored: r.stored === 1 }));
}

/** Whether any prompt text is kept at all (`compress --top` needs some). */
export function hasStoredPrompts(db: DB): boolean {
  return db.prepare('SELECT 1 FROM prompts LIMIT 1').get() !== undefined;
}

/** The kept prompt texts of these records, one at a time (a template's may be many). */
export function* promptTexts(db: DB, rids: number[]): Generator<{ rid: number; text: string }> {
  const stmt = db.prepare('SELECT rid, text FROM prompts WHERE rid = ?');
  for (const rid of rids) {
    const row = stmt.get(rid) as { rid: number; text: string } | undefined;
    if (row) yield row;
  }
}

/**
 * The first and last record time in scope, requests and pre-aggregated buckets apart (a bucket covers its day
 * to the end): what a `HistorySpan` needs, without scanning every record.
 */
export function historyEnds(db: DB, scope: Scope): { bucket: boolean; first: number; last: number }[] {
  const w = recordsWhere(scope);
  const rows = db.prepare(`SELECT ${IS_BUCKET} AS bucket, MIN(r.ts) AS first, MAX(r.ts) AS last FROM records r ${w.sql} GROUP BY 1`).all(...w.params) as {
    bucket: number;
    first: number;
    last: number;
  }[];
  return rows.map((r) => ({ bucket: r.bucket === 1, first: r.first, last: r.last }));
}
