import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { color, withContext } from '../cli/kit.js';
import { warn } from '../cli/context.js';
import { renderCheck, type CheckFormat } from '../report/check-render.js';
import { renderCheckMarkdown } from '../report/check-markdown.js';
import { EXIT_CHECK_FAILED, UserError } from '../util/errors.js';
import { checkCommand, type CheckOptions } from './run.js';

/**
 * The `check` action: evaluates, prints the report on stdout (warnings on stderr), writes the GitHub job
 * summary in the github format, and ends with exit code 3 when a fail level broke (unless --warn-only).
 */
export async function runCheck(cmd: Command, opts: CheckOptions & { format: CheckFormat }): Promise<void> {
  const report = await withContext(
    cmd,
    async (ctx) => {
      const r = await checkCommand(ctx, opts);
      // The database, when a budget read it (prompt budgets alone never open it).
      return { database: ctx.dbOpened ? ctx.dbPath : null, ...r };
    },
    { report: true },
  );
  for (const w of report.warnings) warn(w);
  const workspace = process.env['GITHUB_WORKSPACE'] || process.cwd();
  process.stdout.write(renderCheck(report, opts.format, { color: await color(cmd), workspace }));
  const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
  if (opts.format === 'github' && summaryFile) {
    try {
      appendFileSync(summaryFile, renderCheckMarkdown(report));
    } catch (err) {
      throw new UserError(`Cannot write the job summary to $GITHUB_STEP_SUMMARY (${summaryFile}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
  }
  const failed = report.budgets.filter((b) => b.status === 'fail').map((b) => b.name);
  if (report.exitCode === EXIT_CHECK_FAILED) {
    throw new UserError(`${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level: ${failed.join(', ')}.`, EXIT_CHECK_FAILED);
  }
  if (failed.length > 0) warn(`--warn-only: ${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level (${failed.join(', ')}), exiting 0.`);
}
