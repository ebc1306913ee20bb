import { nonBindingRanges, GOVERNED_FILLER, isMeaningWord } from './meaning.js';

/**
 * Protected spans: the parts of a prompt that compression never changes. Before the passes run, each span is
 * replaced by a sentinel (private-use characters no pass matches), so a pass cannot alter what it cannot see;
 * afterwards the sentinels are put back byte for byte. Identical span texts share one sentinel, so two
 * identical sentences stay identical in masked form (the repeated-sentence pass relies on it).
 *
 * What is protected (README, `llmcost compress`, "Never changed"): `[[keep]]…[[/keep]]` blocks, fenced code blocks,
 * inline code, URLs and e-mail addresses, template placeholders and tags ({var}, {var:.2f}, {{var}},
 * {{#each x}}, {% if x %}, {# note #}, ${var}, <var> and other angle-bracket tags), quoted strings ("…", “…”,
 * '…'), file paths, numbers with their units (any word holding a digit: 3.5 GB, $4.99, 2024-06-01,
 * INV-2024-0193, gpt-4o), and negations and modal words with the word they govern ("must not share",
 * "never guess", "only use"). The one change a span may see: a meaning span that now starts a sentence gets a
 * capital first letter.
 */

export type SpanKind = 'keep' | 'code-block' | 'code' | 'url' | 'placeholder' | 'quoted' | 'path' | 'number' | 'meaning' | 'sentinel';

export interface Span {
  start: number;
  end: number;
  kind: SpanKind;
}

export const KEEP_OPEN = '[[keep]]';
export const KEEP_CLOSE = '[[/keep]]';

/**
 * A sentinel: an opening character (U+E002 for a meaning span, so that a phrase rule can tell one is next;
 * U+E000 for the others), the span's index in base-3840 digits (U+E100–U+F0FF), U+E001.
 */
const OPEN = '\uE000';
export const MEANING_OPEN = '\uE002';
const CLOSE = '\uE001';
const DIGIT0 = 0xe100;
const BASE = 0xf0ff - DIGIT0 + 1;
/** The source of one sentinel, for patterns. */
export const SENTINEL_SOURCE = '[\\uE000\\uE002][\\uE100-\\uF0FF]+\\uE001';
export const SENTINEL = new RegExp(SENTINEL_SOURCE, 'g');
/**
 * Put by a pass before a sentinel whose span now starts a sentence: a meaning span is written back with a
 * capital first letter ("It is important that you never guess" → "Never guess"); other spans are not changed.
 */
export const CAPITAL = '\uE003';

const UNITS = [
  '%',
  'ms',
  's',
  'sec',
  'secs',
  'seconds?',
  'min',
  'mins',
  'minutes?',
  'h',
  'hrs?',
  'hours?',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'B',
  'KB',
  'MB',
  'GB',
  'TB',
  'PB',
  'KiB',
  'MiB',
  'GiB',
  'TiB',
  'k',
  'K',
  'M',
  'bn',
  'px',
  'em',
  'rem',
  'pt',
  'dpi',
  'mm',
  'cm',
  'm',
  'km',
  'in',
  'ft',
  'mi',
  'mg',
  'g',
  'kg',
  'lb',
  'lbs',
  'oz',
  'ml',
  'l',
  'L',
  'lm',
  'W',
  'kW',
  'kWh',
  'V',
  'Hz',
  'kHz',
  'MHz',
  'GHz',
  '°C',
  '°F',
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'tokens?',
  'words?',
  'characters?',
  'chars',
  'sentences?',
  'lines?',
  'bullets?',
  'items?',
  'x',
];

