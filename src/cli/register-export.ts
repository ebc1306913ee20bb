import { Option, type Command } from 'commander';
import { withContext } from './kit.js';

/** Registers `llmcost export` (issue 19); its code is imported only when it runs. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the normalized records (or the 15-minute rollups) as JSON lines, CSV or Parquet, for ClickHouse, DuckDB or a warehouse (schema: docs/export-schema.md)')
    .addOption(new Option('--format <format>', 'file format').choices(['jsonl', 'csv', 'parquet']).default('jsonl'))
    .option('--rollups', 'export the 15-minute rollups (bucket, model: sums) instead of the records')
    .option('-o, --output <file>', 'write to this file (default: stdout; Parquet needs a file)')
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', 'last day to include: YYYY-MM-DD, or a span\'s last day (yesterday, last-month)')
    .option('--tz <zone>', 'time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
    .action(async (opts, cmd: Command) => {
      const { exportCommand } = await import('../export/command.js');
      await withContext(cmd, (ctx) => exportCommand(ctx, opts));
    });
}
