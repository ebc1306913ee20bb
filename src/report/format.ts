/** Number formatting shared by the renderers. */
import { mdText, RawMarkdown, termText } from './escape.js';

export { csvCell } from './escape.js';

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const abs = Math.abs(n);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `$${n.toFixed(4)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Exact dollars for machine output: rounded to 1e-10 to drop float noise, never to cents. */
/** A cost, marked "≈" when some of it was priced at the nearest published rates rather than exact ones. */
export function costUsd(n: number, approximate: boolean): string {
  return approximate ? `≈${usd(n)}` : usd(n);
}

/** The sentence every report gives under its totals when some costs are approximate. */
export function approximateNote(records: number, cost: number): string {
  return `≈ ${usd(cost)} of the cost (${int(records)} record${records === 1 ? '' : 's'}) is approximate: the catalog lacks the exact rates (a service tier above a long-context threshold, or a speed without rates), so the nearest published ones were used.`;
}

/** Breaks text into lines of at most `width` characters at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function exactUsd(n: number): number {
  return Number(n.toFixed(10));
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

export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function perMillion(n: number | undefined): string {
  if (n === undefined) return '—';
  return `$${Number(n.toPrecision(10))}`;
}

export function padEnd(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

export function padStart(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** Cuts a value to `w` characters with an ellipsis, after making it safe for a terminal (escape.ts). */
export function fit(value: string, w: number): string {
  const s = termText(value);
  return s.length <= w ? s : `${s.slice(0, Math.max(0, w - 1))}…`;
}

/** A plain-text table: the first column left-aligned, the rest right-aligned; every cell made terminal-safe. */
export function textTable(header: string[], cells: string[][], indent = '  '): string[] {
  const rows = cells.map((r) => r.map(termText));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A Markdown table cell or inline text (escape.ts `mdText`); Markdown the renderer wrote itself passes as it is. */
export function mdCell(v: unknown): string {
  return v instanceof RawMarkdown ? v.text : mdText(v);
}

export function markdownTable(header: string[], rows: (string | RawMarkdown)[][], alignRight = true): string[] {
  const sep = header.map((_, i) => (i === 0 || !alignRight ? '---' : '---:'));
  return [`| ${header.map(mdCell).join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}
