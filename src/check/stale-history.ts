import { BUCKET_MS } from '../usage/periods.js';
import type { SpendWindow } from './period.js';

/** The history may lag a day or two behind (a nightly export); a longer silence is worth a warning. */
export const STALE_AFTER_MS = 2 * 86_400_000;

/**
 * A warning when the history ends long before the periods the spend budgets judge: before a period even
 * starts, or more than two days before the end of what is judged (now, or the end of --until). Without it,
 * a history that stopped being ingested passes every spend budget with $0.
 */
export function staleHistoryWarning(database: string, lastMs: number | null, windows: SpendWindow[], now: number): string | null {
  if (lastMs === null || windows.length === 0) return null;
  // The bucket start of the last record: its 15 minutes count as covered.
  const last = lastMs + BUCKET_MS;
  const lastDay = new Date(lastMs).toISOString().slice(0, 10);
  const before = windows.find((w) => w.fromMs !== null && last <= w.fromMs);
  if (before)
    return `The history in ${database} ends on ${lastDay}, before the period ${before.first}…${before.last} that a spend budget judges: its spend reads $0. Ingest recent usage first.`;
  const judgedEnd = Math.max(...windows.map((w) => Math.min(now, w.toMs)));
  const gapDays = Math.floor((judgedEnd - last) / 86_400_000);
  if (judgedEnd - last > STALE_AFTER_MS)
    return `The history in ${database} ends on ${lastDay}, ${gapDays} days before the end of the period the spend budgets judge: spend since then is missing. Ingest recent usage first.`;
  return null;
}
