import { Option, type Command } from 'commander';
import type { ExportFormat } from '../export/export.js';
import type { Context } from './context.js';
import { withContext } from './kit.js';

export interface ExportCommandOptions {
  format: ExportFormat;
  rollups?: boolean;
  output?: string;
  since?: string;
  until?: string;
  tz?: string;
}

/** Registers `llmcost export` (issue 19); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('export')
    .description(
      'write the normalized records (or the 15-minute rollups) as JSON lines, CSV or Parquet, for ClickHouse, DuckDB or a warehouse (schema: docs/export-schema.md)',
    )
    .addOption(new Option('--format <format>', 'file format').choices(['jsonl', 'csv', 'parquet']).default('jsonl'))
    .option('--rollups', 'export the 15-minute rollups (bucket, model: sums) instead of the records')
    .option('-o, --output <file>', 'write to this file (default: stdout; Parquet needs a file)')
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
    .action(async (opts: ExportCommandOptions, cmd: Command) => {
      const n = await withContext(cmd, (ctx) => exportCommand(ctx, opts));
      process.stderr.write(
        `llmcost: exported ${n.toLocaleString('en-US')} ${opts.rollups ? 'rollup rows' : 'records'}${opts.output ? ` to ${opts.output}` : ''} (${opts.format})\n`,
      );
    });
}

/** `llmcost export`: writes the records (or rollups) to the file or stdout; returns how many it wrote. */
export async function exportCommand(ctx: Context, opts: ExportCommandOptions): Promise<number> {
  const { timeScope } = await import('./time-scope.js');
  const { exportData } = await import('../export/export.js');
  const { toolVersion } = await import('../util/version.js');
  const { assertTimeZone } = await import('../util/time.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const bounds = timeScope(opts.since, opts.until, tz);
  return exportData(ctx.db(), {
    format: opts.format,
    rollups: opts.rollups === true,
    fromMs: bounds.fromMs,
    toMs: bounds.toMs,
    ...(opts.output !== undefined ? { out: opts.output } : {}),
    toolVersion: toolVersion(),
  });
}
