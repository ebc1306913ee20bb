import type { Sql } from 'postgres';
import { UserError } from '../util/errors.js';
import { connectionLabel, scrub, type Connection } from './connection.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { Bucket, BucketRead, EngineReader, LeftOut, Window } from './reader.js';

/**
 * LiteLLM's `LiteLLM_SpendLogs` table in Postgres (the proxy's spend tracking). The buckets are summed in Postgres
 * with the same reading of each row as the `litellm-spend` file adapter (ingest/formats/litellm-spend-row.ts):
 * the same token split, attribution, cache-hit and failure rules, so a bucket holds what the rows of a file export
 * would add up to. Per-request rows are sent as the columns that adapter reads, never the prompt or response columns.
 */

export const LITELLM_TABLE = 'LiteLLM_SpendLogs';

/** The columns the litellm-spend adapter reads, when the table has them (older LiteLLM releases lack some). */
const ROW_COLUMNS = [
  'request_id',
  'call_type',
  'api_key',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'startTime',
  'model',
  'model_group',
  'custom_llm_provider',
  'user',
  'metadata',
  'cache_hit',
  'request_tags',
  'team_id',
  'end_user',
  'status',
];

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** A JSON value as a token count: NULL when absent or empty, 'NaN' when present but not a count (the row is bad). */
function cnt(e: string): string {
  return `(CASE WHEN ${e} IS NULL OR jsonb_typeof(${e}) = 'null' OR (jsonb_typeof(${e}) = 'string' AND btrim(${e} #>> '{}') = '') THEN NULL
    WHEN jsonb_typeof(${e}) = 'number' THEN (${e})::text::numeric
    WHEN jsonb_typeof(${e}) = 'string' AND (${e} #>> '{}') ~ '^\\s*-?\\d+(\\.\\d+)?\\s*$' THEN btrim(${e} #>> '{}')::numeric
    ELSE 'NaN'::numeric END)`;
}

/** A JSON value as the adapter's `str`: a non-empty trimmed string or a number's text, else NULL. */
function jstr(e: string): string {
  return `(CASE WHEN jsonb_typeof(${e}) = 'string' THEN NULLIF(btrim(${e} #>> '{}'), '') WHEN jsonb_typeof(${e}) = 'number' THEN ${e} #>> '{}' END)`;
}

/** A JSON object, or NULL. */
function jobj(e: string): string {
  return `(CASE WHEN jsonb_typeof(${e}) = 'object' THEN ${e} END)`;
}

/** A text column as `str`. */
function tstr(col: string): string {
  return `NULLIF(btrim(${col}::text), '')`;
}

function badCount(c: string): string {
  return `(${c} IS NOT NULL AND (${c} = 'NaN'::numeric OR ${c} < 0 OR ${c} <> trunc(${c})))`;
}

interface Shape {
  columns: Set<string>;
  table: string;
}

/**
 * The per-row reading, as SQL over the table: one row per spend log with its kind (ok, failed, nomodel, bad), its
 * attribution and its token split. `where` limits the window (parameters $1, $2).
 */