/** Inline spans, leftmost first; at one position the earlier alternative wins. */
const INLINE = new RegExp(
  [
    // inline code: `x` or ``x``
    '(?<code>``[^\\n]+?``|`[^`\\n]+`)',
    // URLs and e-mail addresses (trailing sentence punctuation is left out)
    '(?<url>\\b(?:https?|ftp|file|mailto|s3|gs)://[^\\s<>"\'`]*[^\\s<>"\'`.,;:!?)\\]]|\\bwww\\.[^\\s<>"\'`]*[^\\s<>"\'`.,;:!?)\\]]|(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+)',
    // template placeholders and tags: {{{raw}}}, {{var}}, {{#each x}}, {% tag %}, {# comment #}, ${var},
    // {var}, {var:.2f}, {var!r}, {0}, <var>, </var>, <tag attr="x">
    '(?<placeholder>\\{\\{\\{[^{}\\n]*\\}\\}\\}|\\{\\{[^{}\\n]*\\}\\}|\\{%[^\\n]*?%\\}|\\{#[^\\n]*?#\\}|\\$\\{[^{}\\n]*\\}|\\{[A-Za-z_][\\w.\\-]*(?:![rsa])?(?::[^{}\\n]*)?\\}|\\{\\d+\\}|\\{\\{|\\}\\}|</?[A-Za-z][\\w:.-]*(?:\\s[^<>\\n]*)?/?>)',
    // quoted strings, one line at most, with backslash escapes
    '(?<quoted>"(?:[^"\\\\\\n]|\\\\.)*"|“[^”\\n]*”|„[^“”\\n]*[“”]|«[^»\\n]*»|(?<![\\p{L}\\p{N}])\'(?:[^\'\\\\\\n]|\\\\.)+\'(?![\\p{L}\\p{N}]))',
    // paths: ~/x, ./x, ../x, /x/y, C:\\x, a/b.ext, name.ext
    '(?<path>(?:~|\\.{1,2})?/[\\w.~@%+\\-/]*[\\w~@%+\\-/]|\\b[A-Za-z]:\\\\[^\\s"\'<>]*[^\\s"\'<>.,;:!?]|\\b[\\w.\\-]+(?:/[\\w.\\-]*\\w)+|\\b[\\w\\-]+(?:\\.[\\w\\-]+)*\\.(?:ts|tsx|js|jsx|mjs|cjs|py|rb|go|rs|java|kt|c|h|cpp|cs|php|swift|json|jsonl|md|txt|yaml|yml|toml|ini|cfg|csv|tsv|xml|html|css|sql|sh|env|lock|log|pdf|png|jpg)\\b)',
    // numbers and the unit after them; any word holding a digit (ids, versions, dates, model names)
    `(?<number>(?<![\\p{L}\\p{N}_])[$€£¥]?[+-]?(?:[\\p{L}_]+[-_.])*[\\p{L}_]*\\p{N}(?:[\\p{L}\\p{N}_.,:/\\-]*[\\p{L}\\p{N}])?(?:\\s?(?:${UNITS.join('|')})(?![\\p{L}\\p{N}]))?)`,
    // characters that would be mistaken for sentinels
    '(?<sentinel>[\\uE000-\\uF0FF]+)',
  ].join('|'),
  'gu',
);

const INLINE_KINDS: SpanKind[] = ['code', 'url', 'placeholder', 'quoted', 'path', 'number', 'sentinel'];

