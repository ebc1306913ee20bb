import { appendFileSync, existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { CheckOptions } from '../check/run.js';
import type { CheckReport } from '../check/result-types.js';
import type { CheckFormat } from '../report/check-render.js';
import { EXIT_CHECK_FAILED, UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { collect, color, withContext, formatOption } from './kit.js';
import { mediumOf, warn, writeOut } from './output.js';

const NAMES_LISTED = 10;

/** Registers `llmcost check` (issue 7): budget gates for CI. The implementation is imported when it runs. */
export function register(program: Command): void {
  program
    .command('check')
    .description(
      'check the budgets of the config (spend over the history, prompt file sizes and costs, prompt growth against a git base); exit 3 when a fail level is broken',
    )
    .option('--base <ref>', 'compare prompt files with their version at this git commit or branch (its merge base with HEAD), e.g. origin/main')
    .addOption(formatOption('check', 'output format (github: annotations on stdout, Markdown report to $GITHUB_STEP_SUMMARY)'))
    .option('--warn-only', 'report fail levels but never exit 3')
    .option('--budget <name>', 'check only this budget (repeatable)', collect)
    .option('-s, --since <when>', "spend budgets: first day instead of each budget's period (YYYY-MM-DD or a span such as 7d, last-month)")
    .option('-u, --until <when>', 'spend budgets: last day (default: today)')
    .option('--tz <zone>', 'time zone of days, weeks and months (IANA name; default: config "timezone", else UTC)')
    .action((opts, cmd: Command) => runCheck(cmd, opts));
}

/** Evaluates the config's budgets; the report names the database when a budget read it. */
export async function checkCommand(ctx: Context, opts: CheckOptions): Promise<CheckReport & { database: string | null }> {
  const { evaluateBudgets } = await import('../check/run.js');
  const r = await evaluateBudgets(ctx, opts);
  // The database, when a budget read it (prompt budgets alone never open it).
  return { database: ctx.dbOpened ? ctx.dbPath : null, ...r };
}

/**
 * The `check` action: evaluates, prints the report on stdout (warnings on stderr), writes the GitHub job
 * summary in the github format, and ends with exit code 3 when a fail level broke (unless --warn-only).
 */
async function runCheck(cmd: Command, opts: CheckOptions & { format: CheckFormat }): Promise<void> {
  const report = await withContext(cmd, (ctx) => checkCommand(ctx, opts), { report: true });
  const { renderCheck } = await import('../report/check-render.js');
  const { renderCheckMarkdown, SUMMARY_LIMIT_BYTES } = await import('../report/check-markdown.js');
  const { fit } = await import('../report/format.js');
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
      throw new UserError(
        `Cannot write the job summary to $GITHUB_STEP_SUMMARY (${summaryFile}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      );
    }
  }
  const failed = report.budgets.filter((b) => b.status === 'fail').map((b) => b.name);
  // Names come from the config: the sentence names the first few, shortened, and counts the rest.
  const names =
    failed
      .slice(0, NAMES_LISTED)
      .map((n) => fit(n, 60))
      .join(', ') + (failed.length > NAMES_LISTED ? ` and ${failed.length - NAMES_LISTED} more` : '');
  if (report.exitCode === EXIT_CHECK_FAILED) {
    throw new UserError(`${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level: ${names}.`, EXIT_CHECK_FAILED);
  }
  if (failed.length > 0) warn(`--warn-only: ${failed.length} budget${failed.length === 1 ? '' : 's'} over a fail level (${names}), exiting 0.`);
}
