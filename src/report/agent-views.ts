import { basename } from 'node:path';
import { duration, isGap } from '../agents/blocks.js';
import { clean } from '../agents/clean.js';
import type { AgentDocument, BlockRow, BlocksDocument, PeriodDocument, SessionDocument } from '../agents/view.js';
import type { AgentName } from '../agents/logs.js';
import type { ModelTotals, UsageTotals } from '../agents/usage.js';
import { columns, compact, documentJson, dollarKeys, int, usd } from '../util/numbers.js';
import { localDay, tzOffsetMs } from '../util/time.js';
import { fit } from './format.js';
import { rendererOf, type Renderers } from './renderer.js';

/** The agent views (`daily`, `weekly`, `monthly`, `session`, `blocks`): one table each, or the document as JSON. */
export const AGENT_VIEW_RENDERERS: Renderers<'agentView', AgentDocument> = {
  table: (doc, opts) => agentViewTable(doc, opts.breakdown ?? false),
  json: (doc) => agentJson(doc),
};

export function renderAgentView(doc: AgentDocument, format: string, breakdown: boolean): string {
  return rendererOf('agentView', AGENT_VIEW_RENDERERS, format)(doc, { breakdown });
}

function agentViewTable(doc: AgentDocument, breakdown: boolean): string {
  if (doc.view === 'session') return renderSessions(doc, breakdown);
  if (doc.view === 'blocks') return renderBlocks(doc, breakdown);
  return renderPeriods(doc, breakdown);
}

const AGENT_NAMES: Record<AgentName, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

