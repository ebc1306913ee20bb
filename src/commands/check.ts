import { appendFileSync, existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { color, withContext } from '../cli/kit.js';
import { warn } from '../cli/context.js';
import { mediumOf, writeOut } from '../cli/output.js';
import { renderCheck, type CheckFormat } from '../report/check-render.js';
import { renderCheckMarkdown, SUMMARY_LIMIT_BYTES } from '../report/check-markdown.js';
import { EXIT_CHECK_FAILED, UserError } from '../util/errors.js';
import { checkCommand, type CheckOptions } from './run.js';
import { fit } from '../report/format.js';

const NAMES_LISTED = 10;

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
  const colors = await color(cmd);
  writeOut(renderCheck(report, opts.format, { color: colors, workspace }), mediumOf(opts.format), { colors });
  const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
  if (opts.format === 'github' && summaryFile) {
    try {
      // GitHub drops a step summary over 1 MiB: what earlier commands of the step wrote there counts too.
      const room = SUMMARY_LIMIT_BYTES - 16 * 1024 - (existsSync(summaryFile) ? statSync(summaryFile).size : 0);
      if (room >= 1024) appendFileSync(summaryFile, renderCheckMarkdown(report, room));
      else warn(`$GITHUB_STEP_SUMMARY already holds close to GitHub's 1 MiB limit: the check report was not added to it.`);
    } catch (err) {
      throw new UserError(`Cannot write the job summary to $GITHUB_STEP_SUMMARY (${summaryFile}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
  }
  const failed = report.budgets.filter((b) => b.status === 'fail').map((b) => b.name);
  // Names come from the config: the sentence names the first few, shortened, and counts the rest.
  const names = failed.slice(0, NAMES_LISTED).map((n) => fit(n, 60)).join(', ') + (failed.length > NAMES_LISTED ? ` and ${failed.length - NAMES_LISTED} more` : '');
  if (report.exitCode === EXIT_CHECK_FAILED) {
    throw new UserError(`${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level: ${names}.`, EXIT_CHECK_FAILED);
  }
  if (failed.length > 0) warn(`--warn-only: ${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level (${names}), exiting 0.`);
}
