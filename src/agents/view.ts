import { burnRate, identifyBlocks, isGap, projectBlock, type BurnRate, type Projection, type UsageBlock, type UsageGap } from './blocks.js';
import type { AgentName } from './logs.js';
import type { SyncSummary } from './sync.js';
import { byPeriod, bySession, sumRows, type AgentUsage, type PeriodKind, type PeriodRow, type SessionRow, type UsageTotals } from './usage.js';

export type AgentView = PeriodKind | 'session' | 'blocks';

/** What every view states: which database, the scope it covers, what this run read from the agent logs. */
export interface ViewBase {
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

const RECENT_MS = 3 * 86_400_000;

/** The part of a view's document that says what it covers (everything but its rows and totals). */
export type ViewHeader = Omit<ViewBase, 'view' | 'totals'>;

/** Builds one of the coding-agent views from the agents' usage in scope. */
export function buildAgentView(view: AgentView, usage: AgentUsage[], base: ViewHeader, opts: { tz: string; now: number; recent: boolean }): AgentDocument {
  const { tz, now } = opts;
  if (view === 'session') {
    const rows = bySession(usage);
    return { view, ...base, rows, totals: sumRows(rows) };
  }
  if (view === 'blocks') {
    let blocks: (BlockRow | UsageGap)[] = identifyBlocks(usage, now).map((b) =>
      isGap(b) ? b : { ...b, burnRate: burnRate(b), projection: projectBlock(b, now) },
    );
    if (opts.recent) blocks = blocks.filter((b) => b.startMs >= now - RECENT_MS || (!isGap(b) && b.active));
    // A gap first or last (after filtering) says nothing.
    while (blocks.length > 0 && isGap(blocks[0]!)) blocks.shift();
    const real = blocks.filter((b): b is BlockRow => !isGap(b));
    return { view, ...base, now, blocks, active: real.find((b) => b.active) ?? null, totals: sumRows(real) };
  }
  const rows = byPeriod(usage, view, tz);
  return { view, ...base, rows, totals: sumRows(rows) };
}
