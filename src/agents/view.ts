import { timeScope } from '../cli/commands/audit.js';
import type { Context } from '../cli/context.js';
import { UserError } from '../util/errors.js';
import { nowMs } from '../util/span.js';
import { assertTimeZone } from '../util/time.js';
import { burnRate, identifyBlocks, isGap, projectBlock, type BurnRate, type Projection, type UsageBlock, type UsageGap } from './blocks.js';
import { AGENTS, type AgentName } from './logs.js';
import { describeSync, syncAgentLogs, type SyncSummary } from './sync.js';
import { byPeriod, bySession, readAgentUsage, sumRows, type PeriodKind, type PeriodRow, type SessionRow, type UsageTotals } from './usage.js';

export type AgentView = PeriodKind | 'session' | 'blocks';

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

interface ViewBase {
  view: AgentView;
  database: string;
  scope: { since: string | null; until: string | null; tz: string; project: string | null; agents: AgentName[] };
  /** What this run read from the agent logs (null with --no-ingest). */
  ingest: Omit<SyncSummary, 'passedOver'> | null;
  totals: UsageTotals;
}

export interface PeriodDocument extends ViewBase {
  view: PeriodKind;
  rows: PeriodRow[];
}

export interface SessionDocument extends ViewBase {
  view: 'session';
  rows: SessionRow[];
}

export interface BlockRow extends UsageBlock {
  burnRate: BurnRate | null;
  projection: Projection | null;
}

export interface BlocksDocument extends ViewBase {
  view: 'blocks';
  now: number;
  blocks: (BlockRow | UsageGap)[];
  active: BlockRow | null;
}

export type AgentDocument = PeriodDocument | SessionDocument | BlocksDocument;

/** --agent: claude-code, codex or all (the default; 5-hour blocks default to Claude Code, whose limits they are). */
export function parseAgents(value: string | undefined, view: AgentView): AgentName[] {
  if (value === undefined) return view === 'blocks' ? ['claude-code'] : [...AGENTS];
  const v = value.trim().toLowerCase();
  if (v === 'all') return [...AGENTS];
  if (v === 'claude' || v === 'claude-code') return ['claude-code'];
  if (v === 'codex') return ['codex'];
  throw new UserError(`--agent "${value}" is not an agent llmcost reads: use claude-code, codex or all.`);
}

/** Reads the agent logs that are new or changed (unless --no-ingest), and says so on stderr. */
export async function syncForView(ctx: Context, agents: AgentName[], ingest: boolean | undefined, quiet = false): Promise<SyncSummary | null> {
  if (ingest === false) return null;
  const s = await syncAgentLogs(ctx, agents, { quiet });
  const line = describeSync(s);
  if (line && !quiet) process.stderr.write(`${line}\n`);
  return s;
}

const RECENT_MS = 3 * 86_400_000;

/** Builds one of the coding-agent views over the database (after reading new agent logs into it). */
export async function agentViewCommand(ctx: Context, view: AgentView, opts: AgentViewOptions): Promise<AgentDocument> {
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const agents = parseAgents(opts.agent, view);
  const now = nowMs();
  const bounds = timeScope(opts.since, opts.until, tz, now);
  const synced = await syncForView(ctx, agents, opts.ingest, opts.quiet === true);
  const usage = readAgentUsage(ctx.db(), { agents, ...bounds, ...(opts.project !== undefined ? { project: opts.project } : {}) });
  const base = {
    database: ctx.dbPath,
    scope: { since: opts.since ?? null, until: opts.until ?? null, tz, project: opts.project ?? null, agents },
    ingest: synced ? { files: synced.files, read: synced.read, added: synced.added, skipped: synced.skipped, failed: synced.failed } : null,
  };
  if (view === 'session') {
    const rows = bySession(usage);
    return { view, ...base, rows, totals: sumRows(rows) };
  }
  if (view === 'blocks') {
    let blocks: (BlockRow | UsageGap)[] = identifyBlocks(usage, now).map((b) => (isGap(b) ? b : { ...b, burnRate: burnRate(b), projection: projectBlock(b, now) }));
    if (opts.recent) blocks = blocks.filter((b) => b.startMs >= now - RECENT_MS || (!isGap(b) && b.active));
    // A gap first or last (after filtering) says nothing.
    while (blocks.length > 0 && isGap(blocks[0]!)) blocks.shift();
    const real = blocks.filter((b): b is BlockRow => !isGap(b));
    return { view, ...base, now, blocks, active: real.find((b) => b.active) ?? null, totals: sumRows(real) };
  }
  const rows = byPeriod(usage, view, tz);
  return { view, ...base, rows, totals: sumRows(rows) };
}