function rowsSql(s: Shape, extraWhere = ''): string {
  const has = (c: string) => s.columns.has(c);
  const col = (c: string, fallback = 'NULL') => (has(c) ? `l.${q(c)}` : fallback);
  const metaCol = has('metadata') ? `l.metadata::jsonb` : `'{}'::jsonb`;
  const tagsCol = has('request_tags') ? `l.request_tags::jsonb` : `'[]'::jsonb`;
  // Each step is a LATERAL subquery with OFFSET 0, which Postgres evaluates once per row instead of pasting the
  // expression into every place that uses it (inlined, the JSON merges ran dozens of times a row).
  return `
  SELECT l.request_id, l.${q('startTime')} AS start_time, ${tstr(col('call_type'))} AS call_type,
    m.meta, m.tags_json, u.usage, d.details, d.out_details, c.*, sp.reads, sp.writes, sp.bad_count, w.writes_inside,
    ${tstr(col('custom_llm_provider'))} AS provider_col, ${tstr(col('user'))} AS user_col, ${tstr(col('end_user'))} AS end_user,
    ${tstr(col('team_id'))} AS team_id, ${tstr(col('api_key'))} AS api_key_col, ${col('spend')}::float8 AS spend
  FROM ${s.table} l
  CROSS JOIN LATERAL (SELECT COALESCE(${jobj(metaCol)}, '{}'::jsonb) AS meta, ${tagsCol} AS tags_json OFFSET 0) m
  CROSS JOIN LATERAL (SELECT COALESCE(${jobj("m.meta->'additional_usage_values'")}, '{}'::jsonb) || COALESCE(${jobj("m.meta->'usage_object'")}, '{}'::jsonb) AS usage OFFSET 0) u
  CROSS JOIN LATERAL (SELECT
      COALESCE(${jobj("u.usage->'prompt_tokens_details'")}, ${jobj("u.usage->'input_tokens_details'")}, '{}'::jsonb) AS details,
      COALESCE(${jobj("u.usage->'completion_tokens_details'")}, ${jobj("u.usage->'output_tokens_details'")}) AS out_details OFFSET 0) d
  CROSS JOIN LATERAL (SELECT
      COALESCE(${col('prompt_tokens')}::numeric, ${cnt("u.usage->'prompt_tokens'")}, 0) AS prompt,
      COALESCE(${col('completion_tokens')}::numeric, ${cnt("u.usage->'completion_tokens'")}, 0) AS completion,
      ${cnt("u.usage->'cache_read_input_tokens'")} AS c_read,
      ${cnt("d.details->'cached_tokens'")} AS c_cached,
      ${cnt("d.details->'cache_creation_tokens'")} AS c_detail_writes,
      ${cnt("u.usage->'cache_creation_input_tokens'")} AS c_writes,
      ${cnt(`COALESCE(${jobj("d.details->'cache_creation_token_details'")}, ${jobj("u.usage->'cache_creation'")})->'ephemeral_1h_input_tokens'`)} AS c_1h,
      ${cnt("d.out_details->'reasoning_tokens'")} AS c_reasoning,
      lower(COALESCE(${tstr(col('status'))}, ${jstr("m.meta->'status'")}, '')) = 'failure' AS failed,
      lower(COALESCE(${tstr(col('cache_hit'))}, '')) IN ('true', '1', 'yes', 'y') AS cache_hit,
      COALESCE(${tstr(col('model'))}, ${tstr(col('model_group'))}, CASE WHEN jsonb_typeof(m.meta->'batch_models') = 'array' AND jsonb_array_length(m.meta->'batch_models') = 1
        THEN ${jstr("m.meta->'batch_models'->0")} END) AS model
    OFFSET 0) c
  CROSS JOIN LATERAL (SELECT
      COALESCE(NULLIF(c.c_read, 0), NULLIF(c.c_cached, 0), 0) AS reads,
      COALESCE(NULLIF(c.c_writes, 0), NULLIF(c.c_detail_writes, 0), 0) AS writes,
      (${badCount('c.c_read')} OR ${badCount('c.c_cached')} OR ${badCount('c.c_detail_writes')} OR ${badCount('c.c_writes')} OR ${badCount('c.c_1h')}
        OR ${badCount('c.c_reasoning')} OR ${badCount('c.prompt')} OR ${badCount('c.completion')}) AS bad_count
    OFFSET 0) sp
  CROSS JOIN LATERAL (SELECT (c.c_detail_writes IS NOT NULL OR c.prompt >= sp.reads + sp.writes) AS writes_inside OFFSET 0) w
  WHERE l.${q('startTime')} >= COALESCE($1::timestamp, '-infinity'::timestamp) AND l.${q('startTime')} < COALESCE($2::timestamp, 'infinity'::timestamp) ${extraWhere}`;
}