function agentsLabel(agents: AgentName[]): string {
  return agents.map((a) => AGENT_NAMES[a]).join(' and ');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The document as JSON: instants as ISO times, dollar amounts rounded to 1e-10 (float noise off, never to cents). */
function agentJson(doc: AgentDocument): string {
  let body: object;
  if (doc.view === 'blocks') {
    const { now, blocks, active, ...rest } = doc;
    const block = (b: BlockRow) => {
      const { startMs, endMs, firstMs, lastMs, ...sums } = b;
      return { start: iso(startMs), end: iso(endMs), firstMessage: iso(firstMs), lastMessage: iso(lastMs), gap: false, ...sums };
    };
    body = {
      ...rest,
      now: iso(now),
      blocks: blocks.map((b) => (isGap(b) ? { start: iso(b.startMs), end: iso(b.endMs), gap: true } : block(b))),
      active: active ? block(active) : null,
    };
  } else if (doc.view === 'session') {
    body = { ...doc, rows: doc.rows.map(({ firstTs, lastTs, key, ...r }) => ({ session: key, firstActivity: iso(firstTs), lastActivity: iso(lastTs), ...r })) };
  } else body = doc;
  return documentJson(body, dollarKeys);
}

function cost(t: UsageTotals): string {
  if (t.requests > 0 && t.unpricedRequests === t.requests) return 'unpriced';
  return `${usd(t.costUsd)}${t.unpricedRequests > 0 ? '*' : ''}`;
}

function tokenCells(t: UsageTotals): string[] {
  return [compact(t.inputTokens), compact(t.outputTokens), compact(t.cacheWriteTokens), compact(t.cacheReadTokens), compact(t.totalTokens), cost(t)];
}

const TOKEN_HEADER = ['Input', 'Output', 'Cache wr', 'Cache rd', 'Total', 'Cost'];

function breakdownRows(models: ModelTotals[], label: (model: string) => string[]): string[][] {
  return models.map((m) => [...label(fit(`  ${clean(m.model)}`, 22)), ...tokenCells(m)]);
}

function footnotes(doc: AgentDocument, totals: UsageTotals): string[] {
  const lines: string[] = [];
  if (totals.unpricedRequests > 0)
    lines.push(`* ${int(totals.unpricedRequests)} request(s) of models the catalog has no price for are not in the cost (llmcost audit lists them).`);
  if (doc.scope.project !== null) lines.push(`Project: ${clean(doc.scope.project)}.`);
  return lines;
}

function empty(doc: AgentDocument): string {
  const what = agentsLabel(doc.scope.agents);
  const where = doc.scope.since || doc.scope.until || doc.scope.project ? ' in this period or project' : '';
  return `No ${what} usage found${where}. llmcost reads the logs these tools write on this machine (~/.claude/projects, ~/.codex/sessions; $CLAUDE_CONFIG_DIR and $CODEX_HOME move them).\n`;
}

const PERIOD_TITLE = { daily: ['per day', 'Date'], weekly: ['per week (weeks start Monday)', 'Week of'], monthly: ['per month', 'Month'] } as const;

function renderPeriods(doc: PeriodDocument, breakdown: boolean): string {
  if (doc.rows.length === 0) return empty(doc);
  const [title, first] = PERIOD_TITLE[doc.view];
  const rows: string[][] = [];
  for (const r of doc.rows) {
    rows.push([r.key, ...tokenCells(r)]);
    if (breakdown) rows.push(...breakdownRows(r.breakdown, (m) => [m]));
  }
  rows.push(['Total', ...tokenCells(doc.totals)]);
  const lines = [
    `${agentsLabel(doc.scope.agents)} usage ${title}, ${doc.scope.tz}`,
    '',
    ...columns([first, ...TOKEN_HEADER], rows),
    ...footnotes(doc, doc.totals),
  ];
  return `${lines.join('\n')}\n`;
}

/** "YYYY-MM-DD HH:MM" of an instant in `tz`. */
function localTime(ms: number, tz: string): string {
  const shifted = new Date(ms + tzOffsetMs(ms, tz)).toISOString();
  return `${localDay(ms, tz)} ${shifted.slice(11, 16)}`;
}

function renderSessions(doc: SessionDocument, breakdown: boolean): string {
  if (doc.rows.length === 0) return empty(doc);
  const rows: string[][] = [];
  for (const r of doc.rows) {
    rows.push([
      clean(r.key.slice(0, 8)),
      r.agent,
      fit(clean(r.project ? basename(r.project) : '—'), 18),
      localTime(r.lastTs, doc.scope.tz),
      compact(r.totalTokens),
      cost(r),
    ]);
    if (breakdown) for (const m of r.breakdown) rows.push(['', '', fit(`  ${clean(m.model)}`, 20), '', compact(m.totalTokens), cost(m)]);
  }
  rows.push(['Total', '', '', '', compact(doc.totals.totalTokens), cost(doc.totals)]);
  const lines = [
    `${agentsLabel(doc.scope.agents)} sessions, last active at the bottom, ${doc.scope.tz}`,
    '',
    ...columns(['Session', 'Agent', 'Project', 'Last active', 'Tokens', 'Cost'], rows, { left: 4 }),
    ...footnotes(doc, doc.totals),
  ];
  return `${lines.join('\n')}\n`;
}

function status(b: BlockRow, now: number): string {
  if (b.active) return `active, ${duration((b.endMs - now) / 60_000)} left`;
  const used = (b.lastMs - b.firstMs) / 60_000;
  return used >= 1 ? `done, ${duration(used)} in use` : 'done';
}

/** The lines about the active block: spend so far, time left, burn rate and projection. */
function activeBlockLines(b: BlockRow, now: number, tz: string): string[] {
  const hm = (ms: number) => localTime(ms, tz).slice(11);
  const lines = [`Active block ${hm(b.startMs)}–${hm(b.endMs)} ${tz}: ${usd(b.costUsd)} so far, ${duration((b.endMs - now) / 60_000)} left.`];
  if (b.burnRate)
    lines.push(`  Burn rate ${usd(b.burnRate.costPerHourUsd)}/h, ${compact(Math.round(b.burnRate.tokensPerMinute))} tokens/min (first to last message).`);
  else lines.push('  Burn rate: not yet (one message so far).');
  if (b.projection) lines.push(`  Projected at ${hm(b.endMs)}: ${usd(b.projection.costUsd)}, ${compact(b.projection.totalTokens)} tokens.`);
  return lines;
}

export function renderBlocks(doc: BlocksDocument, breakdown: boolean): string {
  if (doc.blocks.length === 0) return empty(doc);
  const rows: string[][] = [];
  for (const b of doc.blocks) {
    if (isGap(b)) {
      rows.push([localTime(b.startMs, doc.scope.tz), `gap, ${duration((b.endMs - b.startMs) / 60_000)}`, '', '', '']);
      continue;
    }
    rows.push([localTime(b.startMs, doc.scope.tz), status(b, doc.now), int(b.requests), compact(b.totalTokens), cost(b)]);
    if (breakdown) for (const m of b.models) rows.push(['', fit(`  ${clean(m)}`, 22), '', '', '']);
  }
  rows.push(['Total', '', int(doc.totals.requests), compact(doc.totals.totalTokens), cost(doc.totals)]);
  const lines = [
    `${agentsLabel(doc.scope.agents)} 5-hour blocks, ${doc.scope.tz}`,
    '',
    ...columns(['Block start', 'Status', 'Requests', 'Tokens', 'Cost'], rows, { left: 2 }),
  ];
  lines.push('', ...(doc.active ? activeBlockLines(doc.active, doc.now, doc.scope.tz) : ['No active block.']));
  lines.push(...footnotes(doc, doc.totals));
  return `${lines.join('\n')}\n`;
}