/** Fenced code blocks and keep blocks, found line by line (a fence closes with the same marker, or at the end). */
function blockSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const keepAt = text.indexOf(KEEP_OPEN, i);
    const fence = /(?:^|\n)([ \t]{0,3})(`{3,}|~{3,})/g;
    fence.lastIndex = i === 0 ? 0 : i - 1;
    const f = fence.exec(text);
    const fenceAt = f ? f.index + (f[0].startsWith('\n') ? 1 : 0) : -1;
    if (keepAt < 0 && fenceAt < 0) break;
    if (keepAt >= 0 && (fenceAt < 0 || keepAt < fenceAt)) {
      const close = text.indexOf(KEEP_CLOSE, keepAt + KEEP_OPEN.length);
      const end = close < 0 ? text.length : close + KEEP_CLOSE.length;
      spans.push({ start: keepAt, end, kind: 'keep' });
      i = end;
    } else {
      const marker = f![2]!;
      const bodyStart = text.indexOf('\n', fenceAt);
      let end = text.length;
      if (bodyStart >= 0) {
        const closing = new RegExp(`\\n[ \\t]{0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*(?=\\n|$)`, 'g');
        closing.lastIndex = bodyStart;
        const c = closing.exec(text);
        if (c) end = c.index + c[0].length;
      }
      spans.push({ start: fenceAt, end, kind: 'code-block' });
      i = end;
    }
  }
  return spans;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:-[\p{L}\p{N}]+)*/gu;
/** After a meaning word: emphasis markers, removable filler, then the governed word. */
const GOVERNED = new RegExp(
  `^([ \\t]*(?:[*_]{1,3}[ \\t]*)?(?:${GOVERNED_FILLER}[ \\t]+)*(?:[*_]{1,3})?)([\\p{L}\\p{N}][\\p{L}\\p{N}'’]*(?:-[\\p{L}\\p{N}]+)*)`,
  'iu',
);

/**
 * Negations and modal words with the word they govern, in a stretch of text between other spans: a run of
 * meaning words joined by spaces ("must not") and the next word ("must not share"). When emphasis or filler
 * stands between them ("**never** share", "always make sure to check"), the run and the governed word are two
 * spans and what is between them may go. Courtesies ("I would like you to") and
 * idioms ("whether or not") are not protected.
 */
function meaningSpans(text: string, from: number, to: number): Span[] {
  const part = text.slice(from, to);
  const free = nonBindingRanges(part);
  const words = [...part.matchAll(WORD)].filter((w) => !free.some(([a, b]) => w.index >= a && w.index < b));
  const spans: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!isMeaningWord(words[i]![0])) continue;
    // The run: meaning words separated by spaces or emphasis markers, one span per space-joined piece.
    let pieceStart = words[i]!.index;
    let j = i;
    while (j + 1 < words.length && isMeaningWord(words[j + 1]![0])) {
      const between = part.slice(words[j]!.index + words[j]![0].length, words[j + 1]!.index);
      if (!/^[ \t*_]+$/.test(between)) break;
      if (!/^[ \t]+$/.test(between)) {
        spans.push({ start: from + pieceStart, end: from + words[j]!.index + words[j]![0].length, kind: 'meaning' });
        pieceStart = words[j + 1]!.index;
      }
      j++;
    }
    const runEnd = words[j]!.index + words[j]![0].length;
    const governed = GOVERNED.exec(part.slice(runEnd));
    if (governed && !isMeaningWord(governed[2]!)) {
      const wordStart = runEnd + governed[1]!.length;
      const wordEnd = wordStart + governed[2]!.length;
      if (/^[ \t]+$/.test(governed[1]!)) spans.push({ start: from + pieceStart, end: from + wordEnd, kind: 'meaning' });
      else {
        spans.push({ start: from + pieceStart, end: from + runEnd, kind: 'meaning' });
        spans.push({ start: from + wordStart, end: from + wordEnd, kind: 'meaning' });
      }
      // The governed word is not a run of its own.
      while (j + 1 < words.length && words[j + 1]!.index < wordEnd) j++;
    } else spans.push({ start: from + pieceStart, end: from + runEnd, kind: 'meaning' });
    i = j;
  }
  return spans;
}

const EXAMPLE_HEADER = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:example|sample)[ \t]*#?\d+[ \t]*(?:\*\*)?[:.]?[ \t]*(?:\*\*)?[ \t]*$/i;

