import { nearest } from '../util/nearest.js';
import { Option, type Command } from 'commander';
import { numberIn, withContext } from './kit.js';

const VIEWS = [
  ['daily', 'Claude Code and Codex usage per day: reads new agent logs, then one table (tokens and cost)'],
  ['weekly', 'Claude Code and Codex usage per week (weeks start Monday)'],
  ['monthly', 'Claude Code and Codex usage per month'],
  ['session', 'Claude Code and Codex usage per session, last active at the bottom'],
  ['blocks', "Claude Code's 5-hour usage blocks, with the active block's burn rate and projection"],
] as const;

function viewOptions(cmd: Command): Command {
  return cmd
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'time zone of days, weeks and months (IANA name; default: config "timezone", else UTC)')
    .option('--project <name>', 'only this project: its folder, or the folder\'s last part (e.g. acme-api)')
    .option('--agent <name>', 'claude-code, codex or all (default: all; blocks: claude-code)')
    .option('--breakdown', 'a row per model under each row')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--no-ingest', 'report on the database as it is, without reading the agent logs first');
}

/**
 * Registers the coding-agent views (issue 17): `daily`, `weekly`, `monthly`, `session`, `blocks` and
 * `statusline`, and what bare `llmcost` does. Their code is imported when they run.
 */
export function registerAgentCommands(program: Command): void {
  for (const [name, description] of VIEWS) {
    const cmd = viewOptions(program.command(name).description(description));
    if (name === 'blocks') {
      cmd
        .option('--recent', 'only blocks of the last 3 days, and the active one')
        .option('--live', 'on a terminal: keep the active block on screen, refreshed (q quits)')
        .option('--interval <seconds>', 'seconds between refreshes with --live', numberIn('--interval', 1, 3600, 'a number of seconds from 1 to 3600'), 5);
    }
    cmd.action(async (opts, c: Command) => {
      if (name === 'blocks' && opts.live) {
        if (process.stdout.isTTY && process.stdin.isTTY && opts.format !== 'json') {
          const { runBlocksLive } = await import('../tui/blocks-live.js');
          await withContext(c, (ctx) => runBlocksLive(ctx, opts));
          return;
        }
        process.stderr.write('llmcost: --live needs a terminal; printing the blocks once.\n');
      }
      const { agentViewCommand } = await import('../agents/command.js');
      const doc = await withContext(c, (ctx) => agentViewCommand(ctx, name, opts), { report: true });
      const { renderAgentView } = await import('../agents/render.js');
      process.stdout.write(renderAgentView(doc, opts.format, opts.breakdown === true));
    });
  }

  program
    .command('statusline')
    .description("one line for Claude Code's status line: reads the hook's JSON on stdin; prints the session's and today's cost and the active 5-hour block")
    .option('--tz <zone>', 'time zone of "today" (IANA name; default: config "timezone", else UTC)')
    .option('--no-ingest', 'do not read new agent logs first')
    .action(async (opts, c: Command) => {
      const { readStdin, parseStatusInput, statusFigures, statusLine } = await import('../agents/statusline.js');
      const input = parseStatusInput(await readStdin());
      try {
        const figures = await withContext(c, (ctx) => statusFigures(ctx, input, opts));
        process.stdout.write(`${statusLine(figures)}\n`);
      } catch (err) {
        // A status line that fails goes blank; one that says what is wrong can be fixed.
        const { UserError } = await import('../util/errors.js');
        if (!(err instanceof UserError)) throw err;
        process.stdout.write(`llmcost: ${err.message}\n`);
      }
    });

  // Bare `llmcost`: the daily view when a coding agent has left logs on this machine, else a start page.
  // A root action turns commander's implicit `help [command]` off: it is asked for explicitly.
  program.helpCommand(true);
  program.action(async (_opts, c: Command) => {
    if (c.args.length > 0) {
      const { UserError } = await import('../util/errors.js');
      const word = c.args[0]!;
      const near = nearest(word, c.commands.map((x) => x.name()));
      throw new UserError(`unknown command '${word}': ${near ? `did you mean ${near}? ` : ''}run llmcost --help for the commands.`);
    }
    const { anyAgentLogs } = await import('../agents/logs.js');
    if (!anyAgentLogs()) {
      const { startPage } = await import('../agents/start-page.js');
      process.stdout.write(startPage());
      return;
    }
    const { agentViewCommand } = await import('../agents/command.js');
    const doc = await withContext(c, (ctx) => agentViewCommand(ctx, 'daily', {}), { report: true });
    const { renderAgentView } = await import('../agents/render.js');
    process.stdout.write(renderAgentView(doc, 'table', false));
  });
}

