/** Text laid out for a terminal or a Markdown page: the numbers come from util/numbers.ts, the escaping from escape.ts. */
import { columns, cut, int, usd } from '../util/numbers.js';
import { mdText, RawMarkdown, termText } from './escape.js';

/** The sentence every report gives under its totals when some costs are approximate. */
export function approximateNote(records: number, cost: number): string {
  return `≈ ${usd(cost)} of the cost (${int(records)} record${records === 1 ? '' : 's'}) is approximate: the catalog lacks the exact rates (a service tier above a long-context threshold, or a speed without rates), so the nearest published ones were used.`;
}

/** Cuts a value to `w` characters with an ellipsis, after making it safe for a terminal (escape.ts). */
export function fit(value: string, w: number): string {
  return cut(termText(value), w);
}

/** A plain-text table (util/numbers.ts `columns`), indented two spaces unless told; every cell made terminal-safe. */
export function textTable(header: string[], cells: string[][], opts: { indent?: string; left?: number | Set<number> } = {}): string[] {
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
