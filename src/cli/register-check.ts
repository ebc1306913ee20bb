import { Option, type Command } from 'commander';
import { collect } from './kit.js';

/** Registers `llmcost check` (issue 7): budget gates for CI. The implementation is imported when it runs. */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('check the budgets of the config (spend over the history, prompt file sizes and costs, prompt growth against a git base); exit 3 when a fail level is broken')
    .option('--base <ref>', 'compare prompt files with their version at this git commit or branch (its merge base with HEAD), e.g. origin/main')
    .addOption(new Option('--format <format>', 'output format (github: annotations on stdout, Markdown report to $GITHUB_STEP_SUMMARY)').choices(['table', 'json', 'markdown', 'junit', 'github']).default('table'))
    .option('--warn-only', 'report fail levels but never exit 3')
    .option('--budget <name>', 'check only this budget (repeatable)', collect)
    .option('-s, --since <when>', "spend budgets: first day instead of each budget's period (YYYY-MM-DD or a span such as 7d, last-month)")
    .option('-u, --until <when>', 'spend budgets: last day (default: today)')
    .option('--tz <zone>', 'time zone of days, weeks and months (IANA name; default: config "timezone", else UTC)')
    .action(async (opts, cmd: Command) => {
      const { runCheck } = await import('../check/command.js');
      await runCheck(cmd, opts);
    });
}
