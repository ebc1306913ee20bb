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
    return (
      indent +
      line
        .slice(indent.length)
        .replace(/[ \t]+$/, '')
        .replace(/[ \t]{2,}|\t/g, ' ')
    );
  });
  const joined = out
    .join('\n')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
  return /\n\s*$/.test(text) ? joined.replace(/\s+$/, '\n') : joined.replace(/\s+$/, '');
}

const LIST_ITEM = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]/;
/** A line that reads as code rather than prose (protected spans already masked out). */
const CODE_LIKE =
  /[;{}][ \t]*$|^[ \t]*(?:def|class|function|import|from|return|if|elif|else|for|while|const|let|var|public|private|package|#include|SELECT|INSERT|UPDATE|CREATE)\b|[=!<>]=|=>|\)[ \t]*\{|^[ \t]*[)\]}]/;

function commonIndent(lines: string[]): string {
  let prefix: string | null = null;
  for (const l of lines) {
    if (l.trim() === '') continue;
    const indent = /^[ \t]*/.exec(l)![0];
    if (prefix === null) prefix = indent;
    else {
      let i = 0;
      while (i < prefix.length && i < indent.length && prefix[i] === indent[i]) i++;
      prefix = prefix.slice(0, i);
    }
    if (prefix === '') return '';
  }
  return prefix ?? '';
}

/**
 * Indentation that carries no structure, in prose (never in JSON or YAML, where it is structure): a prompt
 * pasted from source code with every line indented alike loses that common indentation, and so does a
 * paragraph indented on its own (a pasted message) unless it continues a list item. Relative indentation
 * (nested lists) stays; a block that reads as code (`;`, braces, `=>`, keywords) is left as it is, and a line
 * that starts with a multi-line protected span (a fenced code block) keeps its indentation.
 */
export function dedentProse(text: string, multiLine: (line: string) => boolean): string {
  const lines = text.split('\n');
  const dedent = (from: number, to: number, prefix: string) => {
    for (let i = from; i < to; i++) if (lines[i]!.startsWith(prefix) && !multiLine(lines[i]!)) lines[i] = lines[i]!.slice(prefix.length);
  };
  const prose = (from: number, to: number) => !lines.slice(from, to).some((l) => CODE_LIKE.test(l));
  const all = commonIndent(lines.filter((l) => !multiLine(l)));
  if (all !== '' && prose(0, lines.length)) dedent(0, lines.length, all);
  let i = 0;
  let previous: string | null = null;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]!.trim() !== '') j++;
    const block = lines.slice(i, j).filter((l) => !multiLine(l));
    const prefix = commonIndent(block);
    const continuesList = previous !== null && LIST_ITEM.test(previous);
    if (prefix !== '' && block.length > 0 && !continuesList && !LIST_ITEM.test(lines[i]!) && prose(i, j)) dedent(i, j, prefix);
    previous = lines[j - 1]!;
    i = j;
  }
  return lines.join('\n');
}
