/**
 * Numbers and plain text laid out for people and for JSON: dollars, counts, shares, signs, padding, columns
 * and line wrapping. Pure formatting, no escaping: what a medium needs escaped is done in report/escape.ts
 * before text reaches it.
 */
import { createRequire } from 'node:module';

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const abs = Math.abs(n);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `$${n.toFixed(4)}`;
  return `$${fixedGrouped(n, 2)}`;
}

/**
 * `n.toLocaleString('en-US', {minimumFractionDigits: d, maximumFractionDigits: d})` without Intl, whose first
 * number format costs ~15 ms at start-up. Intl rounds the shortest decimal that reads back as `n` (what
 * `String(n)` prints), half away from zero; so does this (test/unit/util/grouping.test.ts holds the two
 * equal). Outside 1e-6..1e15 Intl is asked.
 */
function fixedGrouped(n: number, digits: number): string {
  const abs = Math.abs(n);
  if (!(abs < 1e15) || (abs !== 0 && abs < 1e-6) || Object.is(n, -0)) {
    return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  const [whole, fraction = ''] = String(abs).split('.') as [string, string?];
  let kept = whole + fraction.slice(0, digits).padEnd(digits, '0');
  if ((fraction[digits] ?? '0') >= '5') {
    // Add one in the last kept place, carrying through nines.
    const d = kept.split('');
    let i = d.length - 1;
    while (i >= 0 && d[i] === '9') d[i--] = '0';
    if (i < 0) d.unshift('1');
    else d[i] = String(Number(d[i]) + 1);
    kept = d.join('');
  }
  const cut = kept.length - digits;
  const grouped = kept.slice(0, cut).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${digits > 0 ? `.${kept.slice(cut)}` : ''}`;
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
  return Number.isInteger(n) ? fixedGrouped(n, 0) : n.toLocaleString('en-US');
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

/** Columns a text takes on a terminal: East Asian wide characters and emoji take two, combining marks none (string-width, the measure Ink's screens use). */
export function displayWidth(s: string): number {
  if (ONE_COLUMN_EACH.test(s)) return s.length;
  stringWidth ??= (createRequire(import.meta.url)('string-width') as { default: (s: string) => number }).default;
  return stringWidth(s);
}

/**
 * Characters that take one column each (string-width agrees on every one of them: test/unit/display-width.test.ts):
 * printable ASCII, Latin, general punctuation, currency, arrows, mathematical operators, box drawing and blocks.
 * Text made only of them is measured by its length, so that string-width (whose Intl.Segmenter costs ~25 ms at
 * start-up) is loaded only for text that needs it.
 */
export const ONE_COLUMN_EACH = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2190-\u21ff\u2200-\u22ff\u2500-\u259f]*$/;
let stringWidth: ((s: string) => number) | undefined;

export function padEnd(s: string, w: number): string {
  const n = displayWidth(s);
  return n >= w ? s : s + ' '.repeat(w - n);
}

export function padStart(s: string, w: number): string {
  const n = displayWidth(s);
  return n >= w ? s : ' '.repeat(w - n) + s;
}

// Made on first use: an Intl.Segmenter costs ~10 ms to make, and most runs cut nothing.
let graphemes: Intl.Segmenter | undefined;

/**
 * Cuts text to `w` terminal columns, the last one an ellipsis when something was cut. Whole graphemes only:
 * a surrogate pair, an emoji sequence or a letter with its accents is never split. Infinity keeps it whole.
 */
export function cut(s: string, w: number): string {
  if (displayWidth(s) <= w) return s;
  let kept = '';
  let used = 0;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(s)) {
    const sw = displayWidth(segment);
    if (used + sw > w - 1) break;
    kept += segment;
    used += sw;
  }
  return `${kept}…`;
}

/** The separator of a two-level key (`model / feature`). */
export const LEVEL_SEPARATOR = ' / ';

/**
 * Cuts a key to `w` columns level by level: "model / feature" keeps its separator and a part of each level
 * (the room shared out, a short level kept whole), and a child row's leading indent stays, so that a cut key
 * still shows both levels. Too narrow for that, it is cut as plain text.
 */
export function cutLevels(s: string, w: number): string {
  if (displayWidth(s) <= w) return s;
  const indent = /^ */.exec(s)![0];
  const levels = s.slice(indent.length).split(LEVEL_SEPARATOR);
  const room = w - indent.length - LEVEL_SEPARATOR.length * (levels.length - 1);
  if (room < 2 * levels.length) return cut(s, w);
  const widths = levels.map(displayWidth);
  // Shares room out evenly; a level narrower than its share gives the rest to the others.
  const shares = widths.map(() => 0);
  let left = room;
  let open = widths.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const fits = open.filter((i) => widths[i]! <= share);
    if (fits.length === 0) {
      open.forEach((i, k) => {
        shares[i] = share + (k < left - share * open.length ? 1 : 0);
      });
      break;
    }
    for (const i of fits) {
      shares[i] = widths[i]!;
      left -= widths[i]!;
    }
    open = open.filter((i) => !fits.includes(i));
  }
  return indent + levels.map((l, i) => cut(l, shares[i]!)).join(LEVEL_SEPARATOR);
}

/**
 * The cells of one column cut to `w` columns (`cutLevels`), widened column by column where two different
 * cells would read the same, so that a cut never makes two keys look alike.
 */
export function cutDistinct(cells: string[], w: number): string[] {
  const widest = Math.max(0, ...cells.map(displayWidth));
  for (let width = w; ; width++) {
    const cutCells = cells.map((c) => cutLevels(c, width));
    const shownFor = new Map<string, string>();
    const distinct = cutCells.every((c, i) => {
      const earlier = shownFor.get(c);
      shownFor.set(c, cells[i]!);
      return earlier === undefined || earlier === cells[i];
    });
    if (distinct || width >= widest) return cutCells;
  }
}

/** The narrowest a name column is cut to, however narrow the terminal. */
const MIN_CUT_WIDTH = 10;

export interface ColumnsOptions {
  /** The first `left` columns left-aligned (or those in the set); the others right-aligned. */
  left?: number | Set<number>;
  /** The start of every line. */
  indent?: string;
  /** The widest a line may be, in terminal columns; absent or Infinity: as wide as the cells (nothing cut). */
  width?: number;
  /** The columns of names that are cut (level by level, `cutDistinct`) when the lines are wider than `width`; the figures are never cut. */
  shrink?: number[];
}

/**
 * Lines of a plain-text table, cells two spaces apart, trailing spaces trimmed, widths in terminal columns.
 * With `width`, the `shrink` columns give way, the widest first, until the lines fit (or the names reach
 * their narrowest). An empty header gives the rows without a header line.
 */
export function columns(header: string[], rows: string[][], opts: ColumnsOptions = {}): string[] {
  const left = opts.left ?? 1;
  const isLeft = typeof left === 'number' ? (i: number) => i < left : (i: number) => left.has(i);
  const indent = opts.indent ?? '';
  const count = Math.max(header.length, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(displayWidth(header[i] ?? ''), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  let cells = rows;
  const limit = opts.width ?? Infinity;
  const shrink = (opts.shrink ?? []).filter((i) => i < count);
  const lineWidth = () => indent.length + widths.reduce((a, b) => a + b, 0) + 2 * (count - 1);
  if (lineWidth() > limit && shrink.length > 0) {
    const floor = (i: number) => Math.max(MIN_CUT_WIDTH, displayWidth(header[i] ?? ''));
    for (let excess = lineWidth() - limit; excess > 0; excess--) {
      const widest = shrink.filter((i) => widths[i]! > floor(i)).sort((a, b) => widths[b]! - widths[a]!)[0];
      if (widest === undefined) break;
      widths[widest]!--;
    }
    cells = rows.map((r) => [...r]);
    for (const i of shrink) {
      const cut = cutDistinct(
        rows.map((r) => r[i] ?? ''),
        widths[i]!,
      );
      cut.forEach((c, k) => {
        cells[k]![i] = c;
      });
      widths[i] = Math.max(displayWidth(header[i] ?? ''), ...cut.map(displayWidth));
    }
  }
  const line = (row: string[]) =>
    indent +
    widths
      .map((w, i) => (isLeft(i) ? padEnd(row[i] ?? '', w) : padStart(row[i] ?? '', w)))
      .join('  ')
      .trimEnd();
  return [...(header.length > 0 ? [line(header)] : []), ...cells.map(line)];
}

/**
 * Breaks text into lines of at most `width` terminal columns at spaces. The first line begins with `indent`,
 * the others with `hang`; a word longer than a line stays whole on its own line. Empty text gives no line.
 */
export function wrap(text: string, width: number, opts: { indent?: string; hang?: string } = {}): string[] {
  const indent = opts.indent ?? '';
  const hang = opts.hang ?? indent;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const start = lines.length === 0 ? indent : hang;
    if (line !== '' && displayWidth(start + line) + 1 + displayWidth(word) > width) {
      lines.push(start + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push((lines.length === 0 ? indent : hang) + line);
  return lines;
}
