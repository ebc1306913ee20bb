import { MEANING_OPEN, SENTINEL, spanOf, type Masked } from '../spans.js';

/**
 * Repeated and restated sentences. A later sentence goes when an earlier one, still kept, already says it:
 *
 * - the same sentence: equal once lower-cased, with "please", lead-ins ("Remember:", "Again,", "As mentioned,"),
 *   emphasis markers and end punctuation ignored (at least 4 words);
 * - a restatement: every content word of the later sentence (function words and reminders aside, plural and
 *   tense folded) is in the earlier one, every protected span of it is inside the earlier one's text ("never
 *   share" inside "must never share"), every number, name or quoted string of it is one of the earlier one's
 *   own, and the earlier one adds no condition the later one lacks (if, when, unless, only, …): the earlier
 *   statement is at least as specific (at least 3 content words);
 * - a recap: a sentence or list item made of clauses (split at commas, semicolons and "and") each of which is
 *   a restatement of some earlier sentence.
 *
 * The first, most specific statement stays where it was. A line whose sentences all went goes too, as does a
 * short heading line ending in ":" (such as "Important reminders:") whose whole list went, and the empty quote
 * lines (">") of a quoted block that went. Table rows are left alone (see `tableLines`).
 */

const LEAD_IN =
  /^(?:(?:please\s+)?(?:remember|again|once again|as (?:mentioned|noted|stated|said)(?: (?:above|before|earlier))?|note|reminder|to repeat|to recap|in summary|to summarize)\b\s*[:,]?\s*(?:that\s+|to\s+)?)+/u;
const LEAD_IN_ANY_CASE = new RegExp(LEAD_IN.source, 'iu');
const MIN_WORDS = 4;
const MIN_CONTENT = 3;

const STOP = new Set(
  (
    'a an the to of in on at for from by with and or but as is are was were be been being it its this that these those there here ' +
    'you your yours we our us i me my they them their he she his her do does did so than then also just into about up out ' +
    'please again remember reminder note important importantly key rule rules such'
  ).split(' '),
);
/** Words that restrict a statement: an earlier sentence holding one the later lacks says something narrower. */
const CONDITIONS = new Set(['if', 'when', 'whenever', 'while', 'until', 'before', 'after', 'once', 'where', 'unless', 'except', 'only', 'without', 'case']);

const LINE_PREFIX = /^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+|(?:>[ \t]?)+)?/;
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|dr|mr|mrs|ms|st|no|art|sec|cf|approx|incl|min|max)|\b\p{L})\.$/iu;

/** The sentences of a line body: [start, end) pairs, each with its end punctuation and the spaces after it. */
function sentences(body: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (const m of body.matchAll(/[.!?]+(?=[ \t]|$)[ \t]*/g)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && m[0].trim() === '.' && ABBREVIATION.test(body.slice(start, m.index + 1))) continue;
    if (body.slice(start, end).trim() !== '') out.push([start, end]);
    start = end;
  }
  if (body.slice(start).trim() !== '') out.push([start, body.length]);
  return out;
}

/** A plural, possessive or tense folded away, so that "customers'" and "customer's" compare equal. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s?$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

interface Sentence {
  line: number;
  start: number;
  end: number;
  key: string;
  words: number;
  /** Content words, stemmed. */
  content: Set<string>;
  /** Protected spans, as written (lower-cased for comparison). */
  spans: string[];
  /** The spans that are not negations or modals (numbers, names, quoted strings…): only the same span covers one. */
  literals: string[];
  /** The sentence with its spans written back, lower-cased, for "is this span inside it". */
  restored: string;
  /** Its clauses, each compared on its own (a later sentence may restate one clause). */
  clauses: Analysed[];
  removed: boolean;
}

type Analysed = Pick<Sentence, 'content' | 'spans' | 'literals' | 'restored'>;
/** Clause boundaries: commas, semicolons and "and" between clauses. */
const CLAUSE = /[,;]\s+|\s+and\s+/;

