// `npm run bench:engines`: database sources at scale (README "At scale"). Fills a LiteLLM_SpendLogs table in a
// throwaway PostgreSQL and a Langfuse observations table in an embedded ClickHouse (chdb, when installed) with
// LLMCOST_BENCH_ENGINE_ROWS rows (default 1,000,000) spread over 30 days, then measures the engine's own
// aggregation (rows summed per second) and the end-to-end ingest (query, write the buckets, price, store).
// The reference is what a team would do without the engine path: export the same table to the file its product
// exports (a LiteLLM_SpendLogs CSV from Postgres, Langfuse observations as JSON lines from ClickHouse), then
// `llmcost ingest FILE` + `llmcost audit` into a fresh database. Both paths are timed in the same run, and the two
// audits' totals (requests, cost) are compared.
// Node runs this TypeScript file directly (type stripping); it uses the built CLI in dist/.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgres, LITELLM_SPEND_LOGS_DDL, startPostgres } from '../test/helpers/postgres.ts';
import { chdbExecutor, LANGFUSE_DDL, loadChdb } from '../test/helpers/chdb.ts';

const ROWS = Number(process.env['LLMCOST_BENCH_ENGINE_ROWS'] ?? 1_000_000);
const DAY0 = Date.parse('2025-05-01T00:00:00Z');
const BIN = join(import.meta.dirname, '..', 'bin', 'llmcost.js');
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const work = mkdtempSync(join(tmpdir(), 'llmcost-bench-engines-'));
const seconds = (since: number) => (performance.now() - since) / 1000;
const mb = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;

/** Runs the built CLI; throws with its stderr when it fails. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; seconds: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...env } });
  if (r.status !== 0) throw new Error(`llmcost ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { stdout: r.stdout, stderr: r.stderr, seconds: seconds(t) };
}

interface AuditTotals {
  requests: number;
  costUsd: number;
  reportedCostUsd: number | null;
}

/** `llmcost audit --format json` of a whole database: its totals and how long the audit took. */
function audit(db: string): { totals: AuditTotals; seconds: number } {
  const r = cli(['--db', db, 'audit', '--format', 'json']);
  return { totals: (JSON.parse(r.stdout) as { totals: AuditTotals }).totals, seconds: r.seconds };
}

interface PathTimes {
  ingest: number;
  audit: number;
  totals: AuditTotals;
}

/** Prints the engine path against the exported file's path, and whether the two audits agree. */
function compare(name: string, rows: number, file: string, exportSeconds: number, engine: PathTimes, viaFile: PathTimes): void {
  const engineTotal = engine.ingest + engine.audit;
  const fileTotal = viaFile.ingest + viaFile.audit;
  console.log(`${name}: ${n(rows)} rows; exported file ${mb(file)}`);
  console.log(`  engine path: ingest ${engine.ingest.toFixed(1)} s + audit ${engine.audit.toFixed(1)} s = ${engineTotal.toFixed(1)} s`);
  console.log(
    `  file path:   export ${exportSeconds.toFixed(1)} s; ingest ${viaFile.ingest.toFixed(1)} s + audit ${viaFile.audit.toFixed(1)} s = ${fileTotal.toFixed(1)} s (${(exportSeconds + fileTotal).toFixed(1)} s with the export)`,
  );
  console.log(
    `  ratio engine / file: ${(engineTotal / fileTotal).toFixed(2)} (ingest + audit), ${(engineTotal / (exportSeconds + fileTotal)).toFixed(2)} (export included); ${engineTotal < fileTotal ? 'the engine path is faster' : 'the engine path is NOT faster'}`,
  );
  const costGap = Math.abs(engine.totals.costUsd - viaFile.totals.costUsd);
  // Sums of a million floats in different orders differ in the last digits: a cent in a million dollars is agreement.
  const agree = engine.totals.requests === viaFile.totals.requests && costGap <= Math.max(1e-6, Math.abs(viaFile.totals.costUsd) * 1e-8);
  console.log(
    `  audits ${agree ? 'agree' : 'DISAGREE'}: requests ${n(engine.totals.requests)} vs ${n(viaFile.totals.requests)}; cost $${engine.totals.costUsd.toFixed(4)} vs $${viaFile.totals.costUsd.toFixed(4)}; reported $${engine.totals.reportedCostUsd?.toFixed(4)} vs $${viaFile.totals.reportedCostUsd?.toFixed(4)}`,
  );
  if (!agree) process.exitCode = 1;
}