/** The row's kind, attribution and token split, over `rowsSql`. */
function readSql(s: Shape, extraWhere = ''): string {
  return `
  SELECT t.request_id, t.start_time, t.model, t.call_type,
    CASE
      WHEN failed THEN 'failed'
      WHEN model IS NULL THEN 'nomodel'
      WHEN cache_hit THEN 'ok'
      WHEN bad_count OR prompt < reads OR (writes_inside AND prompt < reads + writes) THEN 'bad'
      ELSE 'ok' END AS kind,
    lower(provider_col) AS provider,
    COALESCE(user_col, end_user, ${jstr("meta->'user_api_key_user_id'")}) AS usr,
    COALESCE(${jstr("meta->'user_api_key_team_alias'")}, team_id, ${jstr("meta->'user_api_key_team_id'")}) AS project,
    COALESCE(${jstr("meta->'user_api_key_alias'")}, api_key_col) AS api_key,
    (CASE jsonb_typeof(tags_json)
      WHEN 'array' THEN ARRAY(SELECT btrim(e #>> '{}') FROM jsonb_array_elements(tags_json) WITH ORDINALITY AS x(e, n)
        WHERE jsonb_typeof(e) IN ('string', 'number') AND btrim(e #>> '{}') <> '' ORDER BY n)
      WHEN 'string' THEN ARRAY(SELECT btrim(p) FROM regexp_split_to_table(tags_json #>> '{}', '[,;|]') WITH ORDINALITY AS y(p, n) WHERE btrim(p) <> '' ORDER BY n)
      ELSE ARRAY[]::text[] END) || (CASE WHEN cache_hit THEN ARRAY['litellm-cache-hit'] ELSE ARRAY[]::text[] END) AS tags,
    cache_hit,
    (NOT cache_hit AND call_type IN ('aretrieve_batch', 'retrieve_batch')) AS batch,
    CASE WHEN cache_hit THEN 0 ELSE prompt - reads - CASE WHEN writes_inside THEN writes ELSE 0 END END AS input,
    CASE WHEN cache_hit THEN 0 ELSE reads END AS cache_read,
    CASE WHEN cache_hit THEN 0 ELSE writes - LEAST(COALESCE(c_1h, 0), writes) END AS cache_write_5m,
    CASE WHEN cache_hit THEN 0 ELSE LEAST(COALESCE(c_1h, 0), writes) END AS cache_write_1h,
    CASE WHEN cache_hit THEN 0 ELSE completion END AS output,
    CASE WHEN cache_hit THEN 0 ELSE LEAST(COALESCE(c_reasoning, 0), completion) END AS reasoning,
    spend
  FROM (${rowsSql(s, extraWhere)}) t`;
}

/** Batch-job rows: one row sums a whole job and has no request count, so it is read raw, as a file export has it. */
const BATCH_CALL = `btrim(l.call_type) IN ('aretrieve_batch', 'retrieve_batch')`;

/**
 * The buckets. A row whose prompt exceeds $3 tokens stays a group of its own (its request id is part of the group),
 * so long-context rates are decided per request; batch-job rows are left to `rowsOutSql`.
 */
