import { describe, expect, it } from 'vitest';
import { capMarkdown, csvCell, ghData, ghProperty, guardJson, guardText, mdCode, mdText, termText, xmlText } from '../../src/report/escape.js';

describe('output encodings (issue 14 A)', () => {
  it('terminal: control characters become visible escapes, workflow commands are broken, plain text is unchanged', () => {
    expect(termText('gpt-4o / café ✓')).toBe('gpt-4o / café ✓');
    expect(termText('a\u001b[2Jb\nc\r\td\u0007\u009b\u202e')).toBe('a\\x1b[2Jb\\nc\\r\\td\\x07\\x9b\\u202e');
    expect(termText('::error::x')).toBe('\\x3a:error::x');
    expect(termText('  ::error::x')).toBe('  \\x3a:error::x');
    expect(termText('a ##[error]b')).toBe('a #\\x23[error]b');
    expect(termText(termText('::a\n##[b'))).toBe(termText('::a\n##[b'));
  });

  it("a whole text keeps its own newlines and, with colors on, chalk's colour sequences only", () => {
    expect(guardText('ok\n::warning::x\n  ##[error]\n')).toBe('ok\n\\x3a:warning::x\n  #\\x23[error]\n');
    expect(guardText('\u001b[1mbold\u001b[22m \u001b]0;t\u0007', { colors: true })).toBe('\u001b[1mbold\u001b[22m \\x1b]0;t\\x07');
    expect(guardText('\u001b[1mbold\u001b[22m')).toBe('\\x1b[1mbold\\x1b[22m');
  });

  it('JSON: the same data once parsed, with no raw C1, bidi or ##[', () => {
    const value = { m: 'a ##[error]b \u009b31m \u202e \u2028' };
    const text = guardJson(JSON.stringify(value));
    expect(text).not.toMatch(/##\[|[\u0080-\u009f\u202e\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('CSV: formulas quoted as OWASP recommends; numbers, negative ones included, stay numbers', () => {
    for (const f of ['=1+2', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(f).replace(/^"|"$/g, '')).toMatch(/^'/);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('line\nbreak')).toBe('line\\nbreak');
    expect(csvCell('gpt-4o')).toBe('gpt-4o');
  });

  it('Markdown: HTML, links, emphasis and pipes escaped; mentions, URLs and mail addresses as inline code', () => {
    expect(mdText('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(mdText('</svg><img onerror=x>')).toBe('\\</svg\\>\\<img onerror=x\\>');
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('`x`')).toBe('\\`x\\`');
    expect(mdText('[l](https://e.example)')).toBe('\\[l\\](`https://e.example)`');
    expect(mdText('hi @octocat')).toBe('hi `@octocat`');
    expect(mdText('me@evil.example')).toBe('`me@evil.example`');
    expect(mdText('claude-3-5-sonnet@20240620')).toBe('claude-3-5-sonnet@20240620');
    expect(mdText('$1.08 and $\\x$')).toBe('$1.08 and \\$\\\\x\\$');
    expect(mdText('a\nb')).toBe('a\\\\nb');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x', { table: true })).toBe('`` `x ``');
    expect(mdCode('a|b', { table: true })).toBe('`a\\|b`');
  });

  it('XML: markup escaped, a carriage return as a reference, ##[ and a leading :: broken', () => {
    expect(xmlText('</failure>\r##[error]\n::warning::x')).toBe('&lt;/failure&gt;&#13;#&#35;[error]\n&#58;:warning::x');
  });

  it('GitHub workflow commands: % first, so a literal %0A stays literal; properties also : and ,', () => {
    expect(ghData('50% %0A\nx')).toBe('50%25 %250A%0Ax');
    expect(ghProperty('a:b,c\r')).toBe('a%3Ab%2Cc%0D');
    expect(ghData('esc\u001b[2J')).toBe('esc\\x1b[2J');
  });

  it('cuts Markdown at a line to fit a byte limit, with a note', () => {
    const text = `${'line ✓\n'.repeat(1000)}`;
    const cut = capMarkdown(text, 2000, '_cut_');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2000);
    expect(cut.endsWith('\n\n_cut_\n')).toBe(true);
    expect(capMarkdown('short\n', 2000, '_cut_')).toBe('short\n');
  });
});
