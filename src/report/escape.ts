/**
 * Text from logs, configs and file names is attacker-controlled: anyone who can set `user`, `feature`,
 * `model`, a tag or a file name chooses what reaches a terminal, a CI log, a spreadsheet or a Markdown page.
 * Every output medium gets its own encoding here (README "Safety and failure behaviour").
 */

/**
 * Characters that act on a terminal or a log instead of being shown: C0 controls (newline, carriage
 * return, tab and ESC included), DEL, C1 controls, and the invisible Unicode format characters that
 * reorder or hide text (bidirectional overrides and isolates, line and paragraph separators, zero-width
 * space, byte-order mark).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** The same without newline, for whole rendered texts whose newlines are their own line breaks. */
const UNSAFE_IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** A colour sequence as chalk writes it (Select Graphic Rendition: ESC [ digits m). */
const SGR = /\u001b\[[0-9;]*m/y;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

/** One unsafe character as a visible escape: \n, \r, \t, \x1b, \x07, \u202e. */
function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * GitHub Actions reads `::command::` at the start of a log line (after leading white space) and the
 * legacy `##[command]` anywhere in a line. These break both without hiding what was written.
 */
const LEGACY_COMMAND = /##\[/g;
const LINE_COMMAND = /^([^\S\n]*):(?=:)/gm;

/** Unsafe characters as visible escapes: the value stays on one line and shows what it holds. */
export function escapeControls(value: unknown): string {
  return String(value ?? '').replace(UNSAFE, visible);
}

/**
 * A value for a terminal or a plain-text log line: every unsafe character becomes a visible escape (so
 * the value stays on one line and cannot move the cursor, retitle the window or plant a link), `##[`
 * becomes `#\x23[` and a leading `::` becomes `\x3a:`. Idempotent.
 */
export function termText(value: unknown): string {
  return escapeControls(value).replace(LEGACY_COMMAND, '#\\x23[').replace(LINE_COMMAND, '$1\\x3a');
}

/**
 * The last guard on a whole rendered text before it is written to stdout or stderr: renderers have already
 * escaped their values, and this makes sure that nothing they missed reaches the terminal or a CI log. Unsafe
 * characters other than the text's own newlines become visible escapes (chalk's colour sequences are kept when
 * `colors` is on), `##[` is broken everywhere and `::` at the start of any line.
 */
export function guardText(text: string, opts: { colors?: boolean; keepLineCommands?: boolean } = {}): string {
  let out = text.replace(UNSAFE_IN_TEXT, (ch, offset: number) => {
    if (ch === '\u001b' && opts.colors) {
      SGR.lastIndex = offset;
      if (SGR.test(text)) return ch;
    }
    return visible(ch);
  });
  out = out.replace(LEGACY_COMMAND, '#\\x23[');
  return opts.keepLineCommands ? out : out.replace(LINE_COMMAND, '$1\\x3a');
}

/**
 * JSON for stdout: the data stays exactly the same once parsed, but characters JSON.stringify leaves raw
 * (C1 controls, bidirectional and line separators) are written as \u escapes, and the `#` of `##[` as \u0023,
 * so that a CI log never reads a workflow command out of a string value.
 */
export function guardJson(text: string): string {
  return text
    .replace(
      /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(LEGACY_COMMAND, '\\u0023#[');
}

/**
 * CSV cells that a spreadsheet would run as a formula start with `=`, `+`, `-`, `@`, tab or carriage return
 * (OWASP "CSV Injection"); they get a leading single quote, which spreadsheets show as text. Unsafe characters
 * become visible escapes (so no cell spans lines), and a cell that would start a CI log line with `::` is
 * quoted the same way. Numbers are written as numbers: a negative amount stays a number.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  const raw = String(v);
  let s = escapeControls(raw).replace(LEGACY_COMMAND, '#\\x23[');
  if (/^[=+\-@\t\r]/.test(raw) || /^\s*::/.test(raw)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Markdown-significant punctuation escaped with a backslash (CommonMark: any ASCII punctuation may be). A `$`
 * before a digit is an amount ($1.08) and stays as written: with no other `$` and no backslash left, GitHub
 * math has nothing to run. An `_` inside a word (o200k_base) cannot start emphasis and stays too.
 */
const MD_PUNCTUATION = /[\\`*[\]<>&|~#!]|\$(?!\d)|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/** What GitHub would turn into a mention, a link or a mail link: shown as code, where nothing is live. */
const MD_LIVE = /(?<![\w@])@[A-Za-z0-9][\w./-]*|\b(?:https?|ftp|file|javascript|data|mailto):[^\s<>`|]*|\bwww\.[^\s<>`|]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

function mdEscape(s: string): string {
  return s.replace(MD_PUNCTUATION, '\\$&');
}

/**
 * Text for a Markdown page (tables, lists, headings): unsafe characters become visible escapes (so a value
 * never starts a new line or table row), Markdown and HTML punctuation is escaped (no raw HTML such as
 * `<script>` or `</svg><img onerror=…>`, no links or images, no emphasis, no table-cell breaks), and
 * @mentions, URLs and mail addresses are shown as inline code, where GitHub links and notifies nothing.
 * Works in table cells: a `|` is always escaped.
 */
export function mdText(value: unknown): string {
  const s = escapeControls(value);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(MD_LIVE)) {
    out += mdEscape(s.slice(last, m.index));
    out += `\`${m[0]}\``;
    last = m.index + m[0].length;
  }
  return out + mdEscape(s.slice(last));
}

/**
 * A value as inline code, where Markdown and HTML are shown as written and nothing links or mentions: a
 * fence longer than any run of backticks inside, unsafe characters made visible, and (`table`) `|` escaped,
 * which GFM reads as a pipe even inside code in a table cell.
 */
export function mdCode(value: unknown, opts: { table?: boolean } = {}): string {
  let s = escapeControls(value);
  if (s === '') return '';
  if (opts.table) s = s.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Markdown written by a renderer itself (emphasis, code built with mdCode): a table cell takes it as it is. */
export class RawMarkdown {
  constructor(readonly text: string) {}
}

export const rawMd = (text: string) => new RawMarkdown(text);

/** A whole Markdown document for stdout: values were escaped with mdText; this breaks what they missed. */
export function guardMarkdown(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, visible).replace(LEGACY_COMMAND, '#\\#[').replace(LINE_COMMAND, '$1\\:');
}

/** Text or an attribute value of an HTML page: markup and quotes written as references. */
export function htmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Characters XML 1.0 does not allow at all (control characters other than tab, newline, carriage return). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * XML character data: markup escaped, characters XML cannot hold dropped, a carriage return written as a
 * reference (a CI log would read it as a line break), and `##[` written with `&#35;` so a log never reads a
 * workflow command from it.
 */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;')
    .replace(LEGACY_COMMAND, '#&#35;[')
    .replace(LINE_COMMAND, '$1&#58;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** A whole XML document for stdout: a line of character data that starts with `::` gets `&#58;`. */
export function guardXml(text: string): string {
  return text.replace(LEGACY_COMMAND, '#&#35;[').replace(LINE_COMMAND, '$1&#58;');
}

/**
 * Data of a GitHub workflow command (GitHub's toolkit `escapeData`): `%`, CR and LF percent-encoded, `%`
 * first so that a literal `%0A` stays literal. Other unsafe characters are made visible first, so an
 * annotation shows no terminal sequences in the log.
 */
export function ghData(s: string): string {
  return String(s)
    .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, visible)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`escapeProperty`): also `:` and `,`. */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** UTF-8 bytes of a string. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Cuts a Markdown document to at most `maxBytes` of UTF-8 at a line boundary, ending with `note` (which
 * counts toward the limit). Unchanged when it fits.
 */
export function capMarkdown(text: string, maxBytes: number, note: string): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = Math.max(0, maxBytes - utf8Length(note) - 2);
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = utf8Length(line) + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  return `${kept.join('\n')}\n\n${note}\n`;
}
