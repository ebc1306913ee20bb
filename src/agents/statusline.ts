import type { DB } from '../db/open.js';
import { usd } from '../util/numbers.js';
import { localDay, startOfLocalDay, addDays } from '../util/time.js';
import { burnRate, duration, identifyBlocks, isGap, type UsageBlock } from './blocks.js';
import { clean } from './clean.js';
import { readAgentUsage, type AgentUsage } from './usage.js';
import { BLOCK_MS } from './blocks.js';

/** What Claude Code hands a status line command on stdin (only the fields used here). */
export interface StatusInput {
  sessionId: string | null;
  model: string | null;
}

/** Reads the hook's JSON; anything unreadable is an empty input (the line still shows today and the block). */
export function parseStatusInput(text: string): StatusInput {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const model = v['model'];
    const m = typeof model === 'object' && model !== null ? (model as Record<string, unknown>) : {};
    const name = typeof m['display_name'] === 'string' ? m['display_name'] : typeof m['id'] === 'string' ? m['id'] : typeof model === 'string' ? model : null;
    return { sessionId: typeof v['session_id'] === 'string' && v['session_id'] !== '' ? v['session_id'] : null, model: name };
  } catch {
    return { sessionId: null, model: null };
  }
}

export interface StatusFigures {
  model: string | null;
  sessionUsd: number | null;
  todayUsd: number;
  block: { costUsd: number; remainingMinutes: number; costPerHourUsd: number | null } | null;
}

const sum = (usage: AgentUsage[]) => usage.reduce((n, u) => n + (u.costUsd ?? 0), 0);

/**
 * Today's Claude Code and Codex cost, this session's cost, and the active 5-hour block (Claude Code's) with
 * its time left and burn rate. Reads only the records of the last day and a half, and of the session.
 */
export function statusFigures(db: DB, input: StatusInput, tz: string, now: number): StatusFigures {
  const today = localDay(now, tz);
  const dayStart = startOfLocalDay(today, tz);
  const todays = readAgentUsage(db, { agents: ['claude-code', 'codex'], fromMs: dayStart, toMs: startOfLocalDay(addDays(today, 1), tz) });
  // An active block began at most 5 hours ago, and may continue one that began up to 5 hours before that.
  const recent = readAgentUsage(db, { agents: ['claude-code'], fromMs: now - 3 * BLOCK_MS, toMs: null });
  const active = identifyBlocks(recent, now).find((b): b is UsageBlock => !isGap(b) && b.active);
  const session = input.sessionId ? readAgentUsage(db, { agents: ['claude-code', 'codex'], fromMs: null, toMs: null, session: input.sessionId }) : null;
  return {
    model: input.model,
    sessionUsd: session ? sum(session) : null,
    todayUsd: sum(todays),
    block: active
      ? { costUsd: active.costUsd, remainingMinutes: (active.endMs - now) / 60_000, costPerHourUsd: burnRate(active)?.costPerHourUsd ?? null }
      : null,
  };
}

/** One line: model · session · today · block (time left, burn rate). */
export function statusLine(f: StatusFigures): string {
  const parts: string[] = [];
  if (f.model) parts.push(clean(f.model));
  if (f.sessionUsd !== null) parts.push(`${usd(f.sessionUsd)} session`);
  parts.push(`${usd(f.todayUsd)} today`);
  if (f.block) {
    const rate = f.block.costPerHourUsd === null ? '' : `, ${usd(f.block.costPerHourUsd)}/h`;
    parts.push(`${usd(f.block.costUsd)} block (${duration(f.block.remainingMinutes)} left${rate})`);
  } else parts.push('no active block');
  return parts.join(' · ');
}
