/**
 * Numbers and plain text laid out for people and for JSON: dollars, counts, shares, signs, padding, columns
 * and line wrapping. Pure formatting, no escaping: what a medium needs escaped is done in report/escape.ts
 * before text reaches it.
 */

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const abs = Math.abs(n);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `$${n.toFixed(4)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * Dollars of one call, which are often fractions of a cent: three significant digits below a cent
 * ($0.00125, $0.0000250) so that a small prompt never reads $0.00.
 */
export function callUsd(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0 || abs >= 0.01) return usd(n);
  const digits = Math.min(10, 2 - Math.floor(Math.log10(abs)));
  return `${n < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

/** A cost, marked "≈" when some of it was priced at the nearest published rates rather than exact ones. */
export function costUsd(n: number, approximate: boolean): string {
  return approximate ? `≈${usd(n)}` : usd(n);
}

/** Rates per million tokens as the catalog states them, to ten significant digits. */
export function perMillion(n: number | undefined): string {
  if (n === undefined) return '—';
  return `$${Number(n.toPrecision(10))}`;
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** Compact token counts for 80-column tables: 950, 12.3K, 4.56M, 1.2B. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  if (abs < 1e6) return `${trim(n / 1e3)}K`;
  if (abs < 1e9) return `${trim(n / 1e6)}M`;
  return `${trim(n / 1e9)}B`;
}

function trim(x: number): string {
  const digits = Math.abs(x) < 10 ? 2 : Math.abs(x) < 100 ? 1 : 0;
  const s = x.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A share 0..1 as a percentage with one decimal: 12.3%. */
export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * When a figure above zero carries a "+": `positive` (a change: +$1.20, $0.00, -$1.20), `non-negative` (a
 * change whose zero reads as no loss: +$0.00), `never` (an amount that is only marked when below zero).
 */
export type PlusSign = 'positive' | 'non-negative' | 'never';

/** A signed figure: the sign written before the figure of its magnitude, so "-$1.20" and never "$-1.20". */
export function signed(n: number, magnitude: (abs: number) => string, plus: PlusSign = 'positive'): string {
  const body = magnitude(Math.abs(n));
  if (n < 0) return `-${body}`;
  return plus === 'non-negative' || (plus === 'positive' && n > 0) ? `+${body}` : body;
}

/** Signed dollars: +$1.20, -$0.0031 (`dollars: callUsd` for the fractions of a cent of one call); null is "—". */
export function signedUsd(n: number | null, opts: { plus?: PlusSign; dollars?: (n: number) => string } = {}): string {
  return n === null ? '—' : signed(n, opts.dollars ?? usd, opts.plus);
}

/** A signed count: +1,200, -35, 0. */
export function signedInt(n: number, plus: PlusSign = 'positive'): string {
  return signed(n, int, plus);
}

/** A signed percentage already in percent (12.34 → +12.3%); null is "—". */
export function signedPercent(p: number | null, plus: PlusSign = 'positive'): string {
  return p === null ? '—' : signed(p, (abs) => `${abs.toFixed(1)}%`, plus);
}

/** Exact dollars for machine output: rounded to 1e-10 to drop float noise, never to cents. */
export function exactUsd(n: number): number {
  return Number(n.toFixed(10));
}

/**
 * Which numbers of a document its JSON rounds with `exactUsd`, by key. One rule per document, because the
 * documents differ in what their fractions are and the JSON of each is kept as it was:
 * - `dollarKeys`: keys ending in "Usd" (audit, the agent views: their other fractions, shares and token
 *   percentiles, are written as computed);
 * - `dollarAndRangeKeys`: those and the P10/P50/P90 of the monthly ranges, which are dollars (simulate);
 * - `everyFraction`: every number that is not an integer (check: its fractions are dollars, percentages and
 *   ratios, all shown to a tenth at most).
 */
export type RoundedKeys = (key: string, value: number) => boolean;

export const dollarKeys: RoundedKeys = (key) => /usd$/i.test(key);
export const dollarAndRangeKeys: RoundedKeys = (key) => /usd$|^p\d+$/i.test(key);
export const everyFraction: RoundedKeys = (_key, value) => !Number.isInteger(value);

/** A document as JSON for stdout, two-space indented, one line feed at the end; `rounded` picks the numbers rounded to 1e-10. */
export function documentJson(doc: unknown, rounded?: RoundedKeys): string {
  if (!rounded) return `${JSON.stringify(doc, null, 2)}\n`;
  return `${JSON.stringify(doc, (key: string, value: unknown) => (typeof value === 'number' && rounded(key, value) ? exactUsd(value) : value), 2)}\n`;
}

export function padEnd(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

export function padStart(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** Cuts text to `w` characters, the last one an ellipsis when something was cut. */
export function cut(s: string, w: number): string {
  return s.length <= w ? s : `${s.slice(0, Math.max(0, w - 1))}…`;
}

/**
 * Lines of a plain-text table, cells two spaces apart, trailing spaces trimmed: the first `left` columns
 * left-aligned (or those in `left` when it is a set), the others right-aligned; each line begins with `indent`.
 */
export function columns(header: string[], rows: string[][], opts: { left?: number | Set<number>; indent?: string } = {}): string[] {
  const left = opts.left ?? 1;
  const isLeft = typeof left === 'number' ? (i: number) => i < left : (i: number) => left.has(i);
  const indent = opts.indent ?? '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (isLeft(i) ? padEnd(c, widths[i]!) : padStart(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * Breaks text into lines of at most `width` characters at spaces. The first line begins with `indent`, the
 * others with `hang`; with `cutWords` a word longer than a line (a quoted command) is cut into line-sized
 * pieces. Empty text gives no line.
 */
export function wrap(text: string, width: number, opts: { indent?: string; hang?: string; cutWords?: boolean } = {}): string[] {
  const indent = opts.indent ?? '';
  const hang = opts.hang ?? indent;
  const lines: string[] = [];
  let line = '';
  let words = text.split(' ');
  if (opts.cutWords) words = words.flatMap((w) => (w.length > width ? (w.match(new RegExp(`.{1,${width}}`, 'g')) ?? [w]) : [w]));
  for (const word of words) {
    const start = lines.length === 0 ? indent : hang;
    if (line !== '' && start.length + line.length + 1 + word.length > width) {
      lines.push(start + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push((lines.length === 0 ? indent : hang) + line);
  return lines;
}
