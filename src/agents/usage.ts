import { basename } from 'node:path';
import type { DB } from '../db/open.js';
import { localDay, mondayOf } from '../util/time.js';
import type { AgentName } from './logs.js';

/** One agent request as the views read it. */
export interface AgentUsage {
  ts: number;
  agent: AgentName;
  /** The catalog id the model resolved to, else the model as written. */
  model: string;
  project: string | null;
  session: string | null;
  requests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** null: the catalog has no price for the model. */
  costUsd: number | null;
}

export interface UsageFilter {
  agents: AgentName[];
  fromMs: number | null;
  toMs: number | null;
  /** A project's folder, or just its last part (`--project acme-api`). */
  project?: string;
  /** Only this session's records. */
  session?: string;
}

/** Whether a record's project (a working folder) is the one asked for: the whole path, or its last part. */
export function projectMatches(project: string | null, wanted: string): boolean {
  if (project === null) return false;
  const trimmed = wanted.replace(/[\\/]+$/, '');
  return project === wanted || project.replace(/[\\/]+$/, '') === trimmed || basename(project) === trimmed;
}

function sessionOf(tags: string | null): string | null {
  if (!tags) return null;
  try {
    const list = JSON.parse(tags) as unknown;
    if (!Array.isArray(list)) return null;
    const t = list.find((x): x is string => typeof x === 'string' && x.startsWith('session:'));
    return t ? t.slice('session:'.length) : null;
  } catch {
    return null;
  }
}

/** The agents' records in time order, read from the records their own logs put in the database. */
export function readAgentUsage(db: DB, f: UsageFilter): AgentUsage[] {
  if (f.agents.length === 0) return [];
  const where = [`s.format IN (${f.agents.map(() => '?').join(',')})`];
  const params: unknown[] = [...f.agents];
  if (f.fromMs !== null) {
    where.push('r.ts >= ?');
    params.push(f.fromMs);
  }
  if (f.toMs !== null) {
    where.push('r.ts < ?');
    params.push(f.toMs);
  }
  if (f.session !== undefined) {
    where.push("r.tags LIKE ? ESCAPE '\\'");
    params.push(`%${JSON.stringify(`session:${f.session}`).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const rows = db
    .prepare(
      `SELECT r.ts, s.format AS agent, COALESCE(r.model_id, r.model) AS model, r.project, r.tags, COALESCE(r.requests, 1) AS requests,
        r.input_tokens AS inputTokens, r.cache_read_tokens AS cacheReadTokens, r.cache_write_5m_tokens + r.cache_write_1h_tokens AS cacheWriteTokens,
        r.output_tokens AS outputTokens, r.reasoning_tokens AS reasoningTokens, r.cost_usd AS costUsd
      FROM records r JOIN sources s ON s.id = r.source_id WHERE ${where.join(' AND ')} ORDER BY r.ts, r.rid`,
    )
    .all(...params) as (Omit<AgentUsage, 'session'> & { tags: string | null })[];
  const out: AgentUsage[] = [];
  for (const r of rows) {
    if (f.project !== undefined && !projectMatches(r.project, f.project)) continue;
    const session = sessionOf(r.tags);
    if (f.session !== undefined && session !== f.session) continue;
    out.push({
      ts: r.ts,
      agent: r.agent,
      model: r.model,
      project: r.project,
      session,
      requests: r.requests,
      inputTokens: r.inputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheWriteTokens: r.cacheWriteTokens,
      outputTokens: r.outputTokens,
      reasoningTokens: r.reasoningTokens,
      costUsd: r.costUsd,
    });
  }
  return out;
}

/** Token and dollar sums of a group of requests. */
export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** Input + output + cache writes + cache reads. */
  totalTokens: number;
  costUsd: number;
  /** Requests of models the catalog has no price for (their cost is not in costUsd). */
  unpricedRequests: number;
}

export function emptyTotals(): UsageTotals {
  return { requests: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, totalTokens: 0, costUsd: 0, unpricedRequests: 0 };
}

export function addUsage(t: UsageTotals, u: AgentUsage): void {
  t.requests += u.requests;
  t.inputTokens += u.inputTokens;
  t.outputTokens += u.outputTokens;
  t.cacheWriteTokens += u.cacheWriteTokens;
  t.cacheReadTokens += u.cacheReadTokens;
  t.totalTokens += u.inputTokens + u.outputTokens + u.cacheWriteTokens + u.cacheReadTokens;
  if (u.costUsd === null) t.unpricedRequests += u.requests;
  else t.costUsd += u.costUsd;
}

export interface ModelTotals extends UsageTotals {
  model: string;
}

/** A row of a view: a day, week, month or session, its sums, and the same per model. */
export interface PeriodRow extends UsageTotals {
  key: string;
  models: string[];
  breakdown: ModelTotals[];
}

export interface SessionRow extends PeriodRow {
  agent: AgentName;
  project: string | null;
  firstTs: number;
  lastTs: number;
}

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** The label of the period an instant falls in: its day, the Monday of its week, or its month, in `tz`. */
export function periodKey(kind: PeriodKind, ts: number, tz: string): string {
  const day = localDay(ts, tz);
  if (kind === 'daily') return day;
  if (kind === 'monthly') return day.slice(0, 7);
  return mondayOf(day);
}

class Group {
  readonly totals = emptyTotals();
  readonly byModel = new Map<string, ModelTotals>();
  add(u: AgentUsage): void {
    addUsage(this.totals, u);
    let m = this.byModel.get(u.model);
    if (!m) this.byModel.set(u.model, (m = { model: u.model, ...emptyTotals() }));
    addUsage(m, u);
  }
  row(key: string): PeriodRow {
    const breakdown = [...this.byModel.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model));
    return { key, ...this.totals, models: breakdown.map((m) => m.model), breakdown };
  }
}

/** Rows per day, week or month, oldest first. */
export function byPeriod(usage: AgentUsage[], kind: PeriodKind, tz: string): PeriodRow[] {
  const groups = new Map<string, Group>();
  for (const u of usage) {
    const key = periodKey(kind, u.ts, tz);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Group()));
    g.add(u);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => g.row(key));
}

/** Rows per session, the one active last at the bottom. Records without a session id are left out. */
export function bySession(usage: AgentUsage[]): SessionRow[] {
  const groups = new Map<string, { g: Group; agent: AgentName; project: string | null; first: number; last: number }>();
  for (const u of usage) {
    if (u.session === null) continue;
    const key = `${u.agent}\u0000${u.session}`;
    let s = groups.get(key);
    if (!s) groups.set(key, (s = { g: new Group(), agent: u.agent, project: u.project, first: u.ts, last: u.ts }));
    s.g.add(u);
    s.first = Math.min(s.first, u.ts);
    s.last = Math.max(s.last, u.ts);
    s.project ??= u.project;
  }
  return [...groups.entries()]
    .map(([key, s]) => ({ ...s.g.row(key.slice(key.indexOf('\u0000') + 1)), agent: s.agent, project: s.project, firstTs: s.first, lastTs: s.last }))
    .sort((a, b) => a.lastTs - b.lastTs || a.key.localeCompare(b.key));
}

export function sumRows(rows: UsageTotals[]): UsageTotals {
  const t = emptyTotals();
  for (const r of rows) {
    t.requests += r.requests;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.cacheWriteTokens += r.cacheWriteTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.totalTokens += r.totalTokens;
    t.costUsd += r.costUsd;
    t.unpricedRequests += r.unpricedRequests;
  }
  return t;
}