export function sentenceKey(sentence: string, canonical: (s: string) => string = (s) => s): string {
  return sentence
    .replace(SENTINEL, canonical)
    .toLowerCase()
    .replace(/[*_`\uE003]/g, '')
    .replace(/\bplease\b,?\s*/g, '')
    .trim()
    .replace(LEAD_IN, '')
    .replace(/[\s.!?;:,]+$/u, '')
    .replace(/\s+/g, ' ');
}

function wordCount(key: string): number {
  return (key.match(/[\p{L}\p{N}]+|\uE000[^\uE001]*\uE001/gu) ?? []).length;
}

/** True when `later` says nothing `earlier` does not (see the header). */
function restates(later: Pick<Sentence, 'content' | 'spans' | 'literals'>, earlier: Analysed): boolean {
  for (const w of later.content) if (!earlier.content.has(w)) return false;
  for (const s of later.spans) if (!earlier.restored.includes(s)) return false;
  // A number or name must be one of the earlier sentence's own spans: "2" is not restated by "20 minutes".
  for (const s of later.literals) if (!earlier.literals.includes(s)) return false;
  for (const w of earlier.content) if (CONDITIONS.has(w) && !later.content.has(w)) return false;
  for (const s of earlier.spans) if (/^(?:only|unless|except|without)\b/.test(s) && !later.spans.some((t) => t.includes(s))) return false;
  return true;
}

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;

/** The lines of Markdown tables (with or without pipes at the ends): a row that repeats another still belongs to its table. */
function tableLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (/^[ \t]*\|/.test(lines[i]!)) out.add(i);
    if (!DELIMITER_ROW.test(lines[i]!)) continue;
    for (let j = i; j >= 0 && lines[j]!.includes('|'); j--) out.add(j);
    for (let j = i; j < lines.length && lines[j]!.includes('|'); j++) out.add(j);
  }
  return out;
}

export function removeRepeatedSentences(text: string, masked: Pick<Masked, 'spans'> = { spans: [] }): string {
  // A sentinel stands for its span's text, compared without case (a meaning span may start a sentence).
  const spanText = (s: string) => (masked.spans.length > 0 ? spanOf(s, masked).toLowerCase() : s);
  const ids = new Map<string, string>();
  const canonical = (s: string) => {
    const t = spanText(s);
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = `\uE000${ids.size}\uE001`));
    return id;
  };
  const analyse = (body: string) => {
    const spans = [...body.matchAll(SENTINEL)].map((m) => spanText(m[0]));
    const literals = [...body.matchAll(SENTINEL)].filter((m) => !m[0].startsWith(MEANING_OPEN)).map((m) => spanText(m[0]));
    const restored = body.replace(SENTINEL, spanText).toLowerCase();
    const plain = body
      .replace(SENTINEL, ' ')
      .replace(/[*_\uE003]/g, '')
      .toLowerCase()
      .replace(LEAD_IN, '');
    const content = new Set((plain.match(/[\p{L}\p{N}]+(?:['’]\p{L}*)?/gu) ?? []).filter((w) => !STOP.has(w)).map(stem));
    return { spans, literals, restored, content };
  };

  const lines = text.split('\n');
  const all: Sentence[] = [];
  const kept: Sentence[] = [];
  const index = new Map<string, Sentence[]>();
  const seen = new Set<string>();
  const candidates = (s: Pick<Sentence, 'content' | 'spans' | 'literals'>): Sentence[] => {
    // The earlier sentences sharing the later one's rarest content word (or, with none, its first span).
    let best: Sentence[] | undefined;
    for (const w of s.content) {
      const list = index.get(w) ?? [];
      if (best === undefined || list.length < best.length) best = list;
    }
    return best ?? kept.filter((k) => s.spans.every((t) => k.restored.includes(t)));
  };
  const covered = (s: Pick<Sentence, 'content' | 'spans' | 'literals'>) =>
    candidates(s).some((e) => !e.removed && (restates(s, e) || e.clauses.some((c) => restates(s, c))));

  const table = tableLines(lines);
  lines.forEach((line, li) => {
    if (table.has(li)) return;
    const prefix = LINE_PREFIX.exec(line)![0];
    const body = line.slice(prefix.length);
    for (const [a, b] of sentences(body)) {
      const raw = body.slice(a, b);
      const key = sentenceKey(raw, canonical);
      // Words are counted with the spans written back ("must never share" is three).
      const words = wordCount(sentenceKey(raw, spanText));
      // The lead-in ("Again, ") is no clause of its own.
      const parts = raw
        .trimStart()
        .replace(LEAD_IN_ANY_CASE, '')
        .split(CLAUSE)
        .filter((c) => /[\p{L}\uE000\uE002]/u.test(c));
      const clauses = parts.length >= 2 ? parts.map(analyse) : [];
      // A clause after a condition ("If the customer is angry, stay calm and apologize") is bound by it: it
      // covers nothing on its own.
      const free = clauses.findIndex((c) => [...c.content].some((w) => CONDITIONS.has(w)) || c.spans.some((t) => /^(?:only|unless|except|without)\b/.test(t)));
      const coverers = free < 0 ? clauses : clauses.slice(0, free + 1);
      const s: Sentence = { line: li, start: prefix.length + a, end: prefix.length + b, key, words, ...analyse(raw), clauses: coverers, removed: false };
      all.push(s);
      const size = s.content.size + s.spans.length;
      // A label introducing what follows ("First notice of loss:", "Customer message: {message}") is structure,
      // not a statement: it is never taken for a restatement (an exact repeat of a whole statement aside).
      // ("Remember:", "Important:" and the like open a statement instead.)
      const label =
        /:[ \t]*$/.test(raw) ||
        (/^[ \t]*(?:\*\*)?[\p{L}][\p{L}\p{N} _'’()-]{0,40}(?:\*\*)?:/u.test(raw) &&
          !/^[ \t]*(?:\*\*)?(?:remember|reminder|note|again|important|importantly|warning|caution|tip)\b/i.test(raw));
      const prose = s.content.size >= 2 && !label;
      if (words >= MIN_WORDS && !/:[ \t]*$/.test(raw) && seen.has(key)) s.removed = true;
      else if (prose && size >= MIN_CONTENT && covered(s)) s.removed = true;
      else if (prose) {
        // A recap: clauses, each said before.
        if (clauses.length >= 2 && clauses.every((c) => c.content.size + c.spans.length >= 2 && covered(c))) s.removed = true;
      }
      if (s.removed) continue;
      if (words >= MIN_WORDS) seen.add(key);
      kept.push(s);
      for (const w of s.content) {
        const list = index.get(w);
        if (list) list.push(s);
        else index.set(w, [s]);
      }
    }
  });

  // Rebuild the lines; a line whose every sentence went goes entirely.
  const dropped = new Array<boolean>(lines.length).fill(false);
  const out = [...lines];
  const byLine = new Map<number, Sentence[]>();
  for (const s of all) byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
  for (const [li, list] of byLine) {
    if (!list.some((s) => s.removed)) continue;
    if (list.every((s) => s.removed)) {
      dropped[li] = true;
      continue;
    }
    const line = lines[li]!;
    let rebuilt = line.slice(0, list[0]!.start);
    for (const s of list) if (!s.removed) rebuilt += line.slice(s.start, s.end);
    out[li] = rebuilt.replace(/[ \t]+$/, '');
  }
  const blank = (i: number) => lines[i]!.trim() === '';
  const quoteOnly = (i: number) => /^[ \t]*(?:>[ \t]?)+$/.test(lines[i]!);
  for (let i = 0; i < lines.length; i++) {
    // A short heading ending in ":" whose whole list went.
    if (!dropped[i] && /^[ \t]*(?:#+[ \t]*)?[^:\n]{1,40}:[ \t]*$/.test(lines[i]!) && wordCount(lines[i]!) <= 5) {
      let j = i + 1;
      while (j < lines.length && !blank(j) && dropped[j]) j++;
      if (j > i + 1 && (j === lines.length || blank(j))) dropped[i] = true;
    }
  }
  for (let i = 0; i < lines.length; i++) {
    // An empty quote line between quoted lines that went.
    if (!quoteOnly(i)) continue;
    let p = i - 1;
    while (p >= 0 && quoteOnly(p)) p--;
    let n = i + 1;
    while (n < lines.length && quoteOnly(n)) n++;
    if ((p < 0 || dropped[p]) && (n >= lines.length || dropped[n] || !/^[ \t]*>/.test(lines[n]!))) dropped[i] = true;
  }
  return out.filter((_, i) => !dropped[i]).join('\n');
}