function bucketsSql(s: Shape): string {
  return `
  WITH r AS (${readSql(s)})
  SELECT
    CASE WHEN kind = 'ok' THEN floor(extract(epoch FROM start_time) / ${BUCKET_MS / 1000})::float8 * ${BUCKET_MS} END AS bucket,
    kind,
    CASE WHEN kind = 'ok' THEN model END AS model,
    CASE WHEN kind = 'ok' THEN provider END AS provider,
    CASE WHEN kind = 'ok' THEN usr END AS usr,
    CASE WHEN kind = 'ok' THEN project END AS project,
    CASE WHEN kind = 'ok' THEN api_key END AS api_key,
    CASE WHEN kind = 'ok' THEN tags END AS tags,
    CASE WHEN kind = 'ok' AND input + cache_read + cache_write_5m + cache_write_1h > $3 THEN request_id END AS single,
    count(*)::float8 AS requests,
    sum(input)::float8 AS input, sum(cache_read)::float8 AS cache_read, sum(cache_write_5m)::float8 AS cache_write_5m,
    sum(cache_write_1h)::float8 AS cache_write_1h, sum(output)::float8 AS output, sum(reasoning)::float8 AS reasoning,
    sum(spend)::float8 AS spend, count(spend)::float8 AS priced_rows
  FROM r
  WHERE NOT (kind = 'ok' AND batch)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
}

function rowsOutSql(s: Shape, which: 'all' | 'individual'): string {
  const cols = ROW_COLUMNS.filter((c) => s.columns.has(c));
  const build = cols.map((c) => `'${c}', l.${q(c)}`).join(', ');
  // Only batch-job rows are read one by one next to the buckets: a plain column test, then the full reading of those few.
  const filter =
    which === 'all' || !s.columns.has('call_type')
      ? which === 'all'
        ? ''
        : 'AND false'
      : `AND ${BATCH_CALL} AND l.request_id IN (SELECT request_id FROM (${readSql(s, `AND ${BATCH_CALL}`)}) r WHERE kind = 'ok' AND batch)`;
  return `SELECT json_build_object(${build})::text AS row FROM ${s.table} l
    WHERE l.${q('startTime')} >= COALESCE($1::timestamp, '-infinity'::timestamp) AND l.${q('startTime')} < COALESCE($2::timestamp, 'infinity'::timestamp) ${filter}
    ORDER BY l.${q('startTime')}, l.request_id`;
}

const LEFT_OUT: Record<string, LeftOut['reason']> = {
  failed: 'rows LiteLLM logged as failed requests (status failure)',
  nomodel: 'rows without a model (model and model_group are empty)',
  bad: 'rows whose token figures are not usable counts (read them with --per-request to list each)',
};

/** "2025-06-05 14:00:00.000" in UTC: the session's zone is UTC, so this compares right with timestamp and timestamptz columns. */
function stamp(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function postgresError(err: unknown, c: Connection, table?: string): Error {
  if (err instanceof UserError) return err;
  const e = err as { code?: string; message?: string; errno?: string };
  const where = `${c.host}:${c.port}/${c.database}`;
  const msg = scrub(String(e.message ?? err), c.password);
  switch (e.code) {
    case '28P01':
    case '28000':
      return new UserError(
        `Postgres at ${where} refused user ${c.user} (${msg}): check the user and the password in PGPASSWORD (or the config's passwordEnv).`,
      );
    case '3D000':
      return new UserError(`Postgres at ${where}: the database does not exist (${msg}): name LiteLLM's database in the URL.`);
    case '42P01':
      return new UserError(`Postgres at ${where} has no table ${table ?? LITELLM_TABLE}: point the URL at LiteLLM's database, or name the table with --table.`);
    case '42501':
      return new UserError(`Postgres at ${where}: user ${c.user} may not read ${table ?? LITELLM_TABLE} (${msg}): grant it SELECT.`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
      return new UserError(`Postgres at ${where} cannot be reached (${e.code}): check the host and port, and that the server accepts connections.`);
    default:
      return new UserError(`Postgres at ${where} answered with an error (${e.code ?? 'no code'}: ${msg.slice(0, 200)}).`);
  }
}

export class LitellmPostgresReader implements EngineReader {
  readonly rowFormat = 'litellm-spend';
  readonly product = 'LiteLLM spend logs';
  readonly label: string;
  private shape: Shape | undefined;

  private constructor(
    private readonly sql: Sql,
    private readonly conn: Connection,
    private readonly tableName: string,
  ) {
    this.label = connectionLabel(conn, tableName);
  }

