import { isoWeek, localDay, tzOffsetMs } from '../util/time.js';
import { BUCKET_MS } from './periods.js';
import { rowTags, S, type ScanRow } from './scan-row.js';

export const GROUP_KEYS = ['model', 'provider', 'day', 'week', 'month', 'hour', 'project', 'user', 'feature', 'tag', 'api_key'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export const NONE = '(none)';

/** Local calendar day and hour of an instant, cached per 15-minute bucket (every real UTC offset is a multiple of 15 minutes). */
export function localClock(tz: string): (ts: number) => { day: string; hour: string } {
  const cache = new Map<number, { day: string; hour: string }>();
  return (ts) => {
    const bucket = Math.floor(ts / BUCKET_MS);
    let v = cache.get(bucket);
    if (!v) {
      const local = ts + tzOffsetMs(ts, tz);
      const day = localDay(ts, tz);
      v = { day, hour: `${day} ${String(Math.floor((local % 86_400_000) / 3_600_000)).padStart(2, '0')}:00` };
      if (cache.size > 100_000) cache.clear();
      cache.set(bucket, v);
    }
    return v;
  };
}

/** The group key(s) one row falls in for one grouping; a row with several tags falls in each. */
export function keyReader(key: GroupKey, tz: string): (r: ScanRow) => string | string[] {
  const clock = localClock(tz);
  switch (key) {
    case 'model':
      return (r) => r[S.model];
    case 'provider':
      return (r) => r[S.provider] ?? NONE;
    case 'day':
      return (r) => clock(r[S.ts]).day;
    case 'week':
      return (r) => isoWeek(clock(r[S.ts]).day);
    case 'month':
      return (r) => clock(r[S.ts]).day.slice(0, 7);
    case 'hour':
      return (r) => clock(r[S.ts]).hour;
    case 'project':
      return (r) => r[S.project] ?? NONE;
    case 'user':
      return (r) => r[S.user] ?? NONE;
    case 'feature':
      return (r) => r[S.feature] ?? NONE;
    case 'api_key':
      return (r) => r[S.apiKey] ?? NONE;
    case 'tag':
      return (r) => {
        const tags = rowTags(r);
        return tags.length > 0 ? tags : NONE;
      };
  }
}

/** Every combined key of a row for a one- or two-level grouping, joined with " / ". */
export function combinedKeys(readers: ((r: ScanRow) => string | string[])[]): (r: ScanRow) => string[] {
  const [only] = readers;
  if (readers.length === 1 && only) {
    return (r) => {
      const v = only(r);
      return Array.isArray(v) ? v : [v];
    };
  }
  return (r) => {
    let keys: string[] = [''];
    for (const [i, read] of readers.entries()) {
      const v = read(r);
      const parts = Array.isArray(v) ? v : [v];
      keys = keys.flatMap((k) => parts.map((p) => (i === 0 ? p : `${k} / ${p}`)));
    }
    return keys;
  };
}

/** Time keys sort by time; everything else by cost. */
export function isTimeKey(key: GroupKey): boolean {
  return key === 'day' || key === 'week' || key === 'month' || key === 'hour';
}
