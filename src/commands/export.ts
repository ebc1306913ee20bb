import type { Context } from '../cli/context.js';
import type { ExportFormat } from './export.js';

export interface ExportCommandOptions {
  format: ExportFormat;
  rollups?: boolean;
  output?: string;
  since?: string;
  until?: string;
  tz?: string;
}

/** `llmcost export`: what was written goes to the file or stdout; the count, to stderr. */
export async function exportCommand(ctx: Context, opts: ExportCommandOptions): Promise<void> {
  const { timeScope } = await import('../cli/commands/audit.js');
  const { exportData } = await import('./export.js');
  const { toolVersion } = await import('../cli/context.js');
  const { assertTimeZone } = await import('../util/time.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const bounds = timeScope(opts.since, opts.until, tz);
  const n = await exportData(ctx.db(), {
    format: opts.format,
    rollups: opts.rollups === true,
    fromMs: bounds.fromMs,
    toMs: bounds.toMs,
    ...(opts.output !== undefined ? { out: opts.output } : {}),
    toolVersion: toolVersion(),
  });
  process.stderr.write(`llmcost: exported ${n.toLocaleString('en-US')} ${opts.rollups ? 'rollup rows' : 'records'}${opts.output ? ` to ${opts.output}` : ''} (${opts.format})\n`);
}