  static async open(c: Connection): Promise<LitellmPostgresReader> {
    const { default: postgres } = await import('postgres');
    const sslmode = c.params.get('sslmode');
    const sql = postgres({
      host: c.host,
      port: c.port,
      database: c.database,
      username: c.user,
      password: c.password,
      // libpq's sslmode names: prefer/allow try TLS and fall back; require insists; verify-* also check the certificate.
      ssl:
        sslmode === null || sslmode === 'disable'
          ? false
          : sslmode === 'prefer' || sslmode === 'allow'
            ? 'prefer'
            : sslmode === 'require'
              ? 'require'
              : 'verify-full',
      max: 1,
      connect_timeout: 15,
      idle_timeout: 5,
      prepare: false,
      onnotice: () => {},
      // JIT compiling the long per-row expressions took seconds before the first row; Memoize re-evaluated them as
      // cache keys for every row; a larger work_mem lets the grouping hash instead of sorting on disk.
      connection: { TimeZone: 'UTC', application_name: 'llmcost', jit: 'off', enable_memoize: 'off', work_mem: '256MB' },
    });
    const reader = new LitellmPostgresReader(sql, c, c.table ?? LITELLM_TABLE);
    try {
      await reader.loadShape();
    } catch (err) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw postgresError(err, c, reader.tableName);
    }
    return reader;
  }

  private async loadShape(): Promise<void> {
    const [schema, table] = this.tableName.includes('.') ? (this.tableName.split('.', 2) as [string, string]) : [null, this.tableName];
    const rows = (await this.sql.unsafe(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = COALESCE($2, current_schema())`,
      [table, schema],
    )) as unknown as { column_name: string }[];
    if (rows.length === 0) throw Object.assign(new Error('no such table'), { code: '42P01' });
    const columns = new Set(rows.map((r) => r.column_name));
    for (const needed of ['request_id', 'startTime']) {
      if (!columns.has(needed)) throw new UserError(`${this.label} has no column ${needed}: it is not LiteLLM's spend-log table (name it with --table).`);
    }
    this.shape = { columns, table: schema ? `${q(schema)}.${q(table)}` : q(table) };
  }

  async readBuckets(w: Window, individualAbove: number, each: (b: Bucket) => void): Promise<BucketRead> {
    const started = performance.now();
    let rows: Record<string, unknown>[];
    try {
      rows = (await this.sql.unsafe(bucketsSql(this.shape!), [stamp(w.from), stamp(w.to), individualAbove])) as unknown as Record<string, unknown>[];
    } catch (err) {
      throw postgresError(err, this.conn, this.tableName);
    }
    const serverMs = performance.now() - started;
    const leftOut: LeftOut[] = [];
    let rowsAggregated = 0;
    for (const r of rows) {
      const n = Number(r['requests']);
      const kind = String(r['kind']);
      if (kind !== 'ok') {
        leftOut.push({ kind: kind === 'failed' ? 'failed' : 'skipped', reason: LEFT_OUT[kind] ?? kind, rows: n });
        continue;
      }
      rowsAggregated += n;
      each({
        ...(r['single'] ? { single: String(r['single']) } : {}),
        ts: Number(r['bucket']),
        model: String(r['model']),
        provider: (r['provider'] as string | null) ?? null,
        project: (r['project'] as string | null) ?? null,
        user: (r['usr'] as string | null) ?? null,
        apiKey: (r['api_key'] as string | null) ?? null,
        feature: null,
        tags: (r['tags'] as string[] | null) ?? [],
        batch: false,
        serviceTier: null,
        requests: n,
        inputTokens: Number(r['input']),
        cacheReadTokens: Number(r['cache_read']),
        cacheWrite5mTokens: Number(r['cache_write_5m']),
        cacheWrite1hTokens: Number(r['cache_write_1h']),
        outputTokens: Number(r['output']),
        reasoningTokens: Number(r['reasoning']),
        reportedCostUsd: Number(r['priced_rows']) > 0 ? Number(r['spend']) : null,
      });
    }
    return { rowsAggregated, leftOut: mergeLeftOut(leftOut), serverMs };
  }

  async readRows(
    w: Window,
    which: 'all' | 'individual',
    _individualAbove: number,
    each: (row: Record<string, unknown>) => void,
  ): Promise<{ rows: number; serverMs: number }> {
    const started = performance.now();
    let n = 0;
    try {
      const cursor = this.sql.unsafe(rowsOutSql(this.shape!, which), [stamp(w.from), stamp(w.to)]).cursor(2000);
      for await (const batch of cursor) {
        for (const r of batch as unknown as { row: string }[]) {
          each(JSON.parse(r.row) as Record<string, unknown>);
          n++;
        }
      }
    } catch (err) {
      throw postgresError(err, this.conn, this.tableName);
    }
    return { rows: n, serverMs: performance.now() - started };
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 }).catch(() => {});
  }
}

function mergeLeftOut(list: LeftOut[]): LeftOut[] {
  const by = new Map<string, LeftOut>();
  for (const l of list) {
    const k = `${l.kind}\u0000${l.reason}`;
    const e = by.get(k);
    if (e) e.rows += l.rows;
    else by.set(k, { ...l });
  }
  return [...by.values()];
}
