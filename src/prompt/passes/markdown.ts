/**
 * Markdown decoration a model does not need: bold and italic markers (`**x**`, `__x__`, `*x*`), horizontal
 * rules, and the padding of table cells and delimiter rows. Headings, list markers and line structure stay.
 */
export function trimMarkdown(text: string): string {
  return text
    .replace(/(\*{3}|\*{2}|__)(?=[^\s*_])([^\n]*?[^\s*_])\1/g, '$2')
    .replace(/(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '$1')
    .replace(/^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*\n?/gm, '')
    .replace(/^[ \t]*\|.*\|[ \t]*$/gm, (row) => {
      const cells = row.trim().slice(1, -1).split('|');
      const delimiter = cells.every((c) => /^\s*:?-+:?\s*$/.test(c));
      return `|${cells.map((c) => (delimiter ? c.trim().replace(/-+/, '---') : c.trim())).join('|')}|`;
    });
}
