import { addUsage, emptyTotals, type AgentUsage, type UsageTotals } from './usage.js';

/** Claude's usage limits reset in windows of 5 hours that begin with the first message after the last window. */
export const BLOCK_MS = 5 * 3_600_000;
const HOUR_MS = 3_600_000;

export interface UsageBlock extends UsageTotals {
  /** The window's start: the hour (UTC) of its first message, floored; its end is 5 hours later. */
  startMs: number;
  endMs: number;
  /** The first and last message inside it. */
  firstMs: number;
  lastMs: number;
  /** Still running: now is before its end, and its last message is less than 5 hours old. */
  active: boolean;
  models: string[];
}

/** A stretch without messages that is longer than a window: listed between blocks. */
export interface UsageGap {
  gap: true;
  startMs: number;
  endMs: number;
}

export interface BurnRate {
  /** Spend per hour between the block's first and last message. */
  costPerHourUsd: number;
  tokensPerMinute: number;
}

export interface Projection {
  /** At the current burn rate, the block's cost and tokens when it ends. */
  costUsd: number;
  totalTokens: number;
  remainingMinutes: number;
}

/**
 * Splits time-ordered requests into 5-hour blocks: a block starts at its first message's hour (floored, UTC)
 * and holds every message until 5 hours after that start; a message after the block's end, or more than
 * 5 hours after the previous message, starts a new block. Gaps longer than a block are returned between them.
 */
export function identifyBlocks(usage: AgentUsage[], nowMs: number): (UsageBlock | UsageGap)[] {
  const out: (UsageBlock | UsageGap)[] = [];
  let current: { startMs: number; firstMs: number; lastMs: number; totals: UsageTotals; models: Set<string> } | null = null;
  const close = () => {
    if (!current) return;
    const endMs = current.startMs + BLOCK_MS;
    out.push({
      startMs: current.startMs,
      endMs,
      firstMs: current.firstMs,
      lastMs: current.lastMs,
      active: nowMs < endMs && nowMs - current.lastMs < BLOCK_MS,
      models: [...current.models],
      ...current.totals,
    });
  };
  for (const u of usage) {
    if (current && (u.ts - current.startMs > BLOCK_MS || u.ts - current.lastMs > BLOCK_MS)) {
      const lastMs = current.lastMs;
      close();
      if (u.ts - lastMs > BLOCK_MS) out.push({ gap: true, startMs: lastMs + BLOCK_MS, endMs: u.ts });
      current = null;
    }
    if (!current) current = { startMs: Math.floor(u.ts / HOUR_MS) * HOUR_MS, firstMs: u.ts, lastMs: u.ts, totals: emptyTotals(), models: new Set() };
    addUsage(current.totals, u);
    current.models.add(u.model);
    current.lastMs = u.ts;
  }
  close();
  return out;
}

export function isGap(b: UsageBlock | UsageGap): b is UsageGap {
  return 'gap' in b;
}

/** Spend and tokens per unit of time between a block's first and last message; null when they are one instant. */
export function burnRate(b: UsageBlock): BurnRate | null {
  const minutes = (b.lastMs - b.firstMs) / 60_000;
  if (minutes <= 0) return null;
  return { costPerHourUsd: (b.costUsd / minutes) * 60, tokensPerMinute: b.totalTokens / minutes };
}

/** An active block's cost and tokens at its end if the burn rate holds; null for a finished block or no rate. */
export function projectBlock(b: UsageBlock, nowMs: number): Projection | null {
  if (!b.active) return null;
  const rate = burnRate(b);
  if (!rate) return null;
  const remainingMinutes = Math.max(0, (b.endMs - nowMs) / 60_000);
  return {
    costUsd: b.costUsd + (rate.costPerHourUsd / 60) * remainingMinutes,
    totalTokens: Math.round(b.totalTokens + rate.tokensPerMinute * remainingMinutes),
    remainingMinutes,
  };
}

/** "2h 05m", "45m": whole minutes, rounded down. */
export function duration(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  const h = Math.floor(m / 60);
  return h > 0 ? `${h}h ${String(m % 60).padStart(2, '0')}m` : `${m}m`;
}
