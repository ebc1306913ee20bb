const TICKS = '▁▂▃▄▅▆▇█';

/** Sums consecutive values into at most `width` columns, so a long history still fits one line. */
export function fold(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  const out: number[] = [];
  const per = values.length / width;
  for (let i = 0; i < width; i++) {
    let s = 0;
    for (let j = Math.floor(i * per); j < Math.floor((i + 1) * per); j++) s += values[j]!;
    out.push(s);
  }
  return out;
}

/** A one-line chart: the largest value gets the full block, zero a blank, anything above zero at least the lowest tick. */
export function sparkline(values: number[], max = Math.max(0, ...values)): string {
  return values
    .map((v) => {
      if (v <= 0 || max <= 0) return ' ';
      return TICKS[Math.min(TICKS.length - 1, Math.max(0, Math.ceil((v / max) * TICKS.length) - 1))]!;
    })
    .join('');
}
