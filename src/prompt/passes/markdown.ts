const HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*$/;

/**
 * Section headings as labels: `## Rules` followed by a blank line becomes `Rules:` (one token less, the same
 * structure to a model). Only the headings of the deepest level the text uses, and only when there are at
 * least two of them (sections, not a lone title), so that a `#` title over `##` sections still stands above
 * them. Left alone: a heading ending in punctuation, and every heading of that level when one of them comes
 * right after a line ending in ":" (the headings are then an output template the answer must follow).
 */
function headingsAsLabels(text: string): string {
  const lines = text.split('\n');
  const levels = lines.map((l) => HEADING.exec(l)?.[1]?.length ?? 0);
  const deepest = Math.max(...levels);
  if (deepest === 0) return text;
  const at = levels.flatMap((n, i) => (n === deepest ? [i] : []));
  // The last non-blank line before each line.
  const previous: string[] = [];
  let last = '';
  for (const l of lines) {
    previous.push(last);
    if (l.trim() !== '') last = l;
  }
  if (at.length < 2 || at.some((i) => /:[ \t]*$/.test(previous[i]!) || /[:.!?;,]$/.test(HEADING.exec(lines[i]!)![2]!))) return text;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (levels[i] !== deepest) {
      out.push(lines[i]!);
      continue;
    }
    out.push(`${HEADING.exec(lines[i]!)![2]!}:`);
    // The blank line after it goes, so that the label stands on what it labels.
    if (lines[i + 1]?.trim() === '' && i + 2 < lines.length && lines[i + 2]!.trim() !== '' && levels[i + 2] === 0) i++;
  }
  return out.join('\n');
}

/**
 * Markdown decoration a model does not need: bold and italic markers (`**x**`, `__x__`, `*x*`, `_x_`), closing
 * hashes of headings (`## Rules ##`), horizontal rules that only decorate (next to a heading, or at the start
 * or end of the text: a rule between two pieces of content separates them and stays), the padding of table
 * cells and delimiter rows and the pipes at the ends of table rows (see `compactTable`), and the marks of
 * section headings (`## Rules` → `Rules:`, see `headingsAsLabels`). List markers and line structure stay.
 */
export function trimMarkdown(text: string): string {
  return headingsAsLabels(trimDecoration(text));
}

function trimDecoration(text: string): string {
  const lines = text.split('\n');
  const isRule = (l: string) => /^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(l);
  const isHeading = (l: string) => /^[ \t]{0,3}#{1,6}[ \t]/.test(l);
  const neighbour = (i: number, step: 1 | -1): string | null => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j]!.trim() !== '' && !isRule(lines[j]!)) return lines[j]!;
    return null;
  };
  const drop = lines.map((l, i) => {
    // "Title\n---" is a heading underline (setext), not a rule.
    if (!isRule(l) || (i > 0 && lines[i - 1]!.trim() !== '')) return false;
    const before = neighbour(i, -1);
    const after = neighbour(i, 1);
    return before === null || after === null || isHeading(after) || isHeading(before);
  });
  // A dropped rule takes the blank line after it when one is before it too.
  const kept = lines.filter((l, i) => !drop[i] && !(l.trim() === '' && i > 1 && drop[i - 1] && lines[i - 2]!.trim() === ''));
  return kept
    .join('\n')
    .replace(/(\*{3}|\*{2}|__)(?=[^\s*_])([^\n]*?[^\s*_])\1/g, '$2')
    .replace(/(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/^([ \t]{0,3}#{1,6}[ \t].*?)[ \t]+#+[ \t]*$/gm, '$1')
    .replace(/(?:^[ \t]*\|.*\|[ \t]*$\n?)+/gm, compactTable);
}

const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

/**
 * A block of table rows without cell padding (`| a   |` → `|a|`, delimiter cells as `---`), and without the pipes
 * at either end of each row, which Markdown does not need, when that cannot change the table: a delimiter row,
 * at least two columns in every row, and no row whose first or last cell is empty.
 */
function compactTable(block: string): string {
  const end = block.endsWith('\n') ? '\n' : '';
  const rows = block
    .slice(0, block.length - end.length)
    .split('\n')
    .map((row) => {
      const cells = row.trim().slice(1, -1).split('|');
      const delimiter = cells.every((c) => DELIMITER_CELL.test(c));
      return cells.map((c) => (delimiter ? c.trim().replace(/-+/, '---') : c.trim()));
    });
  const bare =
    rows.some((cells) => cells.every((c) => DELIMITER_CELL.test(c))) &&
    rows.every((cells) => cells.length >= 2 && cells[0] !== '' && cells[cells.length - 1] !== '');
  return rows.map((cells) => (bare ? cells.join('|') : `|${cells.join('|')}|`)).join('\n') + end;
}
