/** Text laid out for a terminal or a Markdown page: the numbers come from util/numbers.ts, the escaping from escape.ts. */
import { type ColumnsOptions, columns, cut, int, usd } from '../util/numbers.js';
import { mdText, RawMarkdown, termText } from './escape.js';

/** The sentence every report gives under its totals when some costs are approximate. */
export function approximateNote(records: number, cost: number): string {
  return `≈ ${usd(cost)} of the cost (${int(records)} record${records === 1 ? '' : 's'}) is approximate: the catalog lacks the exact rates (a service tier above a long-context threshold, or a speed without rates), so the nearest published ones were used.`;
}

/** Cuts a value to `w` terminal columns with an ellipsis, after making it safe for a terminal (escape.ts). */
export function fit(value: string, w: number): string {
  return cut(termText(value), w);
}

/** Prose under a table (notes, explanations) wraps at 80 columns, or a narrower terminal's width: tables may be wider, sentences are read better short. */
export function proseWidth(width = Infinity): number {
  return Math.min(width, 80);
}

/**
 * A plain-text table (util/numbers.ts `columns`), indented two spaces unless told; every cell made
 * terminal-safe. With `width` (the terminal's), the `shrink` columns of names are cut to fit it.
 */
export function textTable(header: string[], cells: string[][], opts: ColumnsOptions = {}): string[] {
  return columns(
    header,
    cells.map((r) => r.map(termText)),
    { indent: '  ', ...opts },
  );
}

/** A Markdown table cell or inline text (escape.ts `mdText`); Markdown the renderer wrote itself passes as it is. */
export function mdCell(v: unknown): string {
  return v instanceof RawMarkdown ? v.text : mdText(v);
}

export function markdownTable(header: string[], rows: (string | RawMarkdown)[][], alignRight = true): string[] {
  const sep = header.map((_, i) => (i === 0 || !alignRight ? '---' : '---:'));
  return [`| ${header.map(mdCell).join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}
