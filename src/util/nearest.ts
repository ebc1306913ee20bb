/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name a mistyped one most likely meant (case, dashes and two typos forgiven), if any is that close. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  const k = key.toLowerCase().replace(/[-_ ]/g, '');
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const dd = editDistance(k, a.toLowerCase().replace(/[-_ ]/g, ''));
    if (dd < bestD) {
      best = a;
      bestD = dd;
    }
  }
  return best;
}
