import type { Command } from 'commander';
import type { StatusFigures, StatusInput } from '../agents/statusline.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { withContext } from './kit.js';

/** Registers `llmcost statusline` (issue 17): Claude Code's status line. Its code is imported when it runs. */
export function register(program: Command): void {
  program
    .command('statusline')
    .description("one line for Claude Code's status line: reads the hook's JSON on stdin; prints the session's and today's cost and the active 5-hour block")
    .option('--tz <zone>', 'time zone of "today" (IANA name; default: config "timezone", else UTC)')
    .option('--no-ingest', 'do not read new agent logs first')
    .action(async (opts, c: Command) => {
      const { parseStatusInput, statusLine } = await import('../agents/statusline.js');
      const input = parseStatusInput(await readStdin());
      try {
        const figures = await withContext(c, (ctx) => statuslineCommand(ctx, input, opts));
        process.stdout.write(`${statusLine(figures)}\n`);
      } catch (err) {
        // A status line that fails goes blank; one that says what is wrong can be fixed.
        if (!(err instanceof UserError)) throw err;
        process.stdout.write(`llmcost: ${err.message}\n`);
      }
    });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Today's Claude Code and Codex cost, this session's cost, and the active 5-hour block, after reading the
 * agent logs that are new or changed (quietly: the status line is the only output).
 */
export async function statuslineCommand(ctx: Context, input: StatusInput, opts: { tz?: string; ingest?: boolean }): Promise<StatusFigures> {
  const { assertTimeZone } = await import('../util/time.js');
  const { nowMs } = await import('../util/span.js');
  const { syncForView } = await import('./agent-sync.js');
  const { statusFigures } = await import('../agents/statusline.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const now = nowMs();
  await syncForView(ctx, ['claude-code', 'codex'], opts.ingest, true);
  return statusFigures(ctx.db(), input, tz, now);
}
