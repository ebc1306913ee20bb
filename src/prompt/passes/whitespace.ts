/**
 * Whitespace and blank lines: CRLF becomes LF; spaces and tabs at line ends go; runs of spaces and tabs inside
 * a line become one space (indentation at the start of a line is kept: it carries structure); more than one
 * blank line becomes one; the text loses leading blank lines and keeps at most one final newline. Code blocks,
 * inline code and quoted strings are protected spans, so their whitespace is untouched.
 */
export function normalizeWhitespace(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out = lines.map((line) => {
    const indent = /^[ \t]*/.exec(line)![0];
    return indent + line.slice(indent.length).replace(/[ \t]+$/, '').replace(/[ \t]{2,}|\t/g, ' ');
  });
  const joined = out
    .join('\n')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
  return /\n\s*$/.test(text) ? joined.replace(/\s+$/, '\n') : joined.replace(/\s+$/, '');
}
