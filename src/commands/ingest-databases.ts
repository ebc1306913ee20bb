import { isEngineArgument, resolveConnection, scrub, type Connection, type ConnectionConfig } from '../engines/connection.js';
import type { EngineIngestReport } from '../engines/ingest-engine.js';
import { openReader } from '../engines/open-reader.js';
import type { EngineReader } from '../engines/reader.js';
import type { FileIngestResult } from '../ingest/ingest.js';
import { UserError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import type { Context } from './context.js';
import { ingestFiles, type IngestFilesOptions } from './ingest-files.js';
import { warn } from './output.js';
import { timeScope } from './time-scope.js';

/** `llmcost ingest` options that concern database sources (README "At scale"). */
export interface EngineCommandOptions {
  connection?: string[];
  perRequest?: boolean;
  since?: string;
  until?: string;
  tz?: string;
  lateWindow?: string;
  table?: string;
  product?: string;
  strict?: boolean;
  claudeCode?: boolean;
  codex?: boolean;
}

/**
 * `llmcost ingest` with database sources among its arguments (or `--connection NAME`): the files go through
 * `ingestFiles` as before, each database through the engine ingest. One result per source read.
 */
export async function ingestWithEngines(ctx: Context, paths: string[], opts: EngineCommandOptions & IngestFilesOptions): Promise<FileIngestResult[]> {
  const specs: (string | ConnectionConfig)[] = paths.filter(isEngineArgument);
  const files = paths.filter((p) => !isEngineArgument(p));
  const configured = ctx.loaded.config.connections ?? {};
  for (const name of opts.connection ?? []) {
    const c = configured[name];
    if (!c) {
      const known = Object.keys(configured);
      throw new UserError(
        `--connection ${name} is not in the config's connections${known.length ? ` (${known.join(', ')})` : ''}: add it under connections: in ${ctx.loaded.file ?? 'llmcost.config.yaml'}.`,
      );
    }
    specs.push(c);
  }
  if (specs.length === 0) {
    for (const flag of ['perRequest', 'lateWindow', 'table', 'product', 'since', 'until', 'tz'] as const) {
      if (opts[flag] !== undefined)
        throw new UserError(
          `--${flag.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)} is for database sources (postgres://…, clickhouse://…, --connection NAME); files have no such setting.`,
        );
    }
    return ingestFiles(ctx, paths, opts);
  }
  const results: FileIngestResult[] = files.length > 0 || opts.claudeCode || opts.codex ? await ingestFiles(ctx, files, opts) : [];
  for (const spec of specs) {
    const report = await ingestOneEngine(ctx, spec, opts);
    results.push(...report.results);
  }
  return results;
}

async function ingestOneEngine(ctx: Context, spec: string | ConnectionConfig, opts: EngineCommandOptions): Promise<EngineIngestReport> {
  const conn = resolveConnection(spec, process.env, {
    ...(opts.table !== undefined ? { table: opts.table } : {}),
    ...(opts.product !== undefined ? { product: opts.product } : {}),
    ...(opts.lateWindow !== undefined ? { lateWindow: opts.lateWindow } : {}),
    warn,
  });
  const tz = opts.tz ?? ctx.timezone;
  const bounds = timeScope(opts.since, opts.until, tz);
  const { UsageStore } = await import('../db/store.js');
  const store = new UsageStore(ctx.db());
  const catalog = ctx.catalog();
  const { ingestEngine } = await import('../engines/ingest-engine.js');
  let reader: EngineReader | undefined;
  try {
    reader = await openReader(conn);
    const report = await ingestEngine(store, reader, {
      catalog,
      toolVersion: toolVersion(),
      perRequest: opts.perRequest === true,
      since: bounds.fromMs,
      until: bounds.toMs,
      lateWindowMs: conn.lateWindowMs,
      ...(opts.strict ? { strict: true } : {}),
    });
    process.stderr.write(describeReport(report, conn));
    return report;
  } catch (err) {
    // Whatever a driver says is scrubbed of the password before it can reach a terminal or a log.
    if (err instanceof UserError) throw new UserError(scrub(err.message, conn.password), err.exitCode);
    const e = err as Error;
    throw new UserError(
      `Reading ${conn.kind} at ${conn.host}:${conn.port}/${conn.database} failed: ${scrub(e.message ?? String(err), conn.password).slice(0, 300)}`,
      1,
    );
  } finally {
    await reader?.close();
  }
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** What was read, on stderr: the window, how much the engine summed, how fast, and what buckets cannot tell. */
export function describeReport(r: EngineIngestReport, c: Connection): string {
  const engine = c.kind === 'postgres' ? 'Postgres' : 'ClickHouse';
  const from = r.window.from === null ? 'the first row' : new Date(r.window.from).toISOString().replace(/:00\.000Z$/, 'Z');
  const to = r.window.to === null ? 'now' : new Date(r.window.to).toISOString().replace(/:00\.000Z$/, 'Z');
  const lines = [`llmcost: ${r.label}: ${from} to ${to}`];
  if (r.mode === 'per-request') {
    lines.push(`  ${n(r.rowsRead)} rows read one by one in ${secs(r.totalMs)} (${engine} ${secs(r.serverMs)})`);
  } else {
    const rate = r.serverMs > 0 ? ` (${n((r.rowsAggregated / r.serverMs) * 1000)} rows/s)` : '';
    lines.push(
      `  ${n(r.rowsAggregated)} rows summed by ${engine} into ${n(r.buckets)} bucket records in ${secs(r.serverMs)}${rate}; ${n(r.rowsRead)} rows read one by one (batch jobs); ${secs(r.totalMs)} in all`,
    );
    for (const l of r.leftOut) lines.push(`  left out: ${n(l.rows)} ${l.reason}`);
    lines.push(
      '  note: buckets give totals, breakdowns and reconciliation exactly; per-request percentiles are approximate, and cache replay, outliers and fingerprints need per-request rows: --per-request --since 7d',
    );
  }
  return `${lines.join('\n')}\n`;
}