/** `llmcost ingest FILE` into a fresh database, then its audit. */
function filePath(file: string, db: string): PathTimes {
  const ingest = cli(['--db', db, 'ingest', file]);
  const a = audit(db);
  return { ingest: ingest.seconds, audit: a.seconds, totals: a.totals };
}

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
    const env = { PGPASSWORD: server.password };
    const db = join(work, 'pg.db');
    const r = cli(['--db', db, 'ingest', server.url], env);
    const m = /([\d,]+) rows summed by Postgres into ([\d,]+) bucket records in ([\d.]+) s \(([\d,]+) rows\/s\)/.exec(r.stderr);
    console.log(
      `postgres: ${m?.[1]} rows summed into ${m?.[2]} bucket records; server-side ${m?.[3]} s (${m?.[4]} rows/s); end-to-end ingest ${r.seconds.toFixed(1)} s`,
    );
    const engineAudit = audit(db);
    const engine = { ingest: r.seconds, audit: engineAudit.seconds, totals: engineAudit.totals };

    // The file a team would otherwise feed llmcost: the whole table as CSV with a header row (psql's COPY, as a
    // dump of LiteLLM's database is made), streamed by the server straight into the file.
    const csv = join(work, 'LiteLLM_SpendLogs.csv');
    t = performance.now();
    const fd = openSync(csv, 'w');
    try {
      const copy = spawnSync(
        join(bin.dir, 'psql'),
        [
          '-X',
          '-q',
          '-h',
          '127.0.0.1',
          '-p',
          String(server.port),
          '-U',
          server.user,
          '-d',
          server.database,
          '-c',
          'COPY "LiteLLM_SpendLogs" TO STDOUT WITH (FORMAT csv, HEADER)',
        ],
        { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, ...env } },
      );
      if (copy.status !== 0) throw new Error(`psql COPY failed (${copy.status}): ${copy.stderr}`);
    } finally {
      closeSync(fd);
    }
    const exportSeconds = seconds(t);
    compare('postgres (LiteLLM spend logs)', ROWS, csv, exportSeconds, engine, filePath(csv, join(work, 'pg-file.db')));
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
    const ingestSeconds = seconds(t);
    console.log(
      `clickhouse (chdb): ${n(report.rowsAggregated)} rows summed into ${n(report.buckets)} bucket records; server-side ${(report.serverMs / 1000).toFixed(1)} s (${n((report.rowsAggregated / report.serverMs) * 1000)} rows/s); end-to-end ingest ${ingestSeconds.toFixed(1)} s`,
    );
    store.db.close();
    const engineAudit = audit(join(work, 'ch.db'));
    const engine = { ingest: ingestSeconds, audit: engineAudit.seconds, totals: engineAudit.totals };

    // The file a team would otherwise feed llmcost: the observations in the shape of Langfuse's JSONL export and
    // public API (camelCase fields, ISO times, usageDetails/costDetails objects), written by ClickHouse itself.
    const jsonl = join(work, 'langfuse-observations.jsonl');
    t = performance.now();
    session.query(`INSERT INTO FUNCTION file('${jsonl}', 'JSONEachRow')
      SELECT id, trace_id AS traceId, project_id AS projectId, type, formatDateTime(start_time, '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS startTime,
        name, metadata, level, provided_model_name AS providedModelName, usage_details AS usageDetails, cost_details AS costDetails,
        total_cost AS totalCost
      FROM observations FINAL
      SETTINGS output_format_json_quote_64bit_integers = 0, output_format_json_quote_decimals = 0`);
    const exportSeconds = seconds(t);
    compare('clickhouse (Langfuse observations)', ROWS, jsonl, exportSeconds, engine, filePath(jsonl, join(work, 'ch-file.db')));
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
