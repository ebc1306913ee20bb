import { chatMessagesOf } from '../tokens/chat-messages.js';

/**
 * A list of spans that must survive a compression (the corpus in fixtures/prompt-spans/spans.json gives one per
 * prompt): each entry is text of the input that the output must hold byte for byte, but for a capital first
 * letter where a sentence now starts. "a … b" stands for two pieces of the input, in order, that the output
 * must hold joined by one space or by what stood between them ("never** invent" → "never invent").
 */

/** The text a span list is checked against: a chat-message file's message texts, anything else as it is. */
export function spanText(file: string): string {
  try {
    const messages = chatMessagesOf(JSON.parse(file));
    if (messages !== null)
      return messages.map((m) => (typeof (m as { content?: unknown }).content === 'string' ? (m as { content: string }).content : '')).join('\n');
  } catch {
    // not JSON
  }
  return file;
}

function holds(text: string, piece: string): boolean {
  if (text.includes(piece)) return true;
  const first = piece.charAt(0);
  const other = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  return text.includes(other + piece.slice(1));
}

/** The entries of `list` that `output` does not hold (an entry `input` does not hold is reported too). */
export function missingSpans(input: string, output: string, list: readonly string[]): string[] {
  const before = spanText(input);
  const after = spanText(output);
  return list.filter((entry) => {
    const parts = entry.split(' … ');
    if (parts.length === 1) return !before.includes(entry) || !holds(after, entry);
    // The pieces in order in the input, and what stood between them.
    let at = 0;
    const gaps: string[] = [];
    for (const [k, part] of parts.entries()) {
      const i = before.indexOf(part, at);
      if (i < 0) return true;
      if (k > 0) gaps.push(before.slice(at, i));
      at = i + part.length;
    }
    const joined = (sep: (k: number) => string) => parts.map((p, k) => (k === 0 ? p : sep(k - 1) + p)).join('');
    return (
      !holds(
        after,
        joined(() => ' '),
      ) &&
      !holds(
        after,
        joined((k) => gaps[k]!),
      )
    );
  });
}