/** Every protected span of a text, in order, not overlapping. */
export function findSpans(text: string): Span[] {
  const blocks = blockSpans(text);
  const spans: Span[] = [];
  let from = 0;
  const inline = (to: number) => {
    const part = text.slice(from, to);
    INLINE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = INLINE.exec(part)) !== null) {
      if (m[0] === '') {
        INLINE.lastIndex++;
        continue;
      }
      const groups = m.groups!;
      const kind = INLINE_KINDS.find((k) => groups[k] !== undefined)!;
      spans.push({ start: from + m.index, end: from + m.index + m[0].length, kind });
    }
  };
  for (const b of blocks) {
    inline(b.start);
    spans.push(b);
    from = b.end;
  }
  inline(text.length);
  // The number of a few-shot example header ("Example 3:", "### Example 3") numbers it and is not data: the
  // scaffolding pass may drop the header with it.
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k]!;
    if (s.kind !== 'number') continue;
    const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
    const lineEnd = text.indexOf('\n', s.end);
    if (EXAMPLE_HEADER.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) spans.splice(k, 1);
  }
  // Meaning spans live in the stretches between the others.
  const all: Span[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) all.push(...meaningSpans(text, at, s.start));
    all.push(s);
    at = s.end;
  }
  if (at < text.length) all.push(...meaningSpans(text, at, text.length));
  return all;
}

function sentinel(index: number, kind: SpanKind): string {
  let digits = '';
  let n = index;
  do {
    digits = String.fromCharCode(DIGIT0 + (n % BASE)) + digits;
    n = Math.floor(n / BASE);
  } while (n > 0);
  return (kind === 'meaning' ? MEANING_OPEN : OPEN) + digits + CLOSE;
}

function sentinelIndex(s: string): number {
  let n = 0;
  for (let i = 1; i < s.length - 1; i++) n = n * BASE + (s.charCodeAt(i) - DIGIT0);
  return n;
}

/** A text with its protected spans replaced by sentinels. */
export interface Masked {
  text: string;
  /** Distinct span texts, by sentinel index. */
  spans: string[];
  kinds: SpanKind[];
}

export function mask(text: string, spans: Span[] = findSpans(text)): Masked {
  const index = new Map<string, number>();
  const texts: string[] = [];
  const kinds: SpanKind[] = [];
  let out = '';
  let at = 0;
  for (const s of spans) {
    const t = text.slice(s.start, s.end);
    let i = index.get(t);
    if (i === undefined) {
      i = texts.length;
      index.set(t, i);
      texts.push(t);
      kinds.push(s.kind);
    }
    out += text.slice(at, s.start) + sentinel(i, kinds[i]!);
    at = s.end;
  }
  return { text: out + text.slice(at), spans: texts, kinds };
}

/** The text a span is written back as: itself, or for a keep block its content without the markers. */
export function restoredSpan(spanText: string, kind: SpanKind): string {
  if (kind !== 'keep') return spanText;
  const inner = spanText.slice(KEEP_OPEN.length);
  return inner.endsWith(KEEP_CLOSE) ? inner.slice(0, -KEEP_CLOSE.length) : inner;
}

const RESTORE = new RegExp(`(${CAPITAL})?(${SENTINEL_SOURCE})|${CAPITAL}`, 'g');

/** The text with its spans put back (a keep block without its markers; a meaning span after CAPITAL with a capital letter). */
export function unmask(text: string, masked: Pick<Masked, 'spans' | 'kinds'>): string {
  return text.replace(RESTORE, (_all, capital: string | undefined, s: string | undefined) => {
    if (s === undefined) return '';
    const i = sentinelIndex(s);
    const kind = masked.kinds[i]!;
    const restored = restoredSpan(masked.spans[i]!, kind);
    return capital !== undefined && kind === 'meaning' ? restored.charAt(0).toUpperCase() + restored.slice(1) : restored;
  });
}

/** The text with every span exactly as in the input (keep markers included), for parsing a region back. */
export function unmaskRaw(text: string, masked: Pick<Masked, 'spans'>): string {
  return text.replaceAll(CAPITAL, '').replace(SENTINEL, (s) => masked.spans[sentinelIndex(s)] ?? s);
}

/** The text of the span behind a sentinel (as in the input, keep markers included). */
export function spanOf(sentinelText: string, masked: Pick<Masked, 'spans'>): string {
  return masked.spans[sentinelIndex(sentinelText)] ?? '';
}

/** The sentinels of a masked text, as a multiset (sentinel → occurrences). */
export function sentinelCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(SENTINEL)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}
