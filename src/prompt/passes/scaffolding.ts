import { isMeaningWord } from '../meaning.js';
import { SENTINEL_SOURCE, spanOf, type Masked } from '../spans.js';

/**
 * Few-shot scaffolding. (1) The numbered headers of few-shot examples ("Example 1:", "### Example 2",
 * "**Example 3**") go when they only number them: there are at least two, each is followed by the example's own
 * labelled fields ("Review:", "Customer message:", "Input:", an XML tag), the text says elsewhere that these are
 * examples ("Here are some examples…"), and nothing refers to an example by its number ("as in Example 2").
 * The examples themselves and the blank lines between them stay, so the pattern the model follows is the same.
 * (2) A label of several words that starts at least three lines ("Customer message:", the query line included)
 * is shortened to its last word ("Message:") everywhere at once, when that word labels nothing else and the
 * text never mentions the label in a sentence (where the shorter word would no longer match it).
 * (3) A heading that introduces the examples by naming their labels ("Examples of customer messages and the
 * correct output for each:" before "Customer message: …" / "Correct output: …") says nothing the labels do
 * not, and becomes "Examples:": every word of what it names must be a word of a label that starts at least
 * two lines of what follows, and it holds no protected span nor meaning word.
 */
const NUMBER = `(?:\\d+|${SENTINEL_SOURCE}|[ivx]+)`;
const HEADER = new RegExp(`^[ \\t]*(?:#{1,6}[ \\t]*)?(?:\\*\\*)?(?:example|sample)[ \\t]*#?${NUMBER}[ \\t]*(?:\\*\\*)?[:.]?[ \\t]*(?:\\*\\*)?[ \\t]*$`, 'iu');
const FIELD = /^[ \t]*(?:\*\*)?[\p{L}][\p{L} _'’-]{0,30}(?:\*\*)?:|^[ \t]*[\uE000\uE002]/u;
const REFERENCE = new RegExp(`\\bexamples?[ \\t]+(?:#|no\\.?[ \\t]*)?${NUMBER}`, 'iu');

const LABEL = /^([ \t]*(?:[-*+][ \t]+)?(?:\*\*)?)([\p{L}][\p{L}'’-]*(?: [\p{L}][\p{L}'’-]*){1,3})((?:\*\*)?:)/u;

