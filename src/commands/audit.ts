import type { Command } from 'commander';
import type { AuditDocument } from '../audit/document.js';
import type { Scope } from '../db/queries.js';
import type { Context } from './context.js';
import { INPUT_FORMATS } from './input-formats.js';
import { color, outputWidth, positiveInt, withContext, formatOption } from './kit.js';
import type { IngestFlags } from './ingest-files.js';
import { mediumOf, writeErrLine, writeOut } from './output.js';

export interface AuditCommandOptions extends IngestFlags {
  since?: string;
  until?: string;
  tz?: string;
  groupBy?: string;
  top?: number;
}

/** Registers `llmcost audit`; its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('audit')
    .description('ingest the given files (idempotent) and report where the money goes; with no files, report on the whole database')
    .argument('[files...]', 'usage files or directories to ingest and report on (gzipped too); "-" reads standard input')
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
    .option('--group-by <key>', 'breakdown: model, provider, day, week, month, project, user, feature, tag, api_key', 'model')
    .addOption(formatOption('audit'))
    .option('--input-format <name>', `force the input format instead of detecting it (${INPUT_FORMATS})`)
    .option('--top <n>', 'how many costliest requests to list', positiveInt('--top'), 10)
    .option('--strict', 'stop at the first bad line with exit code 2 and write nothing from that file')
    .option('--store-prompts', 'keep the prompt text beside its fingerprints (default: fingerprints only; README "Prompt fingerprints")')
    .option('--no-fingerprints', 'keep no prompt fingerprints either (default: fingerprints of prompts the sources carry)')
    .option('--source <name>', "label the files as one source: ids without a provider's shape are scoped to it (default: each file's absolute path)")
    .option('--html <file>', 'also write the report as one self-contained HTML file with charts')
    .action(async (files: string[], opts, cmd: Command) => {
      const doc = await withContext(cmd, async (ctx) => ({ database: ctx.dbPath, ...(await auditCommand(ctx, files, opts)) }), { report: true });
      const { renderAudit } = await import('../report/audit.js');
      if (opts.html) await writeHtmlReport(opts.html, doc);
      const colors = await color(cmd);
      writeOut(renderAudit(doc, opts.format, { color: colors, width: outputWidth() }), mediumOf(opts.format), { colors });
    });
}

/**
 * Ingests the given files (idempotently) and reports on exactly their records; with no files, reports on
 * the whole database.
 */
export async function auditCommand(ctx: Context, files: string[], opts: AuditCommandOptions): Promise<AuditDocument> {
  const { assertTimeZone } = await import('../util/time.js');
  const { timeScope } = await import('./time-scope.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const { parseGroupBy } = await import('./group-by.js');
  const groupBy = parseGroupBy(opts.groupBy);
  const bounds = timeScope(opts.since, opts.until, tz);
  const { ingestFiles, ingestOptionsOf } = await import('./ingest-files.js');
  const ingested = files.length > 0 ? await ingestFiles(ctx, files, ingestOptionsOf(opts)) : null;
  // The report itself lists skipped lines and conflicts (stdout, every format): they are not repeated on stderr.

  const q = await import('../db/queries.js');
  const { assembleAudit, ingestedLines } = await import('../audit/assemble.js');
  const { resolveModel } = await import('../catalog/catalog.js');
  const db = ctx.db();
  const sourceIds = ingested ? [...new Set(ingested.map((r) => r.sourceId).filter((id): id is number => id !== null))] : null;
  const scope: Scope = { sourceIds, ...bounds };
  const catalog = ctx.catalog();
  return assembleAudit({
    ingested,
    since: opts.since ?? null,
    until: opts.until ?? null,
    tz,
    groupBy,
    catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
    priceOf: (id) => resolveModel(catalog, id),
    batchFeatures: ctx.loaded.config.audit?.batchFeatures ?? [],
    periods: q.sumsByPeriodAndModel(db, scope, tz === 'UTC'),
    approximate: q.approximateByPeriodAndModel(db, scope, tz === 'UTC'),
    top: q.costliest(db, scope, opts.top ?? 10),
    records: () => q.scanRecords(db, scope, { provider: groupBy.includes('provider'), serviceTier: true }),
    fingerprints: q.promptHashes(db, scope),
    recordIds: (rids) => q.recordIds(db, rids),
    skipped: ingested ? ingestedLines(ingested, 'skipped') : q.skippedLines(db, null, 1000),
    failed: ingested ? ingestedLines(ingested, 'failed') : q.skippedLines(db, null, 1000, 'failed'),
    conflicts: q.conflictLines(db, sourceIds, 1000),
    templates: q.templateRows(db, scope),
    prefixBlocks: () => q.prefixBlockTree(db),
    reconcile: q.reconcileRows(db, scope),
  });
}

/** Writes the HTML report; a path that cannot be written is a user mistake, said in one sentence. */
async function writeHtmlReport(path: string, doc: AuditDocument): Promise<void> {
  const { renderAuditHtml } = await import('../report/audit-html.js');
  const { nowMs } = await import('../util/span.js');
  const { writeText } = await import('../util/files.js');
  writeText(path, renderAuditHtml(doc, `${new Date(nowMs()).toISOString().slice(0, 16).replace('T', ' ')} UTC`), 'the HTML report to');
  writeErrLine('llmcost: ', `wrote ${path}`);
}
