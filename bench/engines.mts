// `npm run bench:engines`: database sources at scale (README "At scale"). Fills a LiteLLM_SpendLogs table in a
// throwaway PostgreSQL and a Langfuse observations table in an embedded ClickHouse (chdb, when installed) with
// LLMCOST_BENCH_ENGINE_ROWS rows (default 10,000,000) spread over 30 days, then measures the engine's own
// aggregation (rows summed per second) and the end-to-end ingest (query, write the buckets, price, store).
// Node runs this TypeScript file directly (type stripping); it uses the built CLI in dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgres, LITELLM_SPEND_LOGS_DDL, startPostgres } from '../test/helpers/postgres.ts';
import { chdbExecutor, LANGFUSE_DDL, loadChdb } from '../test/helpers/chdb.ts';

const ROWS = Number(process.env['LLMCOST_BENCH_ENGINE_ROWS'] ?? 10_000_000);
const DAY0 = Date.parse('2025-05-01T00:00:00Z');
const BIN = join(import.meta.dirname, '..', 'bin', 'llmcost.js');
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const work = mkdtempSync(join(tmpdir(), 'llmcost-bench-engines-'));

async function postgresBench(): Promise<void> {
  const bin = findPostgres();
  if ('missing' in bin) {
    console.log(`postgres: skipped (${bin.missing})`);
    return;
  }
  const server = await startPostgres(bin);
  try {
    const { default: postgres } = await import('postgres');
    const sql = postgres({
      host: '127.0.0.1',
      port: server.port,
      database: server.database,
      username: server.user,
      password: server.password,
      onnotice: () => {},
      max: 1,
    });
    await sql.unsafe(LITELLM_SPEND_LOGS_DDL);
    let t = performance.now();
    // Rows shaped like the proxy's: a usage object with cached tokens, team and key aliases, tags.
    await sql.unsafe(`
      INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        model, model_group, custom_llm_provider, "user", metadata, cache_hit, request_tags, team_id, status)
      SELECT 'req-' || g, 'acompletion', md5((g % 20)::text), (g % 1000) * 1e-6, 0, 1000 + g % 5000, 50 + g % 700,
        timestamp '2025-05-01' + (g * (30 * 86400.0 / ${ROWS})) * interval '1 second',
        timestamp '2025-05-01' + (g * (30 * 86400.0 / ${ROWS}) + 2) * interval '1 second',
        (ARRAY['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'])[1 + g % 4], 'group', 'openai', 'user-' || (g % 12),
        jsonb_build_object('user_api_key_alias', 'key-' || (g % 12 / 2), 'user_api_key_team_alias', 'team-' || (g % 12 / 3),
          'usage_object', jsonb_build_object('prompt_tokens', 1000 + g % 5000, 'completion_tokens', 50 + g % 700,
            'prompt_tokens_details', jsonb_build_object('cached_tokens', (g % 3) * 300))),
        CASE WHEN g % 97 = 0 THEN 'True' ELSE 'False' END, CASE WHEN g % 2 = 0 THEN '["prod"]'::jsonb ELSE '[]'::jsonb END, 'team-' || (g % 12 / 3), 'success'
      FROM generate_series(1, ${ROWS}) g`);
    await sql.unsafe('ANALYZE "LiteLLM_SpendLogs"');
    const size = (await sql.unsafe(`SELECT pg_size_pretty(pg_total_relation_size('"LiteLLM_SpendLogs"')) AS s`)) as unknown as { s: string }[];
    console.log(`postgres ${server.version}: ${n(ROWS)} rows loaded in ${((performance.now() - t) / 1000).toFixed(0)} s (${size[0]!.s})`);
    await sql.end();
    const db = join(work, 'pg.db');
    t = performance.now();
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'ingest', server.url], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: server.password } });
    const seconds = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(r.stderr);
    const m = /([\d,]+) rows summed by Postgres into ([\d,]+) bucket records in ([\d.]+) s \(([\d,]+) rows\/s\)/.exec(r.stderr);
    console.log(
      `postgres: ${m?.[1]} rows summed into ${m?.[2]} bucket records; server-side ${m?.[3]} s (${m?.[4]} rows/s); end-to-end ingest ${seconds.toFixed(1)} s`,
    );
    t = performance.now();
    const a = spawnSync(process.execPath, [BIN, '--db', db, 'audit', '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    console.log(`postgres: audit of the result ${((performance.now() - t) / 1000).toFixed(1)} s (${n(JSON.parse(a.stdout).totals.requests)} requests)`);
  } finally {
    server.stop();
  }
}

async function clickhouseBench(): Promise<void> {
  const chdb = loadChdb();
  if ('missing' in chdb) {
    console.log(`clickhouse: skipped (${chdb.missing})`);
    return;
  }
  const session = new chdb.Session();
  try {
    for (const q of LANGFUSE_DDL) session.query(q);
    let t = performance.now();
    session.query(`INSERT INTO observations (id, trace_id, project_id, type, start_time, name, metadata, level, provided_model_name, usage_details, cost_details, total_cost, event_ts, is_deleted)
      SELECT toString(number), toString(intDiv(number, 4)), 'proj-' || toString(number % 12 / 3), 'GENERATION',
        toDateTime64(${DAY0 / 1000} + number * (30 * 86400 / ${ROWS}), 3), ['chat', 'search', 'summarize'][1 + number % 3], map(), 'DEFAULT',
        ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'][1 + number % 4],
        map('input', 1000 + number % 5000, 'input_cached_tokens', (number % 3) * 300, 'output', 50 + number % 700, 'total', 0),
        map('total', toDecimal64((number % 1000) / 1000000, 12)), NULL, toDateTime64(${DAY0 / 1000} + number * (30 * 86400 / ${ROWS}), 3), 0
      FROM numbers(${ROWS})`);
    console.log(`clickhouse (chdb): ${n(ROWS)} Langfuse observations loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const { ClickHouseReader } = await import('../dist/engines/clickhouse.js');
    const { ingestEngine } = await import('../dist/engines/ingest-engine.js');
    const { UsageStore } = await import('../dist/db/store.js');
    const { openDatabase } = await import('../dist/db/open.js');
    const { loadCatalog } = await import('../dist/catalog/load.js');
    const store = new UsageStore(openDatabase(join(work, 'ch.db')));
    const reader = await ClickHouseReader.open(chdbExecutor(session), { table: undefined, product: 'langfuse' }, (x: string) => x, {
      now: () => DAY0 + 31 * 86_400_000,
    });
    t = performance.now();
    const report = await ingestEngine(store, reader, {
      catalog: loadCatalog(),
      toolVersion: 'bench',
      perRequest: false,
      since: null,
      until: null,
      lateWindowMs: 3_600_000,
    });
    const seconds = (performance.now() - t) / 1000;
    console.log(
      `clickhouse (chdb): ${n(report.rowsAggregated)} rows summed into ${n(report.buckets)} bucket records; server-side ${(report.serverMs / 1000).toFixed(1)} s (${n((report.rowsAggregated / report.serverMs) * 1000)} rows/s); end-to-end ingest ${seconds.toFixed(1)} s`,
    );
    store.db.close();
  } finally {
    session.cleanup();
  }
}

try {
  await postgresBench();
  await clickhouseBench();
} finally {
  rmSync(work, { recursive: true, force: true });
}
