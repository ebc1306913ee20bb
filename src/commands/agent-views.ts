import type { Command } from 'commander';
import type { AgentName } from '../agents/logs.js';
import type { AgentDocument, AgentView, BlocksDocument } from '../agents/view.js';
import { UserError } from '../util/errors.js';
import { nearest } from '../util/nearest.js';
import type { Context } from './context.js';
import { numberIn, withContext, formatOption } from './kit.js';

const VIEWS = [
  ['daily', 'Claude Code and Codex usage per day: reads new agent logs, then one table (tokens and cost)'],
  ['weekly', 'Claude Code and Codex usage per week (weeks start Monday)'],
  ['monthly', 'Claude Code and Codex usage per month'],
  ['session', 'Claude Code and Codex usage per session, last active at the bottom'],
  ['blocks', "Claude Code's 5-hour usage blocks, with the active block's burn rate and projection"],
] as const;

export interface AgentViewOptions {
  since?: string;
  until?: string;
  tz?: string;
  project?: string;
  agent?: string;
  breakdown?: boolean;
  /** false with --no-ingest: report on the database as it is. */
  ingest?: boolean;
  /** blocks: only the last 3 days and the active block. */
  recent?: boolean;
  /** Nothing on stderr (the live screen owns the terminal). */
  quiet?: boolean;
}

function viewOptions(cmd: Command): Command {
  return cmd
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'time zone of days, weeks and months (IANA name; default: config "timezone", else UTC)')
    .option('--project <name>', "only this project: its folder, or the folder's last part (e.g. acme-api)")
    .option('--agent <name>', 'claude-code, codex or all (default: all; blocks: claude-code)')
    .option('--breakdown', 'a row per model under each row')
    .addOption(formatOption('agentView'))
    .option('--no-ingest', 'report on the database as it is, without reading the agent logs first');
}

/**
 * Registers the coding-agent views (issue 17): `daily`, `weekly`, `monthly`, `session` and `blocks`, and what
 * bare `llmcost` does. Their code is imported when they run.
 */
export function register(program: Command): void {
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
          await withContext(c, (ctx) => runBlocksLive(liveBlocks(ctx, opts), (opts.interval ?? 5) * 1000));
          return;
        }
        process.stderr.write('llmcost: --live needs a terminal; printing the blocks once.\n');
      }
      const doc = await withContext(c, (ctx) => agentViewCommand(ctx, name, opts), { report: true });
      const { renderAgentView } = await import('../report/agent-views.js');
      process.stdout.write(renderAgentView(doc, opts.format, opts.breakdown === true));
    });
  }

  // Bare `llmcost`: the daily view when a coding agent has left logs on this machine, else a start page.
  // A root action turns commander's implicit `help [command]` off: it is asked for explicitly.
  program.helpCommand(true);
  program.action(async (_opts, c: Command) => {
    if (c.args.length > 0) {
      const word = c.args[0]!;
      const near = nearest(
        word,
        c.commands.map((x) => x.name()),
      );
      throw new UserError(`unknown command '${word}': ${near ? `did you mean ${near}? ` : ''}run llmcost --help for the commands.`);
    }
    const { anyAgentLogs } = await import('../agents/logs.js');
    if (!anyAgentLogs()) {
      const { startPage } = await import('../agents/start-page.js');
      process.stdout.write(startPage());
      return;
    }
    const doc = await withContext(c, (ctx) => agentViewCommand(ctx, 'daily', {}), { report: true });
    const { renderAgentView } = await import('../report/agent-views.js');
    process.stdout.write(renderAgentView(doc, 'table', false));
  });
}

/** --agent: claude-code, codex or all (the default; 5-hour blocks default to Claude Code, whose limits they are). */
function parseAgents(value: string | undefined, view: AgentView, all: readonly AgentName[]): AgentName[] {
  if (value === undefined) return view === 'blocks' ? ['claude-code'] : [...all];
  const v = value.trim().toLowerCase();
  if (v === 'all') return [...all];
  if (v === 'claude' || v === 'claude-code') return ['claude-code'];
  if (v === 'codex') return ['codex'];
  throw new UserError(`--agent "${value}" is not an agent llmcost reads: use claude-code, codex or all.`);
}

/** Builds one of the coding-agent views over the database (after reading new agent logs into it). */
export async function agentViewCommand(ctx: Context, view: AgentView, opts: AgentViewOptions): Promise<AgentDocument> {
  const { assertTimeZone } = await import('../util/time.js');
  const { nowMs } = await import('../util/span.js');
  const { AGENTS } = await import('../agents/logs.js');
  const { readAgentUsage } = await import('../agents/usage.js');
  const { buildAgentView } = await import('../agents/view.js');
  const { timeScope } = await import('./time-scope.js');
  const { syncForView } = await import('./agent-sync.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const agents = parseAgents(opts.agent, view, AGENTS);
  const now = nowMs();
  const bounds = timeScope(opts.since, opts.until, tz, now);
  const synced = await syncForView(ctx, agents, opts.ingest, opts.quiet === true);
  const usage = readAgentUsage(ctx.db(), { agents, ...bounds, ...(opts.project !== undefined ? { project: opts.project } : {}) });
  const base = {
    database: ctx.dbPath,
    scope: { since: opts.since ?? null, until: opts.until ?? null, tz, project: opts.project ?? null, agents },
    ingest: synced ? { files: synced.files, read: synced.read, added: synced.added, skipped: synced.skipped, failed: synced.failed } : null,
  };
  return buildAgentView(view, usage, base, { tz, now, recent: opts.recent === true });
}

/** `blocks --live`: the blocks report, read again on every refresh (recent blocks only, nothing on stderr). */
function liveBlocks(ctx: Context, opts: AgentViewOptions): () => Promise<string> {
  return async () => {
    const { renderBlocks } = await import('../report/agent-views.js');
    return renderBlocks((await agentViewCommand(ctx, 'blocks', { ...opts, recent: true, quiet: true })) as BlocksDocument, opts.breakdown === true);
  };
}
