/**
 * Markdown decoration a model does not need: bold and italic markers (`**x**`, `__x__`, `*x*`, `_x_`), closing
 * hashes of headings (`## Rules ##`), horizontal rules that only decorate (next to a heading, or at the start
 * or end of the text: a rule between two pieces of content separates them and stays), and the padding of table
 * cells and delimiter rows. Headings, list markers and line structure stay.
 */
export function trimMarkdown(text: string): string {
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
    .replace(/^[ \t]*\|.*\|[ \t]*$/gm, (row) => {
      const cells = row.trim().slice(1, -1).split('|');
      const delimiter = cells.every((c) => /^\s*:?-+:?\s*$/.test(c));
      return `|${cells.map((c) => (delimiter ? c.trim().replace(/-+/, '---') : c.trim())).join('|')}|`;
    });
}
