import { SENTINEL, spanOf, type Masked } from '../spans.js';

/**
 * Few-shot example pruning (`--keep-examples N`): keeps the first N examples and removes the rest, whole.
 * Examples are recognized as `<example>…</example>` blocks (also <sample>), blocks headed "Example N" (to the
 * next example or the first blank line not followed by a "Field:" line), and question/answer pairs
 * ("Q:"/"A:", "Input:"/"Output:", "User:"/"Assistant:" …) whose answer is not empty. The query left for the
 * model (a pair with an empty answer, such as "Q: {question}\nA:") is not an example and always stays.
 */

interface Range {
  start: number;
  end: number;
}

const OPEN_TAG = /^<(example|sample|shot)\b[^>]*>$/i;
const CLOSE_TAG = /^<\/(example|sample|shot)>$/i;

function xmlExamples(text: string, masked: Pick<Masked, 'spans'>): Range[] {
  const out: Range[] = [];
  let open: number | null = null;
  for (const m of text.matchAll(SENTINEL)) {
    const t = spanOf(m[0], masked);
    if (OPEN_TAG.test(t)) open = m.index;
    else if (CLOSE_TAG.test(t) && open !== null) {
      out.push({ start: open, end: m.index + m[0].length });
      open = null;
    }
  }
  return out;
}

const HEADER = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?example\b[^\n]*$/i;
const FIELD = /^[ \t]*[\p{L}][\p{L} _-]{0,24}:/u;
const QUESTION = /^[ \t]*(?:q|question|input|user|human|customer|review|text|sentence|ticket|query)[ \t]*:/i;
const ANSWER = /^[ \t]*(?:a|answer|output|assistant|ai|bot|sentiment|label|category|response|result)[ \t]*:(.*)$/i;

/** Character offsets of each line start. */
function lineStarts(lines: string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  return starts;
}

function lineExamples(text: string, taken: Range[]): Range[] {
  const lines = text.split('\n');
  const starts = lineStarts(lines);
  const inTaken = (i: number) => taken.some((r) => starts[i]! >= r.start && starts[i]! < r.end);
  const out: Range[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (inTaken(i)) continue;
    const line = lines[i]!;
    if (HEADER.test(line)) {
      let j = i + 1;
      // "### Example 1", a blank line, then the example's fields.
      if (j + 1 < lines.length && lines[j]!.trim() === '' && FIELD.test(lines[j + 1]!)) j++;
      while (j < lines.length && lines[j]!.trim() !== '' && !HEADER.test(lines[j]!)) j++;
      out.push({ start: starts[i]!, end: starts[j - 1]! + lines[j - 1]!.length });
      i = j - 1;
    } else if (QUESTION.test(line) && i + 1 < lines.length) {
      const answer = ANSWER.exec(lines[i + 1]!);
      if (answer && answer[1]!.trim() !== '') {
        out.push({ start: starts[i]!, end: starts[i + 1]! + lines[i + 1]!.length });
        i++;
      }
    }
  }
  return out;
}

/** The examples of a masked text, in order. */
export function findExamples(text: string, masked: Pick<Masked, 'spans'>): Range[] {
  const xml = xmlExamples(text, masked);
  return [...xml, ...lineExamples(text, xml)].sort((a, b) => a.start - b.start);
}

export function pruneExamples(text: string, masked: Pick<Masked, 'spans'>, keep: number): string {
  const drop = findExamples(text, masked).slice(keep);
  let out = '';
  let at = 0;
  for (const r of drop) {
    // The example goes with the line break and one blank line after it.
    let end = r.end;
    const after = /^[ \t]*\n(?:[ \t]*\n)?/.exec(text.slice(end));
    if (after) end += after[0].length;
    out += text.slice(at, r.start);
    at = end;
  }
  return out + text.slice(at);
}