function shortenLabels(text: string): string {
  const lines = text.split('\n');
  const uses = new Map<string, number>();
  const labelAt = lines.map((l) => LABEL.exec(l));
  for (const m of labelAt) if (m) uses.set(m[2]!, (uses.get(m[2]!) ?? 0) + 1);
  const single = new Set(
    lines.map((l) => /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?([\p{L}][\p{L}'’-]*)(?:\*\*)?:/u.exec(l)?.[1]?.toLowerCase()).filter((w) => w !== undefined),
  );
  const heads = new Map<string, string[]>();
  for (const [label, n] of uses) {
    if (n < 3) continue;
    const head = label.slice(label.lastIndexOf(' ') + 1);
    heads.set(head.toLowerCase(), [...(heads.get(head.toLowerCase()) ?? []), label]);
  }
  const rename = new Map<string, string>();
  for (const [head, labels] of heads) {
    if (labels.length !== 1 || single.has(head)) continue;
    const label = labels[0]!;
    // Mentioned in a sentence ("the customer message below"): the shorter label would not match the mention.
    const mention = new RegExp(`\\b${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'iu');
    if (lines.some((l, i) => mention.test(labelAt[i]?.[2] === label ? l.slice(labelAt[i]![0].length) : l))) continue;
    const word = label.slice(label.lastIndexOf(' ') + 1);
    rename.set(label, word[0]!.toUpperCase() + word.slice(1));
  }
  if (rename.size === 0) return text;
  return lines
    .map((l, i) => {
      const m = labelAt[i];
      const to = m ? rename.get(m[2]!) : undefined;
      return m && to ? m[1] + to + m[3] + l.slice(m[0].length) : l;
    })
    .join('\n');
}

export function trimScaffolding(text: string, masked: Pick<Masked, 'spans'>): string {
  // The heading goes before labels are shortened: once it no longer names a label, that label may shorten.
  return shortenLabels(shortenExampleHeadings(dropHeaders(text, masked)));
}

/** "Examples of …:" alone on its line (after a heading's #s), with what it names. */
const EXAMPLES_HEADING = /^([ \t]*(?:#{1,6}[ \t]+)?)(examples?)[ \t]+(?:of|for)[ \t]+([\p{L}'’ -]{1,100}?)[ \t]*:[ \t]*$/iu;
/** Words of a heading that name no label: articles, possessives, "and", "for each (of them)". */
const LINKING = new Set(['and', 'the', 'a', 'an', 'their', 'its', 'your', 'for', 'each', 'one', 'of', 'them', 'with']);
/** A label that starts a line (after a list marker or bold). */
const LINE_LABEL = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?([\p{L}][\p{L}'’ -]{0,30}?)(?:\*\*)?:/u;

/** True when a phrase holds a negation or modal word (README "Never changed"). */
const isMeaningWordIn = (phrase: string) => phrase.split(/[^\p{L}'’]+/u).some((w) => w !== '' && isMeaningWord(w));

/** A word and its plural or singular match ("messages" names "Message:"). */
const sameWord = (a: string, b: string) => a === b || a === `${b}s` || b === `${a}s`;

function shortenExampleHeadings(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const m = EXAMPLES_HEADING.exec(lines[i]!);
    if (!m || isMeaningWordIn(m[3]!)) continue;
    // The labels of what follows the heading: those starting 2+ lines.
    const counts = new Map<string, number>();
    for (const l of lines.slice(i + 1)) {
      const label = LINE_LABEL.exec(l)?.[1]?.toLowerCase();
      if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const labelWords = [...counts].filter(([, n]) => n >= 2).flatMap(([label]) => label.split(/[ \t]+/));
    const named = m[3]!
      .toLowerCase()
      .split(/[ \t]+/)
      .filter((w) => !LINKING.has(w));
    if (named.length === 0 || !named.every((w) => labelWords.some((l) => sameWord(w, l)))) continue;
    // The examples must come next: the first line after the heading (past a blank one) is one of those labels.
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    const nextLabel = next === undefined ? undefined : LINE_LABEL.exec(next)?.[1]?.toLowerCase();
    if (nextLabel === undefined || (counts.get(nextLabel) ?? 0) < 2) continue;
    lines[i] = `${m[1]}${m[2]![0]!.toUpperCase()}${m[2]!.slice(1).toLowerCase()}:`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

function dropHeaders(text: string, masked: Pick<Masked, 'spans'>): string {
  const lines = text.split('\n');
  const numbered = (line: string) => {
    if (!HEADER.test(line)) return false;
    // A sentinel in the header must be a plain number ("1"), not some other span.
    const s = new RegExp(SENTINEL_SOURCE).exec(line);
    return s === null || /^\d+$/.test(spanOf(s[0], masked));
  };
  const headers: number[] = [];
  lines.forEach((l, i) => {
    if (!numbered(l)) return;
    let j = i + 1;
    if (j < lines.length && lines[j]!.trim() === '') j++;
    if (j < lines.length && FIELD.test(lines[j]!)) headers.push(i);
  });
  // Each example after the first must stand apart (a blank line before its header) once the header is gone.
  if (headers.length < 2 || headers.slice(1).some((i) => lines[i - 1]!.trim() !== '')) return text;
  const others = lines.filter((_l, i) => !headers.includes(i));
  const plain = others.map((l) => l.replace(new RegExp(SENTINEL_SOURCE, 'g'), (s) => spanOf(s, masked))).join('\n');
  if (!/\bexamples?\b/i.test(plain) || REFERENCE.test(plain)) return text;
  const drop = new Set<number>();
  for (const i of headers) {
    drop.add(i);
    // "### Example 1", a blank line, then the fields: the blank line goes with the header.
    if (i + 1 < lines.length && lines[i + 1]!.trim() === '' && i > 0 && lines[i - 1]!.trim() === '') drop.add(i + 1);
  }
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}
