import type { Scope } from '../db/queries.js';
import { UserError } from '../util/errors.js';
import { nowMs, resolveSpan } from '../util/span.js';
import { addDays, startOfLocalDay } from '../util/time.js';

/** Turns --since/--until (dates or spans such as 7d and this-month, inclusive, in `tz`) into the scope's bounds. */
export function timeScope(since: string | undefined, until: string | undefined, tz: string, now = nowMs()): Pick<Scope, 'fromMs' | 'toMs'> {
  const s = since === undefined ? undefined : resolveSpan(since, '--since', tz, now).first;
  const u = until === undefined ? undefined : resolveSpan(until, '--until', tz, now).last;
  if (s && u && s > u) throw new UserError(`--since ${s} is after --until ${u}: swap them.`);
  return {
    fromMs: s ? startOfLocalDay(s, tz) : null,
    toMs: u ? startOfLocalDay(addDays(u, 1), tz) : null,
  };
}
