import { worst } from './levels.js';
import type { Check, Status } from './result-types.js';

type Ranked = Pick<Check, 'status' | 'overBy' | 'value'>;

/** Most important first: fail before warn before pass, then the furthest over its level, then the largest figure. */
export function byImportance(a: Ranked, b: Ranked): number {
  const rank = (s: Status) => (s === 'fail' ? 0 : s === 'warn' ? 1 : 2);
  return rank(a.status) - rank(b.status) || (b.overBy ?? Infinity) - (a.overBy ?? Infinity) || (b.value ?? 0) - (a.value ?? 0);
}

/** A budget's status (its worst check) and one sentence for it. */
export function summarize(checks: Check[], whenEmpty: string): { status: Status; message: string } {
  const status = worst(checks.map((c) => c.status));
  const [top] = [...checks].sort(byImportance);
  if (!top) return { status, message: whenEmpty };
  const broken = checks.filter((c) => c.status === 'warn' || c.status === 'fail').length;
  if (broken > 1) return { status, message: `${top.message} (and ${broken - 1} more over a level)` };
  if (broken === 0 && checks.length > 1) return { status, message: `All ${checks.length} within their levels; the highest: ${top.message}` };
  return { status, message: top.message };
}
