import { BUCKET_MS } from '../usage/periods.js';

/**
 * The ClickHouse SQL that reads Langfuse v3's `observations` and Helicone's `request_response_rmt` the way the
 * `langfuse` and `helicone` file adapters read one exported row (ingest/formats/langfuse*.ts, helicone.ts),
 * summed per 15-minute bucket and group in the engine. Parameters: {from: DateTime64(3)}, {to: DateTime64(3)}
 * (the page), {above: UInt64} (prompts above it are read one by one). Every query reads the table FINAL: both are
 * ReplacingMergeTrees, and FINAL keeps each row's latest version (and drops Langfuse's deleted ones), which is
 * how both products remove duplicates themselves.
 */

export type ClickHouseProduct = 'langfuse' | 'helicone';

export interface TableShape {
  product: ClickHouseProduct;
  /** Quoted, possibly database-qualified table name. */
  table: string;
  columns: Set<string>;
  /** Langfuse: the traces table holding user ids, when it exists. */
  traces: string | null;
}

export const ident = (s: string) => `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

const WINDOW = (col: string) => `${col} >= {from:DateTime64(3, 'UTC')} AND ${col} < {to:DateTime64(3, 'UTC')}`;

/** Which part of the usage a Langfuse usage_details key is (langfuse-usage.ts `partOf`), as a ClickHouse expression of `k`. */
const PART = `multiIf(
    position(lower(k), 'total') > 0 OR position(lower(k), 'priority') > 0, '',
    match(lower(k), 'cache_?(creation|write|create)'), if(match(lower(k), '1h'), 'w1h', if(match(lower(k), '5m'), 'w5m', 'w')),
    match(lower(k), 'cache_?read|cached'), 'r',
    match(lower(k), 'reasoning|thought'), 'reason',
    match(lower(k), '^(output|completion|candidates)'), 'o',
    replaceAll(lower(k), '_', '') IN ('prompttokens', 'prompttokencount'), 'wp',
    match(lower(k), '^(input|prompt)'), 'i',
    '')`;

/** The sum of the usage values of one part; `parts` is the part of each key, computed once a row. */
const partSum = (p: string) => `arraySum((part, v) -> if(part = '${p}', v, 0), parts, mapValues(o.usage_details))`;

/** One row per Langfuse GENERATION/EMBEDDING observation of the page, read like the langfuse adapter. */
function langfuseRows(s: TableShape): string {
  const has = (c: string) => s.columns.has(c);
  const userJoin = s.traces
    ? `LEFT JOIN (SELECT id, project_id, user_id FROM ${s.traces} FINAL
         WHERE timestamp >= {from:DateTime64(3, 'UTC')} - INTERVAL 7 DAY AND timestamp < {to:DateTime64(3, 'UTC')} + INTERVAL 7 DAY) AS t
       ON t.id = o.trace_id AND t.project_id = o.project_id`
    : '';
  const costTotal = has('cost_details')
    ? `if(mapContains(cost_details, 'total'), toFloat64(cost_details['total']),
         if(arrayExists(k -> position(lower(k), 'total') = 0, mapKeys(cost_details)),
            arraySum((k, v) -> if(position(lower(k), 'total') = 0, toFloat64(v), 0), mapKeys(cost_details), mapValues(cost_details)),
            ${has('total_cost') ? 'toFloat64(total_cost)' : 'NULL'}))`
    : has('total_cost')
      ? 'toFloat64(total_cost)'
      : 'NULL';
  return `
    SELECT o.id AS id, o.trace_id AS trace_id, o.start_time AS start_time, o.project_id AS project_id,
      upper(o.type) AS type, o.level AS level, ${has('status_message') ? 'o.status_message' : 'NULL'} AS status_message,
      nullIf(trimBoth(ifNull(o.provided_model_name, '')), '') AS model,
      nullIf(trimBoth(o.name), '') AS name,
      ${has('environment') ? "nullIf(trimBoth(o.environment), '')" : 'NULL'} AS environment,
      ${has('version') ? "nullIf(trimBoth(ifNull(o.version, '')), '')" : 'NULL'} AS version,
      nullIf(lower(trimBoth(if(mapContains(o.metadata, 'provider'), o.metadata['provider'], o.metadata['ls_provider']))), '') AS provider,
      ${has('model_parameters') ? "nullIf(JSONExtractString(ifNull(o.model_parameters, ''), 'service_tier'), '')" : 'NULL'} AS service_tier,
      ${s.traces ? "nullIf(trimBoth(ifNull(t.user_id, '')), '')" : 'NULL'} AS usr,
      o.usage_details AS usage_details, ${has('cost_details') ? 'o.cost_details' : 'map()'} AS cost_details,
      arrayMap(k -> ${PART}, mapKeys(o.usage_details)) AS parts,
      ${costTotal.replace(/cost_details|total_cost/g, (m) => `o.${m}`)} AS reported_cost,
      ${partSum('i')} AS s_i, ${partSum('wp')} AS s_wp, ${partSum('r')} AS s_r, ${partSum('w')} AS s_w,
      ${partSum('w5m')} AS s_w5, ${partSum('w1h')} AS s_w1h, ${partSum('o')} AS s_o, ${partSum('reason')} AS s_reason,
      arrayCount(part -> part != '', parts) AS token_keys
    FROM ${s.table} AS o FINAL ${userJoin}
    WHERE ${WINDOW('o.start_time')} AND upper(o.type) IN ('GENERATION', 'EMBEDDING')`;
}

/** The adapter's token split and the row's kind (ok, failed, or a reason to skip), over `langfuseRows`. */
function langfuseSplit(s: TableShape): string {
  return `
    SELECT *,
      multiIf(upper(level) = 'ERROR', 'failed', model IS NULL, 'nomodel', token_keys = 0, 'nousage', s_wp > 0 AND s_r > s_wp, 'bad', 'ok') AS kind,
      toInt64(s_i) + if(s_wp > 0, toInt64(s_wp) - toInt64(s_r), toInt64(0)) AS input,
      toInt64(s_r) AS cache_read,
      if(s_w5 + s_w1h > 0, toInt64(s_w5) + greatest(toInt64(0), toInt64(s_w) - toInt64(s_w5 + s_w1h)), toInt64(s_w)) AS cache_write_5m,
      toInt64(s_w1h) AS cache_write_1h,
      toInt64(s_o) + toInt64(s_reason) AS output,
      toInt64(s_reason) AS reasoning,
      arrayFilter(x -> x != '', [if(environment IS NULL, '', concat('environment:', environment)), if(version IS NULL, '', concat('version:', version))]) AS tags
    FROM (${langfuseRows(s)})`;
}

/** One row per Helicone request of the page, read like the helicone adapter. */
function heliconeRows(s: TableShape): string {
  const has = (c: string) => s.columns.has(c);
  const num = (c: string) => (has(c) ? `toInt64OrNull(toString(${c}))` : 'NULL');
  const prop = (names: string[]) =>
    `arrayFirst(x -> x != '', arrayMap((k, v) -> if(replaceRegexpAll(replaceRegexpOne(lower(trimBoth(k)), '^helicone-property-', ''), '[\\\\s-]+', '_') IN (${names
      .map((n) => `'${n}'`)
      .join(', ')}), trimBoth(v), ''), mapKeys(properties), mapValues(properties)))`;
  return `
    SELECT toString(request_id) AS id, request_created_at AS start_time, status,
      nullIf(trimBoth(model), '') AS model, nullIf(lower(trimBoth(provider)), '') AS provider,
      ${has('cache_reference_id') ? "toString(cache_reference_id) NOT IN ('00000000-0000-0000-0000-000000000000', '')" : '0'} AS cache_hit,
      ${num('prompt_tokens')} AS p, ${num('completion_tokens')} AS c, ${num('reasoning_tokens')} AS reason,
      ${num('prompt_cache_read_tokens')} AS pr, ${num('prompt_cache_write_tokens')} AS pw,
      ${has('cost') ? 'toFloat64(cost) / 1000000000' : 'NULL'} AS reported_cost,
      nullIf(trimBoth(user_id), '') AS usr,
      ${has('properties') ? `nullIf(${prop(['project', 'project_id', 'projectid', 'team'])}, '')` : 'NULL'} AS project,
      ${has('properties') ? `nullIf(${prop(['feature', 'feature_name', 'route', 'endpoint', 'app', 'appname', 'app_name'])}, '')` : 'NULL'} AS feature,
      ${has('properties') ? `nullIf(${prop(['user', 'user_id', 'userid'])}, '')` : 'NULL'} AS prop_user,
      ${has('properties') ? 'properties' : 'map()'} AS properties
    FROM ${s.table} FINAL
    WHERE ${WINDOW('request_created_at')}`;
}

function heliconeSplit(s: TableShape): string {
  return `
    SELECT *,
      multiIf(status < 200 OR status > 299, 'failed', model IS NULL, 'nomodel', NOT cache_hit AND p IS NULL AND c IS NULL, 'notokens', 'ok') AS kind,
      toInt64(if(cache_hit, 0, ifNull(p, 0))) AS input,
      toInt64(if(cache_hit, 0, ifNull(pr, 0))) AS cache_read,
      toInt64(if(cache_hit, 0, ifNull(pw, 0))) AS cache_write_5m,
      toInt64(0) AS cache_write_1h,
      toInt64(if(cache_hit, 0, ifNull(c, 0) + ifNull(reason, 0))) AS output,
      toInt64(if(cache_hit, 0, ifNull(reason, 0))) AS reasoning,
      if(cache_hit, ['helicone-cache-hit'], []) AS tags,
      coalesce(usr, prop_user) AS usr2
    FROM (${heliconeRows(s)})`;
}

function split(s: TableShape): string {
  return s.product === 'langfuse' ? langfuseSplit(s) : heliconeSplit(s);
}

/** A row whose prompt is priced per request: a group of its own (its id is part of the group). */
const SINGLE = `if(kind = 'ok' AND input + cache_read + cache_write_5m + cache_write_1h > {above:UInt64}, id, NULL)`;

/** Buckets and the counts of rows left out, for one page. */
export function bucketsQuery(s: TableShape): string {
  const ok = (e: string) => `if(kind = 'ok', ${e}, NULL)`;
  const user = s.product === 'langfuse' ? 'usr' : 'usr2';
  const project = s.product === 'langfuse' ? 'project_id' : 'project';
  const feature = s.product === 'langfuse' ? 'name' : 'feature';
  const tier = s.product === 'langfuse' ? 'service_tier' : 'NULL';
  // Output names differ from the inner columns: ClickHouse resolves a WHERE name to a SELECT alias first.
  return `
    SELECT
      ${ok(`intDiv(toUnixTimestamp64Milli(start_time), ${BUCKET_MS}) * ${BUCKET_MS}`)} AS g_bucket,
      kind AS g_kind,
      ${ok('model')} AS g_model, ${ok('provider')} AS g_provider, ${ok(project)} AS g_project, ${ok(user)} AS g_user,
      ${ok(feature)} AS g_feature, ${ok(tier)} AS g_service_tier, if(kind = 'ok', tags, []) AS g_tags, ${SINGLE} AS g_single,
      count() AS t_requests,
      sum(input) AS t_input, sum(cache_read) AS t_cache_read, sum(cache_write_5m) AS t_cache_write_5m, sum(cache_write_1h) AS t_cache_write_1h,
      sum(output) AS t_output, sum(reasoning) AS t_reasoning,
      sumIf(reported_cost, reported_cost IS NOT NULL) AS t_reported_cost, countIf(reported_cost IS NOT NULL) AS t_priced_rows
    FROM (${split(s)})
    GROUP BY g_bucket, g_kind, g_model, g_provider, g_project, g_user, g_feature, g_service_tier, g_tags, g_single
    ORDER BY g_bucket, g_kind, g_model, g_provider, g_project, g_user, g_feature, g_service_tier, g_tags, g_single`;
}

/**
 * Raw rows of the page in the product's export shape, as JSON text (one column `row`), keyset-paged by (time, id).
 */
export function rowsQuery(s: TableShape, limit: number): string {
  const keyset = `(start_time, id) > ({after_ts:DateTime64(3, 'UTC')}, {after_id:String})`;
  const time = (c: string) => `formatDateTime(${c}, '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC')`;
  const row =
    s.product === 'langfuse'
      ? jsonObject([
          ['id', 'id'],
          ['traceId', 'trace_id'],
          ['type', 'type'],
          ['startTime', time('start_time')],
          ['model', 'model'],
          ['name', 'name'],
          ['projectId', 'project_id'],
          ['userId', 'usr'],
          ['level', 'level'],
          ['statusMessage', 'status_message'],
          ['environment', 'environment'],
          ['version', 'version'],
          ['metadata', "map('provider', ifNull(provider, ''))"],
          ['modelParameters', "map('service_tier', ifNull(service_tier, ''))"],
          ['usageDetails', 'usage_details'],
          ['costDetails', 'mapApply((k, v) -> (k, toFloat64(v)), cost_details)'],
          ['calculatedTotalCost', 'reported_cost'],
        ])
      : jsonObject([
          ['request_id', 'id'],
          ['request_created_at', time('start_time')],
          ['response_status', 'status'],
          ['model', 'model'],
          ['provider', 'provider'],
          ['prompt_tokens', 'p'],
          ['completion_tokens', 'c'],
          ['reasoning_tokens', 'reason'],
          ['prompt_cache_read_tokens', 'pr'],
          ['prompt_cache_write_tokens', 'pw'],
          ['cost', 'reported_cost'],
          ['request_user_id', 'usr'],
          ['cache_reference_id', "if(cache_hit, 'served-from-cache', '00000000-0000-0000-0000-000000000000')"],
          ['request_properties', 'properties'],
        ]);
  return `
    SELECT start_time, id, ${row} AS row
    FROM (${split(s)})
    WHERE ${keyset}
    ORDER BY start_time, id
    LIMIT ${limit}`;
}

/** A JSON object text built in ClickHouse: each value through toJSONString (NULL becomes null). */
function jsonObject(pairs: [string, string][]): string {
  return `concat('{', ${pairs.map(([k, e], i) => `'${i ? ',' : ''}"${k}":', ifNull(toJSONString(${e}), 'null')`).join(', ')}, '}')`;
}

/** The earliest row time, to page an open window from. */
export function firstRowQuery(s: TableShape): string {
  const col = s.product === 'langfuse' ? 'start_time' : 'request_created_at';
  return `SELECT toUnixTimestamp64Milli(min(${col})) AS first, count() AS n FROM ${s.table}`;
}
